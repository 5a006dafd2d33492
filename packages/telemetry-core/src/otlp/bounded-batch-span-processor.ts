import { TraceFlags, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { SendOutcome } from './otlp-http-sender.js';

export type DropReason = 'queue_full' | 'export_failed' | 'shutdown_deadline';

export interface BoundedBatchOptions {
  /** Spans held while waiting for export; beyond it new spans are dropped and counted (default 2048). */
  maxQueueSize?: number;
  /** Spans per export request (default 512). */
  maxExportBatchSize?: number;
  /** How long a partial batch waits before it is sent (default 2 s). */
  scheduledDelayMs?: number;
  /** shutdown() gives up on unsent spans after this long (default 3 s). */
  shutdownDeadlineMs?: number;
  /** forceFlush() stops waiting after this long; exports still running go on (default 10 s). */
  flushDeadlineMs?: number;
}

export interface BoundedBatchHooks {
  /** Sends one batch; must not throw (an outcome says how it went). */
  exportBatch(spans: ReadableSpan[], signal: AbortSignal): Promise<SendOutcome>;
  onDrop(count: number, reason: DropReason, detail?: string): void;
  onExported(count: number): void;
}

/**
 * A batching span processor with a hard bound on memory: onEnd only pushes to an array (or counts a
 * drop when it is full), one export runs at a time off the span path, and shutdown stops waiting at a
 * deadline. Unlike the SDK's BatchSpanProcessor it reports every drop, so they can be counted.
 */
export class BoundedBatchSpanProcessor implements SpanProcessor {
  private queue: ReadableSpan[] = [];
  private readonly maxQueueSize: number;
  private readonly maxBatch: number;
  private readonly delayMs: number;
  private readonly deadlineMs: number;
  private readonly flushDeadlineMs: number;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private exporting: Promise<void> | undefined;
  private closed = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly hooks: BoundedBatchHooks,
    options: BoundedBatchOptions = {},
  ) {
    this.maxQueueSize = options.maxQueueSize ?? 2048;
    this.maxBatch = Math.min(options.maxExportBatchSize ?? 512, this.maxQueueSize);
    this.delayMs = options.scheduledDelayMs ?? 2000;
    this.deadlineMs = options.shutdownDeadlineMs ?? 3000;
    this.flushDeadlineMs = options.flushDeadlineMs ?? 10_000;
  }

  /** Spans waiting for export (for tests and the benchmark's memory check). */
  get queuedCount(): number {
    return this.queue.length;
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    if (this.closed || (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.queue.length >= this.maxQueueSize) {
      this.hooks.onDrop(1, 'queue_full');
      return;
    }
    this.queue.push(span);
    if (this.queue.length >= this.maxBatch) this.kickSoon();
    else this.schedule();
  }

  async forceFlush(): Promise<void> {
    // A caller flushing before a checkpoint must not hang on a dead collector.
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.flushDeadlineMs);
      timer.unref();
    });
    await Promise.race([this.drain(this.abort.signal), deadline]);
    clearTimeout(timer);
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
    const deadline = setTimeout(() => this.abort.abort(), this.deadlineMs);
    deadline.unref();
    try {
      await this.drain(this.abort.signal);
    } finally {
      clearTimeout(deadline);
      if (this.queue.length > 0) {
        this.hooks.onDrop(this.queue.length, 'shutdown_deadline');
        this.queue = [];
      }
    }
  }

  private schedule(): void {
    if (this.timer || this.exporting) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, this.delayMs);
    this.timer.unref();
  }

  /** A full batch is sent from its own macrotask, so serialising it never lands inside span.end(). */
  private kickSoon(): void {
    if (this.immediate || this.exporting) return;
    this.immediate = setImmediate(() => {
      this.immediate = undefined;
      this.kick();
    });
    this.immediate.unref();
  }

  private kick(): void {
    if (this.exporting) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.exporting = this.exportOne(this.abort.signal).finally(() => {
      this.exporting = undefined;
      if (this.queue.length >= this.maxBatch) this.kick();
      else if (this.queue.length > 0 && !this.closed) this.schedule();
    });
  }

  /** Exports until the queue is empty or the signal aborts. */
  private async drain(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      if (this.exporting) await this.exporting;
      else if (this.queue.length > 0) {
        this.kick();
        await this.exporting;
      } else return;
    }
  }

  private async exportOne(signal: AbortSignal): Promise<void> {
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    let outcome: SendOutcome;
    try {
      outcome = await this.hooks.exportBatch(batch, signal);
    } catch (error) {
      outcome = { ok: false, attempts: 1, reason: `exporter threw ${(error as Error)?.name ?? 'an error'}` };
    }
    if (outcome.ok) this.hooks.onExported(batch.length);
    else this.hooks.onDrop(batch.length, signal.aborted ? 'shutdown_deadline' : 'export_failed', outcome.reason);
  }
}
