import { createInterface } from 'node:readline/promises';
import type { DemoAgent } from '../agent/demo-agent.js';

const EXIT_WORDS = new Set(['/exit', '/quit', 'exit', 'quit']);

/**
 * Reads user messages from the terminal until /exit, Ctrl-D or Ctrl-C, streaming each answer.
 * Ctrl-C during a turn cancels that turn; at the prompt it ends the session.
 */
export async function runInteractive(agent: DemoAgent, output: NodeJS.WritableStream = process.stdout): Promise<void> {
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  output.write('Zeph demo agent. Type a message; /exit to quit. Try: "List the files in the workspace."\n');
  let turnAbort: AbortController | undefined;
  let closed = false;
  rl.on('SIGINT', () => {
    if (turnAbort) turnAbort.abort(new Error('cancelled by Ctrl-C'));
    else rl.close();
  });
  rl.on('close', () => {
    closed = true;
  });
  while (!closed) {
    let line: string;
    try {
      line = (await rl.question('you> ')).trim();
    } catch {
      break; // readline closed (Ctrl-D / Ctrl-C)
    }
    if (line === '') continue;
    if (EXIT_WORDS.has(line)) break;
    turnAbort = new AbortController();
    output.write('zeph> ');
    try {
      await agent.turn(line, { stream: true, onText: (piece) => output.write(piece), signal: turnAbort.signal });
      output.write('\n');
    } catch (error) {
      output.write(`\n(turn failed: ${(error as Error).message})\n`);
    } finally {
      turnAbort = undefined;
    }
  }
  rl.close();
}
