// Interactive mode needs a terminal: util-linux `script` gives the built demo a real pseudo-terminal,
// (Debian's bsdutils, always installed) and the test types into it like a user would.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { bundleDemo, makeTestBuildDir } from '../../scripts/bundle-demo.mjs';

let buildDir: string;
let work: string;

beforeAll(async () => {
  // Under dist/ so the bundle finds the app's skills and policy by walking up.
  buildDir = makeTestBuildDir('test-tty-');
  work = mkdtempSync(join(tmpdir(), 'zeph-demo-tty-'));
  await bundleDemo({ outfile: join(buildDir, 'demo-agent.mjs'), features: 'profiling' });
}, 60_000);
afterAll(() => {
  rmSync(buildDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

/** Runs the demo in a pty; each line is typed once the prompt it waits for has appeared. */
function typeIntoDemo(lines: string[]): Promise<{ output: string; code: number | null }> {
  const command = `exec ${process.execPath} ${join(buildDir, 'demo-agent.mjs')} --no-mcp --data-dir ${join(work, 'data')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    env: { ...process.env, ZEPH_TELEMETRY_TRACE_DIR: join(work, 'traces'), TERM: 'dumb' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let prompts = 0;
  const pending = [...lines];
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    const seen = output.split('you> ').length - 1;
    while (seen > prompts && pending.length > 0) {
      prompts += 1;
      child.stdin.write(`${pending.shift()}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`interactive demo did not finish; output so far:\n${output}`));
    }, 45_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ output, code });
    });
  });
}

describe('interactive mode in a terminal', () => {
  it('answers typed messages (tool calls included), ends on /exit and prints the trace path', async () => {
    const { output, code } = await typeIntoDemo(['List the files in the workspace.', 'Please delete the build folder build with rm.', '/exit']);
    expect(code).toBe(0);
    expect(output).toMatch(/zeph> Tool result: README\.md/);
    expect(output).toMatch(/denied by policy/);
    const tracePath = /trace file: (\S+\.json)/.exec(output)?.[1];
    expect(tracePath).toBeDefined();
    expect(readdirSync(join(work, 'traces'))).toContain(tracePath!.split('/').pop());
  }, 60_000);
});
