import { captureSpanParent, isTelemetryActive, recordCompletedSpan, recordSample, type Attributes, type SpanParent } from '@zeph/telemetry-core';
import { BoundedChannel, type WaitOutcome } from './bounded-channel.js';
import { channelInstruments } from './channel-instruments.js';
import { COARSE_TICK_MS, coarseTicks } from './coarse-clock.js';
import { CHANNEL_ATTRIBUTES, CHANNEL_METRICS, INSTRUMENTED_CHANNEL_NAMES, INSTRUMENTED_CHANNEL_SPANS, type InstrumentedChannelName } from './spans.js';
import type { ChannelName, DropReason, InstrumentedChannelOptions } from './types.js';
import { BUSY_WAIT_REARM_MS, BUSY_WAIT_SAMPLE_EVERY, DEFAULT_COUNT_PUBLISH_MIN_INTERVAL_MS, DEFAULT_SAMPLE_MIN_INTERVAL_MS, DEFAULT_SPAN_MIN_WAIT_MS } from './sampling-defaults.js';

const REARM_TICKS = Math.ceil(BUSY_WAIT_REARM_MS / COARSE_TICK_MS);

interface WaitTicket {
  startedAt: number;
  parent: SpanParent | undefined;
}

function isInstrumentedName(name: string): name is InstrumentedChannelName {
  return (INSTRUMENTED_CHANNEL_NAMES as readonly string[]).includes(name);
}

/**
 * A BoundedChannel that reports channel.sent / received / dropped (counters), channel.queue_depth
 * (gauge) and channel.backpressure_latency_us (histogram), and spans long waits on the six named
 * channels.
 *
 * Cost model, so that a busy channel stays fast:
 * - A send or receive that does not wait touches only integer fields. Every 16th accepted send
 *   checks a coarse clock (a counter a 10 ms timer advances), and if sampleMinIntervalMs (default
 *   10 ms) passed since the last sample, records the queue depth. A channel moving a million
 *   messages a second thus writes 100 samples a second, not 60 000. While timers are starved (a long
 *   burst of microtasks) the coarse clock stands still, so every 1024th send also reads the real
 *   clock. At a sample the counts go to the counters in one batch if countPublishMinIntervalMs
 *   (default 1 s) passed since the last batch: that code runs cold on a busy channel and cost as
 *   much as the sample itself. Counts are also published on close, on flushMetrics(), and when a
 *   timed wait begins and the last batch is older than that interval.
 * - Waits are timed (two clock readings, no extra promise) while the channel is quiet: as long as
 *   the last timed wait lasted at least spanMinWaitMs (default 1 ms). Once a timed wait is shorter,
 *   the channel counts as busy and only one wait in 8192 is timed, plus the next wait once 100 ms
 *   passed without a timed one (checked at every 16th send), until a timed wait is long again.
 *   A busy producer/consumer pair parks on nearly every message for microseconds; timing each of
 *   those would cost more than the hand-off itself.
 * - Spans: a timed wait of at least spanMinWaitMs becomes channel.<name>_send (waiting for room) or
 *   channel.<name>_recv (waiting for a value), recorded when the wait ends with its real start and
 *   under the waiting task's context. On a quiet channel that is nearly every message.
 * - channel.backpressure_latency_us records the timed send waits: all of them on a quiet channel,
 *   the sampled ones on a busy one.
 */
export class InstrumentedChannel<T> extends BoundedChannel<T> {
  private readonly spanNames?: { send: string; recv: string };
  private readonly nameAttributes: Attributes;
  private readonly dropAttributes: Record<DropReason, Attributes>;
  private readonly waitAttributes: Record<WaitOutcome, Attributes>;
  private readonly spanAttributes: Record<WaitOutcome, Attributes>;
  private readonly spanMinWaitMs: number;
  private readonly sampleMinIntervalMs: number;
  private readonly countPublishMinIntervalMs: number;
  private lastSampleAt = Number.NEGATIVE_INFINITY;
  private lastSampleTick = Number.NEGATIVE_INFINITY;
  private readonly sampleMinTicks: number;
  private flushedSent = 0;
  private flushedReceived = 0;
  private unflushedDrops: Record<DropReason, number> = { full: 0, closed: 0 };
  // A new channel publishes its first counts a full interval after it starts (or when it closes).
  private lastFlushAt = performance.now();
  private busy = false;
  /** Coarse-clock tick of the last timed wait. */
  private lastTimedTick = 0;

