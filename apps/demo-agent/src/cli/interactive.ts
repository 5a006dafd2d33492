import type { CliChannel } from '@zeph/telemetry-channels';
import type { DemoAgent } from '../agent/demo-agent.js';
import { prescreenMessage } from '../agent/security-prescreen.js';
import type { AgentChannels } from '../agent-channels/agent-channels.js';
import { askThroughChannel } from '../agent-channels/ask-through-channel.js';

const EXIT_WORDS = new Set(['/exit', '/quit', 'exit', 'quit']);

export interface InteractiveSession {
  agent: DemoAgent;
  /** The terminal as a chat channel: user messages in, answers out. */
  cli: CliChannel;
  channels: AgentChannels;
  /** Aborted by the cancel channel's consumer (Ctrl-C): the session ends gracefully. */
  shutdown: AbortSignal;
  /** The running turn, so that a shutdown can cancel it. */
  turn: { current?: AbortController };
}

/**
 * Reads user messages from the CLI channel until /exit, Ctrl-D or Ctrl-C, streaming each answer.
 * /reload-skills and /reload-config go to their channels; a message the security prescreen flags
 * is confirmed through the elicitation channel first.
 */
export async function runInteractive(session: InteractiveSession, output: NodeJS.WritableStream = process.stdout): Promise<void> {
  const { agent, cli, channels, shutdown } = session;
  output.write('Zeph demo agent. Type a message; /reload-skills, /reload-config, /exit. Try: "List the files in the workspace."\n');
  while (!shutdown.aborted) {
    output.write('you> ');
    const message = await cli.recv({ signal: shutdown }).catch(() => undefined);
    if (!message) break; // end of input, or shutting down
    const line = message.text.trim();
    if (line === '') continue;
    if (EXIT_WORDS.has(line)) break;
    if (line === '/reload-skills' || line === '/reload-config') {
      const channel = line === '/reload-skills' ? channels.skillReload : channels.configReload;
      await channel.send({ reason: line }, { signal: shutdown }).catch(() => {});
      continue;
    }
    const screen = prescreenMessage(line);
    if (screen.verdict === 'flag') {
      const reply = await askThroughChannel(channels, `This message was flagged (${screen.findings.join(', ')}). Send it anyway? [y/N]`, shutdown).catch(() => undefined);
      if (!/^y(es)?$/i.test(reply?.trim() ?? '')) {
        output.write('(not sent)\n');
        continue;
      }
    }
    session.turn.current = new AbortController();
    output.write('zeph> ');
    try {
      const result = await agent.turn(line, { stream: true, onText: (piece) => output.write(piece), signal: session.turn.current.signal });
      output.write('\n');
      channels.metrics.trySend({ turn: agent.turnsRun, llmCalls: result.llmCalls, toolCalls: result.toolResults.length });
      for (const tool of result.toolResults) channels.status.trySend({ text: `tool ${tool.name}: ${tool.ok ? 'ok' : 'failed'}` });
    } catch (error) {
      output.write(`\n(turn failed: ${(error as Error).message})\n`);
    } finally {
      session.turn.current = undefined;
    }
  }
}
