import { isTelemetryActive, recordCompletedSpan, recordSample, type Attributes } from '@zeph/telemetry-core';
import { BoundedChannel } from './bounded-channel.js';
import { ChannelClosedError } from './channel-errors.js';
import { channelInstruments } from './channel-instruments.js';
import { CHANNEL_ATTRIBUTES, CHANNEL_METRICS, INSTRUMENTED_CHANNEL_NAMES, INSTRUMENTED_CHANNEL_SPANS, type InstrumentedChannelName } from './spans.js';
import type { ChannelName, DropReason, InstrumentedChannelOptions } from './types.js';

type WaitOutcome = 'sent' | 'received' | 'closed' | 'aborted';

/** Waits shorter than this get no span (see the class comment). */
export const DEFAULT_SPAN_MIN_WAIT_MS = 1;

function isInstrumentedName(name: string): name is InstrumentedChannelName {
  return (INSTRUMENTED_CHANNEL_NAMES as readonly string[]).includes(name);
}

/**
 * A BoundedChannel that reports channel.sent / received / dropped (counters), channel.queue_depth
 * (gauge) and channel.backpressure_latency_us (histogram), and spans waits on the six named channels.
 *
 * Cost model, so that a busy channel stays fast:
 * - A send or receive that does not wait touches only integer fields. Counts are handed to the
 *   counters in batches: every 16th accepted send (with the queue-depth sample), whenever a sender
 *   or receiver has to wait (the channel is idle or full anyway), on close and on flushMetrics().
 * - Spans: channel.<name>_send covers a send that waited for room at least spanMinWaitMs (default
 *   1 ms), channel.<name>_recv a receive that waited that long for a value. The span is recorded
 *   when the wait ends, with the wait's real start, so a wait costs two clock readings and a span
 *   only when it was long. A send that finds room or a receive that finds a value gets no span, and
 *   neither does the microsecond hand-off of a busy producer/consumer pair. On a quiet channel the
 *   receiver is nearly always waiting, so nearly every message shows up in the trace.
 */
export class InstrumentedChannel<T> extends BoundedChannel<T> {
  private readonly spanNames?: { send: string; recv: string };
  private readonly nameAttributes: Attributes;
  private readonly spanAttributes: Attributes;
  private readonly dropAttributes: Record<DropReason, Attributes>;
  private readonly waitAttributes: Record<WaitOutcome, Attributes>;
  private flushedSent = 0;
  private flushedReceived = 0;
  private unflushedDrops: Record<DropReason, number> = { full: 0, closed: 0 };
  private readonly spanMinWaitMs: number;

  constructor(name: ChannelName, options: InstrumentedChannelOptions) {
    super(name, options);
    this.spanMinWaitMs = options.spanMinWaitMs ?? DEFAULT_SPAN_MIN_WAIT_MS;
    if (isInstrumentedName(name)) this.spanNames = INSTRUMENTED_CHANNEL_SPANS[name];
    this.nameAttributes = { [CHANNEL_ATTRIBUTES.name]: name };
    this.spanAttributes = { [CHANNEL_ATTRIBUTES.name]: name, [CHANNEL_ATTRIBUTES.capacity]: this.capacity };
    this.dropAttributes = {
      full: { [CHANNEL_ATTRIBUTES.name]: name, [CHANNEL_ATTRIBUTES.dropReason]: 'full' },
      closed: { [CHANNEL_ATTRIBUTES.name]: name, [CHANNEL_ATTRIBUTES.dropReason]: 'closed' },
    };
    const outcome = (o: WaitOutcome): Attributes => ({ [CHANNEL_ATTRIBUTES.name]: name, [CHANNEL_ATTRIBUTES.outcome]: o });
    this.waitAttributes = { sent: outcome('sent'), received: outcome('received'), closed: outcome('closed'), aborted: outcome('aborted') };
  }

  /** Hands the counts gathered since the last batch to the counters. */
  flushMetrics(): void {
    if (!isTelemetryActive()) return;
    if (this.sentTotal !== this.flushedSent) {
      channelInstruments.sent.add(this.sentTotal - this.flushedSent, this.nameAttributes);
      this.flushedSent = this.sentTotal;
    }
    if (this.receivedTotal !== this.flushedReceived) {
      channelInstruments.received.add(this.receivedTotal - this.flushedReceived, this.nameAttributes);
      this.flushedReceived = this.receivedTotal;
    }
    for (const reason of ['full', 'closed'] as const) {
      if (this.unflushedDrops[reason] > 0) {
        channelInstruments.dropped.add(this.unflushedDrops[reason], this.dropAttributes[reason]);
        this.unflushedDrops[reason] = 0;
      }
    }
  }

  protected override onSendSample(queueDepth: number): void {
    if (!isTelemetryActive()) return;
    recordSample(CHANNEL_METRICS.queueDepth, queueDepth, this.nameAttributes);
    this.flushMetrics();
  }

  protected override onDrop(reason: DropReason): void {
    // Batched like the other counts: a channel that drops is overloaded and must not get slower.
    if ((++this.unflushedDrops[reason] & 15) === 0) this.flushMetrics();
  }

  protected override onClose(): void {
    this.flushMetrics();
  }

  protected override waitForRoom(value: T, signal: AbortSignal | undefined): Promise<void> {
    if (!isTelemetryActive()) return super.waitForRoom(value, signal);
    this.flushMetrics();
    const startedAt = performance.now();
    return super.waitForRoom(value, signal).then(
      () => this.sendWaited(startedAt, 'sent'),
      (error: unknown) => {
        this.sendWaited(startedAt, error instanceof ChannelClosedError ? 'closed' : 'aborted', error);
        throw error;
      },
    );
  }

  protected override waitForMessage(signal: AbortSignal | undefined): Promise<IteratorResult<T, undefined>> {
    if (!isTelemetryActive()) return super.waitForMessage(signal);
    // The receiver is idle: a good moment to publish the counts.
    this.flushMetrics();
    if (!this.spanNames) return super.waitForMessage(signal);
    const startedAt = performance.now();
    return super.waitForMessage(signal).then(
      (result) => {
        this.recordWaitSpan(this.spanNames!.recv, startedAt, performance.now(), result.done ? 'closed' : 'received');
        return result;
      },
      (error: unknown) => {
        this.recordWaitSpan(this.spanNames!.recv, startedAt, performance.now(), 'aborted', error);
        throw error;
      },
    );
  }

  private sendWaited(startedAt: number, outcome: WaitOutcome, error?: unknown): void {
    const endedAt = performance.now();
    channelInstruments.backpressureLatencyUs.record((endedAt - startedAt) * 1000, this.waitAttributes[outcome]);
    if (this.spanNames) this.recordWaitSpan(this.spanNames.send, startedAt, endedAt, outcome, error);
    if (outcome === 'sent') this.flushMetrics();
  }

  private recordWaitSpan(name: string, startedAt: number, endedAt: number, outcome: WaitOutcome, error?: unknown): void {
    if (endedAt - startedAt < this.spanMinWaitMs) return;
    recordCompletedSpan(name, startedAt, endedAt, {
      attributes: { ...this.spanAttributes, [CHANNEL_ATTRIBUTES.outcome]: outcome },
      error: outcome === 'aborted' ? error : undefined,
    });
  }
}

/** The factory the agent uses: an InstrumentedChannel in builds with `profiling`. */
export function createInstrumentedChannel<T>(name: ChannelName, options: InstrumentedChannelOptions): BoundedChannel<T> {
  return new InstrumentedChannel<T>(name, options);
}
