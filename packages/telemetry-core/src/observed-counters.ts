import type { Attributes, Meter, ObservableResult } from '@opentelemetry/api';
import { attributesKey } from './attributes-key.js';
import type { InstrumentDescription } from './metric-instruments.js';

/** Reports each series' running total since the process started: `observe(total, attributes)`. */
export type ReadTotals = (observe: (total: number, attributes: Attributes) => void) => void;

interface ObservedCounter {
  name: string;
  description: InstrumentDescription;
  read: ReadTotals;
}

const observedCounters: ObservedCounter[] = [];
let currentMeter: Meter | undefined;

/**
 * A monotonic counter whose totals the caller keeps in plain fields and that is read only when a
 * metric reader collects. Counting costs an increment, not a call into the SDK: for counts on paths
 * that run millions of times a second (channel hand-offs), where even a batched `Counter.add` ran
 * cold at tens of µs.
 *
 * Like a synchronous counter, it starts at zero on each newly installed meter provider: what the
 * totals held at installation is its baseline, and series with nothing since are left out.
 */
export function createObservedCounter(name: string, description: InstrumentDescription, read: ReadTotals): void {
  const counter = { name, description, read };
  observedCounters.push(counter);
  if (currentMeter) register(currentMeter, counter);
}

/** Registers every observed counter on a newly installed provider's meter; undefined when none is. */
export function attachObservedCounters(meter: Meter | undefined): void {
  currentMeter = meter;
  if (meter) for (const counter of observedCounters) register(meter, counter);
}

function register(meter: Meter, { name, description, read }: ObservedCounter): void {
  const baseline = new Map<string, number>();
  read((total, attributes) => baseline.set(attributesKey(attributes), total));
  const instrument = meter.createObservableCounter(name, { description: description.description, unit: description.unit });
  instrument.addCallback((result: ObservableResult) => {
    read((total, attributes) => {
      const sinceInstalled = total - (baseline.get(attributesKey(attributes)) ?? 0);
      if (sinceInstalled > 0) result.observe(sinceInstalled, attributes);
    });
  });
}