  constructor(name: ChannelName, options: InstrumentedChannelOptions) {
    super(name, options);
    if (isInstrumentedName(name)) this.spanNames = INSTRUMENTED_CHANNEL_SPANS[name];
    this.spanMinWaitMs = options.spanMinWaitMs ?? DEFAULT_SPAN_MIN_WAIT_MS;
    this.sampleMinIntervalMs = options.sampleMinIntervalMs ?? DEFAULT_SAMPLE_MIN_INTERVAL_MS;
    this.countPublishMinIntervalMs = options.countPublishMinIntervalMs ?? DEFAULT_COUNT_PUBLISH_MIN_INTERVAL_MS;
    this.sampleMinTicks = Math.ceil(this.sampleMinIntervalMs / COARSE_TICK_MS);
    this.nameAttributes = { [CHANNEL_ATTRIBUTES.name]: name };
    this.dropAttributes = {
      full: { [CHANNEL_ATTRIBUTES.name]: name, [CHANNEL_ATTRIBUTES.dropReason]: 'full' },
      closed: { [CHANNEL_ATTRIBUTES.name]: name, [CHANNEL_ATTRIBUTES.dropReason]: 'closed' },
    };
    const outcomes: WaitOutcome[] = ['sent', 'received', 'closed', 'aborted'];
    const byOutcome = (extra: Attributes) =>
      Object.fromEntries(outcomes.map((o) => [o, { [CHANNEL_ATTRIBUTES.name]: name, ...extra, [CHANNEL_ATTRIBUTES.outcome]: o }])) as unknown as Record<WaitOutcome, Attributes>;
    this.waitAttributes = byOutcome({});
    this.spanAttributes = byOutcome({ [CHANNEL_ATTRIBUTES.capacity]: this.capacity });
    // A quiet channel times every wait, starting with the first.
    this.waitsUntilHooked = 0;
  }

  /** Hands the counts gathered since the last batch to the counters. */
  flushMetrics(): void {
    if (!isTelemetryActive()) return;
    this.lastFlushAt = performance.now();
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
    const tick = coarseTicks();
    // A busy channel may have turned quiet: time its next wait rather than wait out the countdown.
    if (this.busy && tick - this.lastTimedTick >= REARM_TICKS) this.waitsUntilHooked = 0;
    if (this.sampleMinIntervalMs > 0) {
      if (tick - this.lastSampleTick < this.sampleMinTicks) {
        if ((this.sentTotal & 1023) !== 0 || performance.now() - this.lastSampleAt < this.sampleMinIntervalMs) return;
      }
      this.lastSampleTick = tick;
    }
    // One clock reading serves the sample's time and the count-publish check.
    const now = performance.now();
    this.lastSampleAt = now;
    recordSample(CHANNEL_METRICS.queueDepth, queueDepth, this.nameAttributes);
    if (now - this.lastFlushAt >= this.countPublishMinIntervalMs) this.flushMetrics();
  }

  protected override onDrop(reason: DropReason): void {
    // Batched like the other counts: a channel that drops is overloaded and must not get slower.
    if ((++this.unflushedDrops[reason] & 15) === 0) this.flushMetrics();
  }

  protected override onClose(): void {
    this.flushMetrics();
  }

  // Runs for every wait while the channel is quiet, and while it is busy for one in
  // BUSY_WAIT_SAMPLE_EVERY or once re-armed: the base class counts the waits in between down
  // without calling in.
  protected override beginWait(): WaitTicket | undefined {
    this.waitsUntilHooked = this.busy ? BUSY_WAIT_SAMPLE_EVERY : 0;
    if (!isTelemetryActive()) return undefined;
    this.lastTimedTick = coarseTicks();
    const startedAt = performance.now();
    if (startedAt - this.lastFlushAt >= this.countPublishMinIntervalMs) this.flushMetrics();
    return { startedAt, parent: this.spanNames ? captureSpanParent() : undefined };
  }

  protected override endWait(ticket: WaitTicket, side: 'send' | 'recv', outcome: WaitOutcome, error?: Error): void {
    const endedAt = performance.now();
    const waitedMs = endedAt - ticket.startedAt;
    const long = waitedMs >= this.spanMinWaitMs;
    if (long) this.waitsUntilHooked = 0;
    else if (!this.busy) this.waitsUntilHooked = BUSY_WAIT_SAMPLE_EVERY;
    this.busy = !long;
    if (side === 'send') channelInstruments.backpressureLatencyUs.record(waitedMs * 1000, this.waitAttributes[outcome]);
    if (long && this.spanNames) {
      recordCompletedSpan(side === 'send' ? this.spanNames.send : this.spanNames.recv, ticket.startedAt, endedAt, {
        attributes: this.spanAttributes[outcome],
        error: outcome === 'aborted' ? error : undefined,
        parent: ticket.parent,
      });
    }
  }
}

/** The factory the agent uses: an InstrumentedChannel in builds with `profiling`. */
export function createInstrumentedChannel<T>(name: ChannelName, options: InstrumentedChannelOptions): BoundedChannel<T> {
  return new InstrumentedChannel<T>(name, options);
}
