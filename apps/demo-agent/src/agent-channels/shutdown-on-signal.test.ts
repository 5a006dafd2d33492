// Builds the demo (profiling and no-profiling), runs many turns as a child process and interrupts it
// with SIGINT: the cancel channel shuts it down gracefully (turn cancelled, trace closed, MetricsBridge
// snapshot printed), and the no-profiling build prints the same snapshot from manual timing. The
// interactive mode runs on a real pseudo-terminal (util-linux `script`): input through the CLI
// channel, a reload through its channel, Ctrl-C through the cancel channel.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { bundleDemo, makeTestBuildDir } from '../../scripts/bundle-demo.mjs';

let work: string;
let buildDir: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'zeph-demo-signal-'));
  // Under dist/ so that the bundles find the app's skills, policy and MCP server.
  buildDir = makeTestBuildDir('test-signal-');
  await bundleDemo({ outfile: join(buildDir, 'profiling', 'demo-agent.mjs'), features: 'profiling' });
  await bundleDemo({ outfile: join(buildDir, 'none', 'demo-agent.mjs'), features: 'none' });
}, 120_000);
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  if (buildDir) rmSync(buildDir, { recursive: true, force: true });
});

/** Runs the demo; once `interruptAfter` appears on stdout, sends SIGINT. */
function runUntil(bundle: string, name: string, args: string[], interruptAfter?: RegExp): Promise<{ code: number | null; stdout: string; traceDir: string }> {
  const traceDir = join(work, name, 'traces');
  const child = spawn(process.execPath, [bundle, ...args, '--no-mcp', '--data-dir', join(work, name, 'data')], {
    cwd: work,
    env: { ...process.env, ZEPH_TELEMETRY_TRACE_DIR: traceDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let interrupted = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (interruptAfter && !interrupted && interruptAfter.test(stdout)) {
      interrupted = true;
      child.kill('SIGINT');
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, traceDir });
    });
  });
}

describe('the demo on SIGINT', () => {
  it('shuts down gracefully through the cancel channel: closed trace, snapshot from spans', async () => {
    const { code, stdout } = await runUntil(join(buildDir, 'profiling', 'demo-agent.mjs'), 'profiling', ['--turns', '200'], /\[turn 3\]/);
    expect(code).toBe(0);
    expect(stdout).not.toContain('[turn 200]');
    expect(stdout).toMatch(/^latency \(ms\), from spans$/m);
    expect(stdout).toMatch(/^turn\s+\d+\s+\d+\.\d\d/m);
    const tracePath = /^trace file: (.+)$/m.exec(stdout)?.[1];
    expect(tracePath).toBeDefined();
    const trace = readFileSync(tracePath!, 'utf8');
    expect(trace.trimEnd().endsWith(']')).toBe(true);
    const events = JSON.parse(trace) as { name: string; args?: Record<string, unknown> }[];
    const cancel = events.find((e) => e.name === 'channel.cancel_recv');
    expect(cancel?.args?.['channel.outcome']).toBe('received');
  }, 90_000);

  it('prints the snapshot from manual timing in the build without profiling', async () => {
    const { code, stdout } = await runUntil(join(buildDir, 'none', 'demo-agent.mjs'), 'none', ['--turns', '2']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^latency \(ms\), from manual timing$/m);
    expect(stdout).toMatch(/^turn\s+2\s+\d+\.\d\d/m);
    expect(stdout).toMatch(/^llm chat\s+[1-9]\d*\s+\d+\.\d\d/m);
    expect(stdout).toContain('turns: 2,');
  }, 90_000);
});

describe('the interactive demo on a terminal', () => {
  it('reads messages from the CLI channel, reloads skills on request and shuts down on Ctrl-C', async () => {
    const traceDir = join(work, 'interactive', 'traces');
    // `exec`: the demo replaces the shell `script` starts, so Ctrl-C reaches the demo alone (a
    // waiting dash would die of the SIGINT itself and `script` would report 130).
    const command = `exec ${process.execPath} ${join(buildDir, 'profiling', 'demo-agent.mjs')} --no-mcp --data-dir ${join(work, 'interactive', 'data')}`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: work,
      env: { ...process.env, ZEPH_TELEMETRY_TRACE_DIR: traceDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    let output = '';
    const waiters: { pattern: RegExp; resolve: () => void }[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const waiter of [...waiters]) {
        if (!waiter.pattern.test(output)) continue;
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
    const seen = (pattern: RegExp) => new Promise<void>((resolve) => (pattern.test(output) ? resolve() : waiters.push({ pattern, resolve })));

    await seen(/you> $/);
    child.stdin.write('hello there\n');
    await seen(/zeph> [^\n]*hello there[\s\S]*you> $/);
    child.stdin.write('/reload-skills\n');
    await seen(/skills reloaded \(\/reload-skills\): \d+ added/);
    child.stdin.write('\u0003'); // Ctrl-C: the terminal sends SIGINT to the demo
    await seen(/^turns: 1, llm calls: 1/m);
    const [code] = await once(child, 'close');
    clearTimeout(killer);

    expect(code).toBe(0);
    expect(output).toMatch(/latency \(ms\), from spans/);
    const tracePath = /trace file: (\S+\.json)/.exec(output)?.[1];
    const events = JSON.parse(readFileSync(tracePath!, 'utf8')) as { name: string; args?: Record<string, unknown> }[];
    expect(events.filter((e) => e.name === 'channel.cli').length).toBeGreaterThanOrEqual(3);
    expect(events.find((e) => e.name === 'channel.skill_reload_recv' && e.args?.['channel.outcome'] === 'received')).toBeDefined();
    expect(events.find((e) => e.name === 'channel.cancel_recv')?.args?.['channel.outcome']).toBe('received');
  }, 90_000);
});
