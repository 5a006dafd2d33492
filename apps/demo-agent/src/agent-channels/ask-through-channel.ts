import type { AgentChannels } from './agent-channels.js';

/** Puts a question on the elicitation channel and waits for its consumer's answer. */
export function askThroughChannel(channels: AgentChannels, question: string, signal?: AbortSignal): Promise<string | undefined> {
  return new Promise<string | undefined>((resolve, reject) => {
    channels.elicitation.send({ question, answer: resolve }, { signal }).catch(reject);
  });
}
