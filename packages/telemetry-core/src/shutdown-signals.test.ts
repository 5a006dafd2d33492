import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readChromeTrace } from './chrome/read-chrome-trace.js';
import { validateChromeTrace } from './chrome/validate-chrome-trace.js';
import { installShutdownSignals } from './shutdown-signals.js';
import { useTempDirs } from './test-fixtures/temp-dir.js';

const tempDir = useTempDirs();
const CHILD = fileURLToPath(new URL('./test-fixtures/trace-writing-child.ts', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx');

interface ChildRun {
  traceFile: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

/** Runs the trace-writing child through tsx with the profiling build; resolves once it is writing. */
function startChild(mode: 'signal' | 'exit'): Promise<ChildRun> {
  const child = spawn(process.execPath, ['--conditions=zeph-profiling', '--import', TSX, CHILD, tempDir(), mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const match = /READY (.+)\n/.exec(out);
      if (match) resolve({ traceFile: match[1], exit, kill: (s) => child.kill(s) });
    });
    void exit.then(({ code, signal }) => reject(new Error(`child ended before READY (code ${code}, signal ${signal}): ${stderr}`)));
  });
}

// Each child starts tsx; on a loaded machine that alone can take seconds.
describe('shutdown on signals and exit', { timeout: 60_000 }, () => {
  it.concurrent('SIGTERM flushes and closes the trace, then ends the process by the signal', async () => {
    const child = await startChild('signal');
    child.kill('SIGTERM');
    const { signal, stderr } = await child.exit;
    expect(signal).toBe('SIGTERM');
    expect(stderr).not.toMatch(/error/i);
    const file = await readChromeTrace(child.traceFile);
    expect(file.terminated).toBe(true);
    expect(file.events.filter((e) => e.name === 'agent.turn').length).toBeGreaterThanOrEqual(20);
    expect(validateChromeTrace(file.events)).toEqual([]);
  });

  it.concurrent('SIGINT does the same', async () => {
    const child = await startChild('signal');
    child.kill('SIGINT');
    expect((await child.exit).signal).toBe('SIGINT');
    expect((await readChromeTrace(child.traceFile)).terminated).toBe(true);
  });

  it.concurrent('SIGKILL leaves a file that lacks only the closing bracket, and the reader loads it', async () => {
    const child = await startChild('signal');
    child.kill('SIGKILL');
    expect((await child.exit).signal).toBe('SIGKILL');
    const text = readFileSync(child.traceFile, 'utf8');
    expect(() => JSON.parse(text)).toThrow();
    const completed = JSON.parse(`${text}\n]`) as unknown[];
    const file = await readChromeTrace(child.traceFile);
    expect(file.terminated).toBe(false);
    expect(file.events).toHaveLength(completed.length);
    expect(file.events.filter((e) => e.name === 'agent.turn').length).toBeGreaterThanOrEqual(20);
    expect(validateChromeTrace(file.events)).toEqual([]);
  });

  it.concurrent('process.exit() with spans still buffered leaves a complete file', async () => {
    const child = await startChild('exit');
    expect((await child.exit).code).toBe(3);
    const file = await readChromeTrace(child.traceFile);
    expect(file.terminated).toBe(true);
    expect(file.events.filter((e) => e.name === 'agent.turn')).toHaveLength(25);
    expect(file.events.some((e) => e.name === 'agent.persist_message')).toBe(true);
    const interrupted = file.events.find((e) => e.name === 'agent.plan_execute');
    expect(interrupted?.args?.unfinished).toBe(true);
    expect(file.events.find((e) => e.name === 'llm.chat')?.args?.unfinished).toBe(true);
    expect(validateChromeTrace(file.events)).toEqual([]);
    // The JSON log's buffered lines are written on 'exit' too.
    const log = readFileSync(join(dirname(child.traceFile), 'zeph.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log).toContainEqual(expect.objectContaining({ scope: 'child', msg: 'exiting with work still buffered' }));
  });

  it('leaves an app-installed handler in charge and removes its own on uninstall', async () => {
    const before = process.listenerCount('SIGTERM');
    let shutdowns = 0;
    const uninstall = installShutdownSignals({ shutdown: async () => void shutdowns++ });
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    const appHandled = new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
    process.kill(process.pid, 'SIGTERM');
    await appHandled;
    await new Promise((r) => setImmediate(r));
    // The app's listener was present, so no re-raise happened: this process is still running.
    expect(shutdowns).toBe(1);
    expect(process.listenerCount('SIGTERM')).toBe(before);
    uninstall();
    const beforeInt = process.listenerCount('SIGINT');
    const again = installShutdownSignals({ shutdown: async () => {} });
    expect(process.listenerCount('SIGINT')).toBe(beforeInt + 1);
    again();
    expect(process.listenerCount('SIGINT')).toBe(beforeInt);
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});
