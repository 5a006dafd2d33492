import type { Logger } from '@zeph/telemetry-core';
import type { BehaviorEvent, BehaviorSink } from './behavior-event.js';

export interface BatcherOptions {
  /** Send when this many events are waiting (default 25). */
  batchSize?: number;
  /** ...or when the oldest waiting event is this old (default 5 000 ms). */
  maxDelayMs?: number;
  /** Waiting events kept at most; the oldest are dropped and counted beyond it (default 1 000). */
  maxBuffered?: number;
  /** Delivery attempts per batch (default 3), with exponential backoff and jitter in between. */
  attempts?: number;
  baseBackoffMs?: number;
}

/**
 * Collects events and sends them in batches (25 events or 5 s, whichever first), one batch at a
 * time, retrying with backoff. `push` never waits and never throws; memory is bounded.
 */
export class BehaviorBatcher {
  private buffer: BehaviorEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private failing = false;
  dropped = 0;
  delivered = 0;

  constructor(
    private readonly sink: BehaviorSink,
    private readonly log: Logger,
    private readonly options: BatcherOptions = {},
  ) {}

  push(event: BehaviorEvent): void {
    const max = this.options.maxBuffered ?? 1000;
    if (this.buffer.length >= max) {
      this.buffer.shift();
      this.dropped++;
    }
    this.buffer.push(event);
    if (this.buffer.length >= (this.options.batchSize ?? 25)) this.kick();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.kick(), this.options.maxDelayMs ?? 5000);
      this.timer.unref();
    }
  }

  /** Sends everything waiting; resolves when done or given up on. */
  async flush(): Promise<void> {
    while (this.buffer.length > 0 || this.sending) {
      this.kick();
      await this.sending;
    }
  }

  private kick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.sending || this.buffer.length === 0) return;
    const batch = this.buffer.splice(0, this.options.batchSize ?? 25);
    this.sending = this.deliver(batch).finally(() => {
      this.sending = undefined;
      if (this.buffer.length >= (this.options.batchSize ?? 25)) this.kick();
      else if (this.buffer.length > 0 && !this.timer) {
        this.timer = setTimeout(() => this.kick(), this.options.maxDelayMs ?? 5000);
        this.timer.unref();
      }
    });
  }

  private async deliver(batch: BehaviorEvent[]): Promise<void> {
    const attempts = this.options.attempts ?? 3;
    const base = this.options.baseBackoffMs ?? 200;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await this.sink.send(batch);
        this.delivered += batch.length;
        if (this.failing) this.log.info(`behavioral events delivered again to ${this.sink.description}`);
        this.failing = false;
        return;
      } catch (error) {
        if (attempt === attempts) {
          this.dropped += batch.length;
          if (!this.failing) {
            this.failing = true;
            this.log.warn(`behavioral events could not be delivered to ${this.sink.description}; dropping batches until it recovers`, {
              error: error instanceof Error ? error.message : String(error),
            });
          }
          return;
        }
        const backoff = base * 2 ** (attempt - 1) * (0.5 + Math.random());
        await new Promise((resolve) => setTimeout(resolve, backoff).unref());
      }
    }
  }
}
