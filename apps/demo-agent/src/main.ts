// Entry point of the demo agent (bundled to dist/demo-agent.mjs by scripts/build.mjs).
import { ConfigError } from '@zeph/telemetry-core/config';
import { ArgumentError, parseDemoArgs, USAGE } from './cli/parse-args.js';
import { runDemo } from './run-demo.js';

// `demo-agent --turns 3 | head` closes stdout early: the run still finishes (and closes its trace)
// instead of dying on EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

async function main(): Promise<number> {
  let args;
  try {
    args = parseDemoArgs(process.argv.slice(2), process.stdin.isTTY === true);
  } catch (error) {
    if (error instanceof ArgumentError) {
      process.stderr.write(`demo-agent: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (args.mode === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    await runDemo(args);
    return 0;
  } catch (error) {
    if (error instanceof ArgumentError || error instanceof ConfigError) {
      process.stderr.write(`demo-agent: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`demo-agent: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main();
