import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_SPANS, withSpan } from '@zeph/telemetry-core';
import { startTestTelemetry } from '@zeph/telemetry-core/testing';
import { GEN_AI_ATTRIBUTES, LLM_SPANS } from '@zeph/telemetry-llm/spans';
import { TOOL_ATTRIBUTES, TOOL_SPANS } from '@zeph/telemetry-tools/spans';
import { afterEach, describe, expect, it } from 'vitest';
import { httpBehaviorSink } from './behavior/behavior-sinks.js';
import type { BehaviorEvent } from './behavior/behavior-event.js';
import { headPathOf } from './ledger/ledger-writer.js';
import { generateSigningKey } from './ledger/signing-key.js';
import { verifyLedger } from './ledger/verify-ledger.js';
import { createToolCallGuard } from './policy/policy-guard.js';
import { parsePolicy } from './policy/load-policy.js';
import { createProvenanceLayerWith } from './provenance-layer.js';

// A loopback collector of behavioral events; `failFirst` answers 503 to that many requests.
async function startCollector(failFirst = 0) {
  const batches: BehaviorEvent[][] = [];
  let requests = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (++requests <= failFirst) return void res.writeHead(503).end();
    batches.push(JSON.parse(Buffer.concat(chunks).toString()).events);
    res.writeHead(204).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`, batches, requests: () => requests };
}

const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

const policy = parsePolicy(
  'version = 1\n[[rules]]\nid = "no-rm"\ntool = "shell"\nparam = "command"\ntype = "denyList"\nvalues = ["rm"]\nseverity = "critical"\n',
  'policy.toml',
);

async function runTurn(guard: ReturnType<typeof createToolCallGuard>, layer: ReturnType<typeof createProvenanceLayerWith>, command: string) {
  await withSpan(AGENT_SPANS.turn, async () => {
    withSpan(LLM_SPANS.chat, (s) => s.setAttributes({ [GEN_AI_ATTRIBUTES.usageInputTokens]: 12, [GEN_AI_ATTRIBUTES.usageOutputTokens]: 30 }));
    const output = withSpan(TOOL_SPANS.executeCall, (span) => {
      span.setAttributes({ [TOOL_ATTRIBUTES.genAiToolName]: 'shell', [TOOL_ATTRIBUTES.genAiToolCallId]: 'call_1', 'zeph.arg.command': command, 'zeph.arg.api_key': '[REDACTED]' });
      const decision = guard('shell', { command });
      const result = decision.verdict === 'deny' ? 'denied' : `ran ${command}`;
      layer.recordToolCall({ tool: 'shell', params: { command }, output: result, verdict: decision.verdict });
      return result;
    });
    layer.recordTurn({ context: 'history', prompt: `please ${command}`, output });
  });
}

describe('provenance layer', () => {
  it('derives behavioral events from spans, signs a ledger and retries delivery', async () => {
    const collector = await startCollector(1);
    servers.push(collector.server);
    const ledgerPath = join(mkdtempSync(join(tmpdir(), 'zeph-prov-')), 'ledger.jsonl');
    const key = generateSigningKey();
    const layer = createProvenanceLayerWith(
      { agentId: 'demo', ledger: { path: ledgerPath, key }, behavior: { sink: httpBehaviorSink(collector.url), batching: { baseBackoffMs: 10 } } },
      true,
    );
    const telemetry = await startTestTelemetry({ layers: [layer] });
    const guard = createToolCallGuard(policy);
    await runTurn(guard, layer, 'ls');
    await runTurn(guard, layer, 'rm');
    await telemetry.shutdown();

    const events = collector.batches.flat();
    expect(collector.requests()).toBeGreaterThanOrEqual(2); // the first answer was a 503
    expect(events.map((e) => e.type)).toEqual(['session_start', 'tool_call', 'response', 'tool_call', 'response', 'session_end']);
    const [, okCall, firstResponse, deniedCall] = events;
    expect(okCall).toMatchObject({ tool: 'shell', outcome: 'success', params: { command: 'ls', api_key: '[REDACTED]' }, agentId: 'demo' });
    expect(deniedCall).toMatchObject({ outcome: 'denied', metadata: { policy_verdict: 'deny' } });
    expect(firstResponse).toMatchObject({ type: 'response', tokenCount: 42, outcome: 'success' });
    expect(firstResponse.metadata?.ledger_seq).toBe(2);
    for (const e of events) {
      for (const v of Object.values({ ...e.params, ...e.metadata })) expect(['string', 'number', 'boolean']).toContain(v === null ? 'string' : typeof v);
    }

    const text = readFileSync(ledgerPath, 'utf8');
    const head = JSON.parse(readFileSync(headPathOf(ledgerPath), 'utf8'));
    expect(verifyLedger(text, key.publicKey, key.keyId, head)).toMatchObject({ ok: true, entries: 4 });
    const kinds = text.trim().split('\n').map((l) => JSON.parse(l).envelope);
    expect(kinds.map((e: { kind: string; verdict?: string }) => `${e.kind}:${e.verdict ?? ''}`)).toEqual(['tool_call:allow', 'turn:', 'tool_call:deny', 'turn:']);
    expect(text).not.toContain('please rm');
  });

  it('never blocks or throws when the event endpoint is down, and counts drops', async () => {
    const collector = await startCollector();
    collector.server.close();
    const layer = createProvenanceLayerWith({ agentId: 'demo', behavior: { sink: httpBehaviorSink(collector.url, { timeoutMs: 300 }), batching: { attempts: 2, baseBackoffMs: 5, maxBuffered: 10 } } }, true);
    const telemetry = await startTestTelemetry({ layers: [layer] });
    const guard = createToolCallGuard(policy);
    for (let i = 0; i < 20; i++) await runTurn(guard, layer, 'ls');
    await telemetry.shutdown();
    expect(layer.behaviorStats.delivered).toBe(0);
    expect(layer.behaviorStats.dropped).toBe(1 + 40 + 1); // every event, none lost silently
  });
});
