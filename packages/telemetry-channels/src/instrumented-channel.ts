import { captureSpanParent, isTelemetryActive, recordCompletedSpan, type Attributes, type SpanParent } from '@zeph/telemetry-core';
import { BoundedChannel, SEND_SAMPLE_EVERY_UNGATED, WAITS_NEVER_HOOKED, type SampleGate, type WaitOutcome } from './bounded-channel.js';
import { channelInstruments } from './channel-instruments.js';
import { channelSeries, type ChannelSeries } from './channel-series.js';
import { COARSE_TICK_MS, coarseClockMoves, coarseTicks } from './coarse-clock.js';
import { DepthSamples } from './depth-samples.js';
import type { ChannelName, DropReason, InstrumentedChannelOptions } from './types.js';
import { BUSY_WAIT_TIMED_EVERY_MS, DEFAULT_SAMPLE_MIN_INTERVAL_MS, DEFAULT_SPAN_MIN_WAIT_MS, DEPTH_SAMPLE_BATCH, DEPTH_SAMPLE_MAX_HOLD_MS } from './sampling-defaults.js';

const BUSY_WAIT_TICKS = Math.ceil(BUSY_WAIT_TIMED_EVERY_MS / COARSE_TICK_MS);

/** NaN equals nothing, itself included: with this gate the hook runs at every 16th send. */
const ALWAYS_OPEN_GATE: SampleGate = Object.freeze({ count: Number.NaN });

interface WaitTicket {
  startedAt: number;
  parent: SpanParent | undefined;
}

/**
 * A BoundedChannel that reports channel.sent / received / dropped (counters), channel.queue_depth
 * (gauge) and channel.backpressure_latency_us (histogram), and spans long waits on the six named
 * channels.
 *
 * Cost model, so that a busy channel stays fast:
 * - A send or receive that does not wait touches only integer fields. The counts reach the
 *   counters without a call into the metrics SDK: the channel adds them to its name's running
 *   totals (plain fields, see ChannelSeries) at each queue-depth sample, each timed wait, on close
 *   and on flushMetrics(), and the counters read those totals when a reader collects.
 * - Every 16th accepted send checks whether the coarse clock (a counter a 10 ms timer advances)
 *   moved since the last check, with one property read; if it did, and sampleMinIntervalMs
 *   (default 10 ms) passed since the last sample, it records the queue depth. A channel moving a
 *   million messages a second thus writes 100 samples a second, not 60 000, and calls into its
 *   sampling code about as often. The interval runs from creation: the first sample comes once it
 *   passed. While timers are starved (a long burst of microtasks) the coarse clock stands still,
 *   so every 16384th send also checks the real clock.
 * - A sample is noted in two arrays (DepthSamples) and handed to core, with the time it was taken,
 *   in batches: 64 samples, or once the oldest is a second old, and at every timed wait, on close
 *   and on flushMetrics(). Each hand-over walks core's registry and layers cold.
 * - Waits are timed (two clock readings, no extra promise) while the channel is quiet: as long as
 *   the last timed wait lasted at least spanMinWaitMs (default 1 ms). Once a timed wait is shorter,
 *   the channel counts as busy and times one wait per 100 ms (checked at every 16th send, on the
 *   coarse clock), until a timed wait is long again. A busy producer/consumer pair parks on nearly
 *   every message for microseconds; timing even one in thousands of those cost more, cold, than
 *   the hand-offs around it.
 * - Spans: a timed wait of at least spanMinWaitMs becomes channel.<name>_send (waiting for room) or
 *   channel.<name>_recv (waiting for a value), recorded when the wait ends with its real start and
 *   under the waiting task's context. On a quiet channel that is nearly every message.
 * - channel.backpressure_latency_us records the timed send waits: all of them on a quiet channel,
 *   one per 100 ms on a busy one.
 * - Construction takes the attribute sets from the name's ChannelSeries, built once per name.
 */
export class InstrumentedChannel<T> extends BoundedChannel<T> {
  private readonly series: ChannelSeries;
  /** Made at the first sample: a short-lived channel takes none. */
  private depthSamples?: DepthSamples;
  private spanAttributes?: Record<WaitOutcome, Attributes>;
  private readonly spanMinWaitMs: number;
  private readonly sampleMinIntervalMs: number;
  private lastSampleAt: number;
  private lastSampleTick: number;
  private readonly sampleMinTicks: number;
  private flushedSent = 0;
  private flushedReceived = 0;
  private busy = false;
  /** Coarse-clock tick of the last timed wait. */
  private lastTimedTick = 0;

