import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The demo app's own bundler: the trace under test comes from the real agent, not a fixture.
// @ts-expect-error: a plain .mjs build script without type declarations
import { bundleDemo, makeTestBuildDir } from '../../../apps/demo-agent/scripts/bundle-demo.mjs';
// @ts-expect-error: a plain .mjs build script without type declarations
import { buildDemoMcpServer } from '../../../apps/demo-agent/mcp-server/build.mjs';
import { OtlpTestReceiver } from '@zeph/telemetry-core/testing/otlp-receiver';
import { streamTraceEvents } from './event-stream.js';
import { runCli } from './cli.js';

const run = promisify(execFile);

let buildDir: string;
let work: string;
let traceFile: string;
let traceDir: string;
// Seven scripted turns: the third calls two tools of the demo's MCP server (a child process) at once,
// and the fourth's plan calls one more.
const TURNS = 7;

beforeAll(async () => {
  // Inside the app's dist/ so the bundle finds the app's skills and policy.
  buildDir = makeTestBuildDir('trace-cli-test-');
  work = mkdtempSync(join(tmpdir(), 'zeph-trace-demo-'));
  const bundle = join(buildDir, 'demo-agent.mjs');
  await bundleDemo({ outfile: bundle, features: 'profiling' });
  // Beside the bundle, so the demo starts this one: a profiling server that writes its own trace.
  await buildDemoMcpServer({ outfile: join(buildDir, 'mcp-server.mjs'), env: { ZEPH_FEATURES: 'profiling' } });
  traceDir = join(work, 'traces');
  const { stdout } = await run(process.execPath, [bundle, '--turns', String(TURNS), '--data-dir', join(work, 'data')], {
    cwd: work,
    env: { ...process.env, ZEPH_TELEMETRY_TRACE_DIR: traceDir },
    timeout: 90_000,
  });
  // The demo's MCP server writes its own trace beside the agent's; the agent prints which is its.
  traceFile = /^trace file: (.+)$/m.exec(stdout)?.[1] ?? '';
  expect(readdirSync(traceDir)).toContain(traceFile.split('/').pop());
}, 120_000);

afterAll(() => {
  rmSync(buildDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: () => {} }, { waitForever: false });
  return { code, out: out.join('\n') };
}

describe('zeph-trace on a demo agent trace', () => {
  it('validates it against the instrumentation map and summarises its turns', async () => {
    const validation = await cli('validate', traceFile);
    expect(validation.out).toMatch(/^ok: \d+ events$/m);
    expect(validation.code).toBe(0);
    const summary = JSON.parse((await cli('summary', traceFile, '--json')).out);
    expect(summary.turnCount).toBe(TURNS);
    const shares = Object.values(summary.turnShareBySubsystem as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(shares).toBeGreaterThan(0.9);
    expect(shares).toBeLessThanOrEqual(1.0001);
  });

  it('diffs against itself with every span name matched and nothing slower', async () => {
    const { code, out } = await cli('diff', traceFile, traceFile, '--json', '--fail-above', '0', '--min-ms', '0');
    expect(code).toBe(0);
    const diff = JSON.parse(out);
    expect(diff).toMatchObject({ perTurn: true, turnsBefore: TURNS, turnsAfter: TURNS, regressions: [] });
    expect(diff.spans.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(['agent.turn', 'llm.chat']));
    for (const span of diff.spans) {
      expect(span.status).toBe('both');
      expect([0, null]).toContain(span.p50Change); // null: a median of 0 µs has no relative change
    }
  });

  it('pushes every span of it over OTLP with its parent links intact', async () => {
    const receiver = await OtlpTestReceiver.start();
    process.env.ZEPH_OTEL_HEADERS = '{}';
    try {
      const { code } = await cli('push', traceFile, '--endpoint', receiver.endpoint);
      expect(code).toBe(0);
      let recorded = 0;
      await streamTraceEvents(traceFile, (e) => {
        if (e.ph === 'X' && typeof (e.args as { span_id?: unknown })?.span_id === 'string') recorded++;
      });
      expect(receiver.spans.length).toBe(recorded);
      const ids = new Set(receiver.spans.map((s) => s.spanId));
      for (const span of receiver.spans) if (span.parentSpanId) expect(ids.has(span.parentSpanId), `${span.name}'s parent`).toBe(true);
      expect(receiver.spans.filter((s) => s.name === 'agent.turn')).toHaveLength(TURNS);
      expect(receiver.spans[0].resource['service.name']).toBe('zeph-agent');
      // The LLM client's HTTP request is a client span in the agent; the kind survives the file.
      expect(receiver.spans.find((s) => s.name === 'llm.http_request')?.kind).toBe(3);
    } finally {
      delete process.env.ZEPH_OTEL_HEADERS;
      await receiver.close();
    }
  });

  it('merges with its MCP server\'s trace, an arrow from each tool call to the server\'s handling of it', async () => {
    const serverFile = readdirSync(traceDir).find((f) => /-mcp_/.test(f));
    expect(serverFile).toBeDefined();
    const merged = join(work, 'merged.json');
    const { code, out } = await cli('merge', merged, traceFile, join(traceDir, serverFile!));
    expect(code).toBe(0);
    expect(out).toMatch(/flow arrows: [1-9]\d* from a parent span in another file/);
    expect((await cli('validate', merged)).code).toBe(0);

    type Event = { ph: string; name: string; id?: number; bp?: string; pid: number; tid: number; ts: number; args?: { span_id?: string; parent_span_id?: string } };
    const events: Event[] = [];
    await streamTraceEvents(merged, (e) => events.push(e as Event));
    const starts = new Map(events.filter((e) => e.ph === 's').map((e) => [e.id, e]));
    const ends = new Map(events.filter((e) => e.ph === 'f').map((e) => [e.id, e]));
    const calls = new Map(events.filter((e) => e.name === 'mcp.call_tool').map((e) => [e.args?.span_id, e]));
    const handled = events.filter((e) => e.name === 'mcp.server.call_tool');
    expect(handled).toHaveLength(3);
    for (const server of handled) {
      const client = calls.get(server.args?.parent_span_id);
      expect(client, 'the server span\'s parent is a tool call of the agent').toBeDefined();
      const arrow = [...ends.values()].find((f) => f.pid === server.pid && f.tid === server.tid && f.ts === server.ts);
      expect(arrow).toMatchObject({ bp: 'e', name: 'trace context' });
      expect(starts.get(arrow!.id)).toMatchObject({ pid: client!.pid, tid: client!.tid, ts: client!.ts, name: 'trace context' });
    }
  });

  // Real Debian chromium draws the demo trace in the offline viewer.
  it('is drawn by the viewer in headless chromium', async () => {
    const png = join(work, 'demo.png');
    const { code, out } = await cli('view', traceFile, '--screenshot', png);
    expect(code).toBe(0);
    const drawn = Number(/\((\d+) chart pixels drawn\)/.exec(out)?.[1]);
    expect(drawn).toBeGreaterThan(1000);
    expect(statSync(png).size).toBeGreaterThan(5000);
  }, 60_000);
});
