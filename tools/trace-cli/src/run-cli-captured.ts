import { runCli } from './cli.js';

/** Runs the CLI in process, as the tests use it: exit code and what it wrote to stdout and stderr. */
export async function runCliCaptured(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) }, { waitForever: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
