import { setTimeout as sleep } from 'node:timers/promises';
import type { IncomingMessage } from './types.js';

/**
 * Receive side of the HTTP-polled adapters (Discord, Slack): hands out buffered messages, polls when
 * there are none, and pauses between empty polls. Ends (undefined) once `lifetime` aborts.
 */
export class PollingReceiver {
  private readonly pending: IncomingMessage[] = [];

  constructor(
    private readonly poll: (signal: AbortSignal) => Promise<IncomingMessage[]>,
    private readonly intervalMs: number,
    private readonly lifetime: AbortSignal,
  ) {}

  async next(signal: AbortSignal | undefined): Promise<IncomingMessage | undefined> {
    const combined = signal ? AbortSignal.any([signal, this.lifetime]) : this.lifetime;
    try {
      while (this.pending.length === 0) {
        if (this.lifetime.aborted) return undefined;
        this.pending.push(...(await this.poll(combined)));
        if (this.pending.length === 0) await sleep(this.intervalMs, undefined, { signal: combined });
      }
    } catch (error) {
      if (this.lifetime.aborted) return undefined;
      throw error;
    }
    return this.pending.shift();
  }
}
