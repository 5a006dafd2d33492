import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_SPANS, CONTEXT_SPANS } from '@zeph/telemetry-core';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { LLM_SPANS } from '@zeph/telemetry-llm';
import { createProvenanceLayer, generateSigningKey, PROVENANCE_ATTRIBUTES, verifyLedger, type ProvenanceLayer } from '@zeph/telemetry-provenance';
import { SKILL_SPANS } from '@zeph/telemetry-skills';
import { TOOL_SPANS } from '@zeph/telemetry-tools';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoAppPaths, findDemoAppRoot } from '../app-paths.js';
import { openDemoAgent, type DemoAgent } from './demo-agent.js';

let dir: string;
let telemetry: TestTelemetry | undefined;
let agent: DemoAgent | undefined;
const key = generateSigningKey();

async function start(): Promise<{ agent: DemoAgent; telemetry: TestTelemetry; provenance: ProvenanceLayer; ledger: string }> {
  const ledger = join(dir, 'ledger.jsonl');
  const provenance = createProvenanceLayer({ agentId: 'test-agent', ledger: { path: ledger, key } });
  telemetry = await startTestTelemetry({ layers: [provenance] });
  agent = await openDemoAgent({
    paths: demoAppPaths(findDemoAppRoot()),
    dataDir: join(dir, 'data'),
    sessionId: 'turn-test',
    traceDir: join(dir, 'traces'),
    telemetryEnabled: true,
    provenance,
    mcp: false,
  });
  return { agent, telemetry, provenance, ledger };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zeph-turn-loop-'));
});
afterEach(async () => {
  await agent?.close();
  agent = undefined;
  await telemetry?.shutdown();
  telemetry = undefined;
  rmSync(dir, { recursive: true, force: true });
});

type FinishedSpan = ReturnType<TestTelemetry['spans']>[number];

const childNames = (t: TestTelemetry, parent: FinishedSpan) =>
  t
    .spans()
    .filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId)
    .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1])
    .map((s) => s.name);

describe('demo turn loop', () => {
  it('nests prescreen, context, llm.chat (compatible), response processing and persistence under agent.turn', async () => {
    const { agent, telemetry: t } = await start();
    const result = await agent.turn('Why is the staging database slow when the billing service runs?', {});
    expect(result.reply).toContain('sql-query');
    expect(result.toolResults).toEqual([]);

    const turn = t.span(AGENT_SPANS.turn);
    expect(turn.attributes['zeph.turn.index']).toBe(1);
    expect(childNames(t, turn)).toEqual([
      AGENT_SPANS.securityPrescreen,
      AGENT_SPANS.prepareContext,
      LLM_SPANS.chat,
      AGENT_SPANS.processResponse,
      AGENT_SPANS.persistMessage,
    ]);
    expect(t.parentOf(t.span(CONTEXT_SPANS.assembly))?.name).toBe(AGENT_SPANS.prepareContext);
    expect(t.parentOf(t.span(SKILL_SPANS.match))?.name).toBe(CONTEXT_SPANS.assembly);
    expect(t.span(LLM_SPANS.chat).attributes['llm.provider']).toBe('compatible');
  });

  it('runs the tool loop when the model asks for a tool, and the model answers from the result', async () => {
    const { agent, telemetry: t } = await start();
    const result = await agent.turn('List the files in the workspace.', {});
    expect(result.llmCalls).toBe(2);
    expect(result.toolResults.map((r) => [r.name, r.ok])).toEqual([['shell', true]]);
    expect(result.toolResults[0].output).toContain('README.md');
    expect(result.reply).toContain('README.md');

    const loop = t.span(AGENT_SPANS.toolLoop);
    expect(t.parentOf(loop)?.name).toBe(AGENT_SPANS.turn);
    expect(childNames(t, loop)).toEqual([AGENT_SPANS.toolExec, LLM_SPANS.chat, AGENT_SPANS.processResponse]);
    expect(t.parentOf(t.span(TOOL_SPANS.execute))?.name).toBe(AGENT_SPANS.toolExec);
    expect(t.parentOf(t.span(TOOL_SPANS.executeCall))?.name).toBe(TOOL_SPANS.execute);
    expect(t.parentOf(t.span(TOOL_SPANS.shell))?.name).toBe(TOOL_SPANS.executeCall);
  });

  it('denies rm by policy: the call does not run, says "denied", and the agent goes on', async () => {
    const { agent, telemetry: t, provenance, ledger } = await start();
    const denied = await agent.turn('Please delete the build folder build with rm.', {});
    expect(denied.toolResults[0].output).toMatch(/^denied: .*no-destructive-shell/);
    expect(denied.reply).toMatch(/denied by policy/);
    expect(readFileSync(join(dir, 'data', 'workspace', 'build', 'output.txt'), 'utf8')).toContain('must not delete');
    const call = t.span(TOOL_SPANS.executeCall);
    expect(call.attributes[PROVENANCE_ATTRIBUTES.policyVerdict]).toBe('deny');
    expect(t.names()).not.toContain(TOOL_SPANS.shell);

    const next = await agent.turn('Search the code for TODO', {});
    expect(next.toolResults[0].ok).toBe(true);
    expect(next.toolResults[0].output).toContain('notes/todo.md');

    await provenance.forceFlush?.();
    const verification = verifyLedger(readFileSync(ledger, 'utf8'), key.publicKey, key.keyId);
    expect(verification.problems).toEqual([]);
    // Two tool calls and two turns, in order.
    expect(verification.entries).toBe(4);
    expect(readFileSync(ledger, 'utf8')).toContain('"verdict":"deny"');
  });

  it('streams an answer through llm.chat_stream, piece by piece', async () => {
    const { agent, telemetry: t } = await start();
    const pieces: string[] = [];
    const result = await agent.turn('How do I read a Chrome trace to see where a slow turn spent its time?', { stream: true, onText: (p) => pieces.push(p) });
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.join('').trim()).toBe(result.reply);
    expect(result.reply).toContain('trace-reading');
    expect(t.parentOf(t.span(LLM_SPANS.chatStream))?.name).toBe(AGENT_SPANS.turn);
  });
});