  constructor(name: ChannelName, options: InstrumentedChannelOptions) {
    super(name, options);
    this.series = channelSeries(name);
    this.spanMinWaitMs = options.spanMinWaitMs ?? DEFAULT_SPAN_MIN_WAIT_MS;
    this.sampleMinIntervalMs = options.sampleMinIntervalMs ?? DEFAULT_SAMPLE_MIN_INTERVAL_MS;
    this.sampleMinTicks = Math.ceil(this.sampleMinIntervalMs / COARSE_TICK_MS);
    // onSendSample runs once per coarse tick at most (and at every 16384th send): a busy channel
    // called it at every 16th send, where it ran cold and cost more than the samples themselves.
    this.sampleGate = this.sampleMinIntervalMs > 0 ? coarseClockMoves : ALWAYS_OPEN_GATE;
    // The sampling interval runs from creation: a channel that lives less than that takes no depth
    // sample. Reading the clock also starts it, so that the gate moves for a channel that never waits.
    this.lastSampleTick = coarseTicks();
    this.lastSampleAt = performance.now();
    this.sampleGateSeen = this.sampleGate.count;
    // A quiet channel times every wait, starting with the first.
    this.waitsUntilHooked = 0;
  }

  /**
   * Hands over the queue-depth samples held so far, and adds the counts since the last call to the
   * totals the counters read.
   */
  flushMetrics(): void {
    if (this.depthSamples && this.depthSamples.size > 0) this.depthSamples.handOver();
    this.addCountsToTotals();
  }

  private addCountsToTotals(): void {
    this.series.sent += this.sentTotal - this.flushedSent;
    this.flushedSent = this.sentTotal;
    this.series.received += this.receivedTotal - this.flushedReceived;
    this.flushedReceived = this.receivedTotal;
  }

  protected override onSendSample(queueDepth: number): void {
    this.sampleGateSeen = this.sampleGate.count;
    if (!isTelemetryActive()) return;
    const tick = coarseTicks();
    // A busy channel times one wait per BUSY_WAIT_TIMED_EVERY_MS; that also notices it turning quiet.
    if (this.busy && tick - this.lastTimedTick >= BUSY_WAIT_TICKS) this.waitsUntilHooked = 0;
    if (this.sampleMinIntervalMs > 0) {
      if (tick - this.lastSampleTick < this.sampleMinTicks) {
        if (this.sentTotal % SEND_SAMPLE_EVERY_UNGATED !== 0 || performance.now() - this.lastSampleAt < this.sampleMinIntervalMs) return;
      }
      this.lastSampleTick = tick;
    }
    this.lastSampleAt = performance.now();
    const time = Date.now();
    const depthSamples = (this.depthSamples ??= new DepthSamples(this.series.nameAttributes));
    depthSamples.add(time, queueDepth);
    if (depthSamples.size >= DEPTH_SAMPLE_BATCH || time - depthSamples.oldestTime >= DEPTH_SAMPLE_MAX_HOLD_MS) depthSamples.handOver();
    this.addCountsToTotals();
  }

  protected override onDrop(reason: DropReason): void {
    this.series.dropped[reason]++;
  }

  protected override onClose(): void {
    this.flushMetrics();
  }

  // Runs for every wait while the channel is quiet and, while it is busy, for the one wait per
  // BUSY_WAIT_TIMED_EVERY_MS that onSendSample arms: the base class lets the others through
  // without calling in.
  protected override beginWait(): WaitTicket | undefined {
    this.waitsUntilHooked = this.busy ? WAITS_NEVER_HOOKED : 0;
    if (!isTelemetryActive()) return undefined;
    this.lastTimedTick = coarseTicks();
    // A quiet channel times every wait: its samples and counts go out as it goes.
    this.flushMetrics();
    return { startedAt: performance.now(), parent: this.series.spanNames ? captureSpanParent() : undefined };
  }

  protected override endWait(ticket: WaitTicket, side: 'send' | 'recv', outcome: WaitOutcome, error?: Error): void {
    const endedAt = performance.now();
    const waitedMs = endedAt - ticket.startedAt;
    const long = waitedMs >= this.spanMinWaitMs;
    this.waitsUntilHooked = long ? 0 : WAITS_NEVER_HOOKED;
    this.busy = !long;
    if (side === 'send') channelInstruments.backpressureLatencyUs.record(waitedMs * 1000, this.series.waitAttributes[outcome]);
    const spanNames = this.series.spanNames;
    if (long && spanNames) {
      this.spanAttributes ??= this.series.spanAttributes(this.capacity);
      recordCompletedSpan(side === 'send' ? spanNames.send : spanNames.recv, ticket.startedAt, endedAt, {
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
