import type { AgentChannels } from './agent-channels.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * SIGINT/SIGTERM become a request on the cancel channel, whose consumer shuts the demo down
 * gracefully (the running turn is cancelled, telemetry flushed). A second signal ends the process
 * at once, in case the graceful path hangs.
 */
export function sendSignalsToCancelChannel(channels: AgentChannels): () => void {
  let received = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) process.exit(130);
    received = true;
    channels.cancel.trySend({ reason: signal });
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  };
}
