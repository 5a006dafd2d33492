// Runs the built demo as a child process (profiling build, three scripted turns, trace_dir in a temp
// zeph.toml) and validates the Chrome trace it writes; then runs it with telemetry off.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AGENT_SPANS } from '@zeph/telemetry-core';
import { LLM_ATTRIBUTES, LLM_SPANS } from '@zeph/telemetry-llm/spans';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs build script without type declarations
import { bundleDemo, makeTestBuildDir } from '../scripts/bundle-demo.mjs';
// @ts-expect-error plain .mjs build script without type declarations
import { buildDemoMcpServer } from '../mcp-server/build.mjs';

const run = promisify(execFile);
const APP_ROOT = fileURLToPath(new URL('..', import.meta.url));

interface TraceEvent {
  name: string;
  ph: string;
  ts?: number;
  dur?: number;
  pid?: number;
  tid?: number;
  args?: Record<string, unknown>;
}

let work: string;
let buildDir: string;
let demo: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'zeph-demo-trace-'));
  // Inside the app folder: the demo finds its skills, policy and MCP server bundle from there.
  mkdirSync(join(APP_ROOT, 'dist'), { recursive: true });
  buildDir = makeTestBuildDir('test-build-');
  demo = join(buildDir, 'demo-agent.mjs');
  await bundleDemo({ outfile: demo, features: 'profiling' });
  if (!existsSync(join(APP_ROOT, 'dist', 'mcp-server.mjs'))) await buildDemoMcpServer({ env: { ZEPH_FEATURES: 'profiling' } });
}, 120_000);
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(buildDir, { recursive: true, force: true });
});

async function runDemo(name: string, env: Record<string, string> = {}): Promise<{ stdout: string; traceDir: string }> {
  const dir = join(work, name);
  mkdirSync(dir);
  const traceDir = join(dir, 'traces');
  writeFileSync(join(dir, 'zeph.toml'), `[telemetry]\nenabled = true\nbackend = "local"\ntrace_dir = ${JSON.stringify(traceDir)}\n`);
  const { stdout } = await run(process.execPath, [demo, '--turns', '3', '--config', join(dir, 'zeph.toml'), '--data-dir', join(dir, 'data')], {
    cwd: dir,
    env: { ...process.env, ZEPH_FEATURES: '', ZEPH_PYROSCOPE_ENDPOINT: '', ...env },
    timeout: 90_000,
  });
  return { stdout, traceDir };
}

/** Complete events on each pid/tid lane must be disjoint or properly nested; returns the violations. */
function laneNestingViolations(events: readonly TraceEvent[]): string[] {
  const lanes = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X') continue;
    const key = `${e.pid}/${e.tid}`;
    lanes.set(key, [...(lanes.get(key) ?? []), e]);
  }
  const problems: string[] = [];
  for (const [lane, list] of lanes) {
    list.sort((a, b) => a.ts! - b.ts! || b.dur! - a.dur!);
    const open: TraceEvent[] = [];
    for (const e of list) {
      while (open.length > 0 && open[open.length - 1].ts! + open[open.length - 1].dur! <= e.ts!) open.pop();
      const parent = open[open.length - 1];
      if (parent && e.ts! + e.dur! > parent.ts! + parent.dur!) problems.push(`lane ${lane}: ${e.name} at ${e.ts} overlaps ${parent.name} at ${parent.ts}`);
      open.push(e);
    }
  }
  return problems;
}

