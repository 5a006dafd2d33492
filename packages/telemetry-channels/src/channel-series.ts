import { createObservedCounter, type Attributes } from '@zeph/telemetry-core';
import type { WaitOutcome } from './bounded-channel.js';
import { CHANNEL_ATTRIBUTES, CHANNEL_METRICS, INSTRUMENTED_CHANNEL_NAMES, INSTRUMENTED_CHANNEL_SPANS, type InstrumentedChannelName } from './spans.js';
import type { DropReason } from './types.js';

const OUTCOMES: readonly WaitOutcome[] = ['sent', 'received', 'closed', 'aborted'];

function isInstrumentedName(name: string): name is InstrumentedChannelName {
  return (INSTRUMENTED_CHANNEL_NAMES as readonly string[]).includes(name);
}

/**
 * What every channel of one name shares: its span names (for the six named channels) and attribute
 * sets, built once rather than per channel, and its running totals, which the channel.sent /
 * received / dropped counters read at collection. A channel adds its counts here in plain fields
 * (see InstrumentedChannel.flushMetrics).
 */
export class ChannelSeries {
  sent = 0;
  received = 0;
  readonly dropped: Record<DropReason, number> = { full: 0, closed: 0 };
  readonly spanNames?: { readonly send: string; readonly recv: string };
  readonly nameAttributes: Attributes;
  readonly dropAttributes: Record<DropReason, Attributes>;
  readonly waitAttributes: Record<WaitOutcome, Attributes>;
  private readonly spanAttributesByCapacity = new Map<number, Record<WaitOutcome, Attributes>>();

  constructor(readonly name: string) {
    if (isInstrumentedName(name)) this.spanNames = INSTRUMENTED_CHANNEL_SPANS[name];
    // Frozen: core serialises a frozen set once, not at every queue-depth sample.
    this.nameAttributes = Object.freeze({ [CHANNEL_ATTRIBUTES.name]: name });
    this.dropAttributes = {
      full: Object.freeze({ [CHANNEL_ATTRIBUTES.name]: name, [CHANNEL_ATTRIBUTES.dropReason]: 'full' }),
      closed: Object.freeze({ [CHANNEL_ATTRIBUTES.name]: name, [CHANNEL_ATTRIBUTES.dropReason]: 'closed' }),
    };
    this.waitAttributes = this.byOutcome({});
  }

  /** Span attributes carry the capacity; built on a channel's first span, shared by equal channels. */
  spanAttributes(capacity: number): Record<WaitOutcome, Attributes> {
    let attributes = this.spanAttributesByCapacity.get(capacity);
    if (!attributes) {
      attributes = this.byOutcome({ [CHANNEL_ATTRIBUTES.capacity]: capacity });
      this.spanAttributesByCapacity.set(capacity, attributes);
    }
    return attributes;
  }

  private byOutcome(extra: Attributes): Record<WaitOutcome, Attributes> {
    const entries = OUTCOMES.map((outcome) => [outcome, Object.freeze({ [CHANNEL_ATTRIBUTES.name]: this.name, ...extra, [CHANNEL_ATTRIBUTES.outcome]: outcome })]);
    return Object.fromEntries(entries) as Record<WaitOutcome, Attributes>;
  }
}

const seriesByName = new Map<string, ChannelSeries>();

/** The series of a channel name, made on first use. */
export function channelSeries(name: string): ChannelSeries {
  let series = seriesByName.get(name);
  if (!series) {
    series = new ChannelSeries(name);
    seriesByName.set(name, series);
  }
  return series;
}

createObservedCounter(CHANNEL_METRICS.sent, { description: 'Values accepted by in-process channels', unit: '{message}' }, (observe) => {
  for (const series of seriesByName.values()) observe(series.sent, series.nameAttributes);
});
createObservedCounter(CHANNEL_METRICS.received, { description: 'Values taken from in-process channels', unit: '{message}' }, (observe) => {
  for (const series of seriesByName.values()) observe(series.received, series.nameAttributes);
});
createObservedCounter(CHANNEL_METRICS.dropped, { description: 'Values dropped by trySend (full or closed channel)', unit: '{message}' }, (observe) => {
  for (const series of seriesByName.values()) {
    observe(series.dropped.full, series.dropAttributes.full);
    observe(series.dropped.closed, series.dropAttributes.closed);
  }
});
