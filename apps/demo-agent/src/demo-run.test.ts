// Integration beyond demo-trace.test.ts (which validates the trace file itself): the tool loop, tool
// and MCP spans of a real run, the MCP server continuing the trace, the no-profiling build running
// the same turns, and exit codes for bad input.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AGENT_SPANS, CONTEXT_SPANS } from '@zeph/telemetry-core';
import { readChromeTrace, type ChromeTraceEvent } from '@zeph/telemetry-core/chrome-trace';
import { LLM_SPANS } from '@zeph/telemetry-llm';
import { MEMORY_SPANS } from '@zeph/telemetry-memory';
import { MCP_SPANS } from '@zeph/telemetry-mcp';
import { SKILL_SPANS } from '@zeph/telemetry-skills';
import { TOOL_SPANS } from '@zeph/telemetry-tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { bundleDemo, makeTestBuildDir } from '../scripts/bundle-demo.mjs';

const run = promisify(execFile);
const APP = fileURLToPath(new URL('..', import.meta.url));
const BUILT_DEMO = join(APP, 'dist', 'demo-agent.mjs');

let work: string;
// The no-profiling bundle sits under dist/ so that it finds the app's skills, policy and MCP server.
let noneBuildDir: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'zeph-demo-run-'));
  const { ZEPH_FEATURES: _ignored, ...env } = process.env;
  await run(process.execPath, [join(APP, 'scripts', 'build.mjs')], { cwd: APP, env });
  noneBuildDir = makeTestBuildDir('test-none-');
  await bundleDemo({ outfile: join(noneBuildDir, 'demo-agent.mjs'), features: 'none' });
}, 120_000);
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  if (noneBuildDir) rmSync(noneBuildDir, { recursive: true, force: true });
});

async function runDemo(bundle: string, name: string, args: string[], env: Record<string, string> = {}) {
  const traceDir = join(work, name, 'traces');
  const result = await run(process.execPath, [bundle, ...args, '--data-dir', join(work, name, 'data')], {
    cwd: work,
    env: { ...process.env, ZEPH_TELEMETRY_TRACE_DIR: traceDir, ZEPH_TELEMETRY_SYSTEM_METRICS_INTERVAL_SECS: '1', ...env },
    timeout: 60_000,
  });
  return { ...result, traceDir };
}

describe('the built demo', () => {
  let tracePath: string;
  let events: ChromeTraceEvent[];

  beforeAll(async () => {
    const result = await runDemo(BUILT_DEMO, 'profiling', ['--turns', '3']);
    tracePath = /^trace file: (.+)$/m.exec(result.stdout)?.[1] ?? '';
    const trace = await readChromeTrace(tracePath);
    events = trace.events;
  }, 90_000);

  it('holds the turn loop, context, llm, tool and MCP spans, nested by parent id', () => {
    const spans = events.filter((e) => e.ph === 'X');
    const names = new Set(spans.map((e) => e.name));
    for (const expected of [
      AGENT_SPANS.turn,
      AGENT_SPANS.securityPrescreen,
      AGENT_SPANS.prepareContext,
      AGENT_SPANS.processResponse,
      AGENT_SPANS.toolLoop,
      AGENT_SPANS.toolExec,
      AGENT_SPANS.persistMessage,
      AGENT_SPANS.mcpDispatch,
      CONTEXT_SPANS.assembly,
      LLM_SPANS.chat,
      MEMORY_SPANS.recall,
      SKILL_SPANS.match,
      TOOL_SPANS.execute,
      TOOL_SPANS.executeCall,
      TOOL_SPANS.shell,
      MCP_SPANS.callTool,
    ]) {
      expect(names, expected).toContain(expected);
    }
    expect(spans.filter((e) => e.name === AGENT_SPANS.turn)).toHaveLength(3);
    const byId = new Map(spans.map((e) => [e.args!.span_id as string, e]));
    const parentName = (e: ChromeTraceEvent) => byId.get(e.args!.parent_span_id as string)?.name;
    for (const e of spans.filter((x) => x.name === AGENT_SPANS.prepareContext || x.name === AGENT_SPANS.securityPrescreen)) {
      expect(parentName(e)).toBe(AGENT_SPANS.turn);
    }
    for (const e of spans.filter((x) => x.name === CONTEXT_SPANS.assembly)) expect(parentName(e)).toBe(AGENT_SPANS.prepareContext);
    for (const e of spans.filter((x) => x.name === TOOL_SPANS.executeCall)) expect(parentName(e)).toBe(TOOL_SPANS.execute);
    const chats = spans.filter((e) => e.name === LLM_SPANS.chat);
    expect(chats.length).toBeGreaterThanOrEqual(5); // one per turn plus one after each tool round
    for (const chat of chats) {
      expect(chat.args!['llm.provider']).toBe('compatible');
      expect([AGENT_SPANS.turn, AGENT_SPANS.toolLoop]).toContain(parentName(chat));
    }
    // A child's interval lies inside its parent's.
    for (const e of spans) {
      const parent = byId.get(e.args!.parent_span_id as string);
      if (!parent) continue;
      expect(e.ts!).toBeGreaterThanOrEqual(parent.ts!);
      expect(e.ts! + e.dur!).toBeLessThanOrEqual(parent.ts! + parent.dur! + 1);
    }
  });

  it('the MCP server continued the same trace in its own file', async () => {
    const files = readdirSync(join(work, 'profiling', 'traces')).filter((f) => f !== basename(tracePath));
    expect(files.some((f) => /-mcp_/.test(f))).toBe(true);
    const mcpCall = events.find((e) => e.name === MCP_SPANS.callTool)!;
    const server = await readChromeTrace(join(work, 'profiling', 'traces', files.find((f) => /-mcp_/.test(f))!));
    const serverSpan = server.events.find((e) => e.ph === 'X' && e.args?.parent_span_id === mcpCall.args!.span_id);
    expect(serverSpan?.args?.trace_id).toBe(mcpCall.args!.trace_id);
  });
});

describe('the demo without profiling, and bad input', () => {
  it('built without profiling: the same turns run, with no trace and no layers', async () => {
    const { stdout, traceDir } = await runDemo(join(noneBuildDir, 'demo-agent.mjs'), 'none', ['--turns', '3']);
    expect(stdout).toContain('build features: none, telemetry off');
    expect(stdout).toMatch(/\[turn 3\][\s\S]*tool word_count: ok/);
    expect(existsSync(traceDir) ? readdirSync(traceDir) : []).toEqual([]);
  }, 60_000);

  it('a bad argument exits 2 with a message naming it, before anything starts', async () => {
    const failure = await runDemo(BUILT_DEMO, 'bad', ['--turns', 'many']).catch((e: { code: number; stderr: string }) => e);
    expect('code' in failure && failure.code).toBe(2);
    expect((failure as { stderr: string }).stderr).toContain('--turns must be a whole number from 1 to 10000, got "many"');
  });

  it('a bad --config file exits 2 naming the key and the file', async () => {
    const { writeFileSync } = await import('node:fs');
    const config = join(work, 'bad.toml');
    writeFileSync(config, '[telemetry]\nsample_rate = 3\n');
    const failure = await runDemo(BUILT_DEMO, 'badconfig', ['--turns', '1', '--config', config]).catch((e: { code: number; stderr: string }) => e);
    expect((failure as { code: number }).code).toBe(2);
    expect((failure as { stderr: string }).stderr).toContain('sample_rate');
    expect((failure as { stderr: string }).stderr).toContain(config);
  });
});
