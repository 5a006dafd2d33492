import type { AgentChannels, TurnMetrics } from './agent-channels.js';

export interface ConsumerHandlers {
  /** Shows a status line (interactive) or ignores it (scripted runs keep their output stable). */
  showStatus(text: string): void;
  reloadSkills(): Promise<string>;
  reloadConfig(): Promise<string>;
  /** Puts a question to the user; undefined when nobody can answer (scripted runs). */
  ask(question: string): Promise<string | undefined>;
  /** Graceful shutdown: cancel the running turn, stop taking input. */
  shutDown(reason: string): void;
}

export interface RunningConsumers {
  /** Turn tallies received on the metrics channel. */
  readonly turns: TurnMetrics[];
  /** Resolves once every channel is closed and drained. */
  readonly done: Promise<void>;
}

/**
 * One consumer loop per channel. A failing handler is reported on the status channel and the loop
 * goes on: a reload that fails must not stop the agent.
 */
export function startAgentChannelConsumers(channels: AgentChannels, handlers: ConsumerHandlers): RunningConsumers {
  const turns: TurnMetrics[] = [];
  const report = (what: string, error: unknown) => channels.status.trySend({ text: `${what} failed: ${(error as Error).message}` });
  const loops = [
    (async () => {
      for await (const update of channels.status) handlers.showStatus(update.text);
    })(),
    (async () => {
      for await (const request of channels.skillReload) {
        await handlers.reloadSkills().then((summary) => channels.status.trySend({ text: `skills reloaded (${request.reason}): ${summary}` }), (e) => report('skill reload', e));
      }
    })(),
    (async () => {
      for await (const request of channels.configReload) {
        await handlers.reloadConfig().then((summary) => channels.status.trySend({ text: `config reloaded (${request.reason}): ${summary}` }), (e) => report('config reload', e));
      }
    })(),
    (async () => {
      for await (const request of channels.elicitation) request.answer(await handlers.ask(request.question).catch(() => undefined));
    })(),
    (async () => {
      for await (const tally of channels.metrics) turns.push(tally);
    })(),
    (async () => {
      for await (const request of channels.cancel) handlers.shutDown(request.reason);
    })(),
  ];
  return { turns, done: Promise.all(loops).then(() => {}) };
}