describe('the built demo writes a valid Chrome trace', () => {
  let stdout: string;
  let traceFile: string;
  let events: TraceEvent[];

  beforeAll(async () => {
    const result = await runDemo('on');
    stdout = result.stdout;
    const named = /trace file: (\S+\.json)/.exec(stdout)?.[1];
    if (!named) throw new Error(`the demo printed no trace file path:\n${stdout}`);
    traceFile = named;
    events = JSON.parse(readFileSync(traceFile, 'utf8')) as TraceEvent[];
  }, 120_000);

  it('prints the trace path under trace_dir, named {session}_{timestamp}.json, and a per-span summary', () => {
    expect(traceFile.startsWith(join(work, 'on', 'traces'))).toBe(true);
    expect(basename(traceFile)).toMatch(/^[0-9a-f]+_\d{8}T\d{6}\.\d{3}Z\.json$/);
    const session = /session (\S+),/.exec(stdout)?.[1];
    expect(basename(traceFile).startsWith(`${session}_`)).toBe(true);
    expect(stdout).toMatch(/agent\.turn\s+3\s+[\d.]+\s+[\d.]+/);
  });

  it('parses as a closed JSON array whose span events carry name, ph, ts, dur, pid and tid', () => {
    expect(Array.isArray(events)).toBe(true);
    const spans = events.filter((e) => e.ph === 'X');
    expect(spans.length).toBeGreaterThan(20);
    for (const e of spans) {
      expect(typeof e.name, JSON.stringify(e)).toBe('string');
      for (const field of ['ts', 'dur', 'pid', 'tid'] as const) expect(Number.isFinite(e[field]), `${field} of ${e.name}`).toBe(true);
      expect(e.dur).toBeGreaterThanOrEqual(0);
    }
    const lanes = new Set(spans.map((e) => `${e.pid}/${e.tid}`));
    const named = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => `${e.pid}/${e.tid}`));
    for (const lane of lanes) expect(named.has(lane), `thread_name for lane ${lane}`).toBe(true);
  });

  it('nests properly on every lane', () => {
    expect(laneNestingViolations(events)).toEqual([]);
  });

  it('has three turns, each with prescreen, context, llm.chat (provider attribute) and response processing inside it', () => {
    const spans = events.filter((e) => e.ph === 'X');
    const byId = new Map(spans.map((e) => [e.args?.span_id as string, e]));
    const turnOf = (e: TraceEvent): TraceEvent | undefined => {
      for (let p = byId.get(e.args?.parent_span_id as string); p; p = byId.get(p.args?.parent_span_id as string)) if (p.name === AGENT_SPANS.turn) return p;
      return undefined;
    };
    const turns = spans.filter((e) => e.name === AGENT_SPANS.turn);
    expect(turns).toHaveLength(3);
    for (const name of [AGENT_SPANS.securityPrescreen, AGENT_SPANS.prepareContext, AGENT_SPANS.processResponse, LLM_SPANS.chat]) {
      const found = spans.filter((e) => e.name === name);
      expect(found.length, name).toBeGreaterThanOrEqual(3);
      const turnsCovered = new Set(found.map((e) => turnOf(e)?.args?.span_id));
      expect(turnsCovered.size, `${name} under each agent.turn`).toBe(3);
      expect(turnsCovered.has(undefined), `${name} outside any agent.turn`).toBe(false);
    }
    const chats = spans.filter((e) => e.name === LLM_SPANS.chat);
    for (const chat of chats) expect(chat.args?.[LLM_ATTRIBUTES.provider]).toBe('compatible');
    // The scripted turns ask for tools, so the tool loop runs too.
    expect(spans.some((e) => e.name === AGENT_SPANS.toolLoop)).toBe(true);
  });

  it('draws the two MCP calls of turn 3, run at once in one agent.tool_batch, on two lanes', () => {
    const spans = events.filter((e) => e.ph === 'X');
    const batch = spans.find((e) => e.name === AGENT_SPANS.toolBatch);
    expect(batch?.args?.['zeph.tool_batch.size']).toBe(2);
    expect(batch?.args?.['zeph.tool_batch.concurrent']).toBe(true);
    const inside = (e: TraceEvent) => e.pid === batch!.pid && e.ts! >= batch!.ts! && e.ts! + e.dur! <= batch!.ts! + batch!.dur!;
    const dispatches = spans.filter((e) => e.name === AGENT_SPANS.mcpDispatch && inside(e));
    expect(dispatches).toHaveLength(2);
    // They overlap in time, so a properly nested picture needs one lane each.
    const [a, b] = dispatches.sort((x, y) => x.ts! - y.ts!);
    expect(b.ts!).toBeLessThan(a.ts! + a.dur!);
    expect(a.tid).not.toBe(b.tid);
  });
});

describe('the built demo with telemetry off', () => {
  it('runs the turns and writes no trace file', async () => {
    const { stdout, traceDir } = await runDemo('off', { ZEPH_TELEMETRY_ENABLED: 'false' });
    expect(stdout).toMatch(/zeph> /);
    expect(stdout).not.toMatch(/trace file:/);
    // Neither the agent nor its MCP server child writes a trace.
    expect(existsSync(traceDir) ? readdirSync(traceDir) : []).toEqual([]);
  }, 120_000);
});
