import { metrics, type Attributes, type Counter, type Histogram, type MeterProvider } from '@opentelemetry/api';
import { attachObservedCounters } from './observed-counters.js';
import { runtimeState } from './runtime-state.js';

// OpenTelemetry's global meter has no proxy: a meter taken before a provider is installed stays a
// no-op forever. Instruments here re-resolve whenever the provider changes (the generation bumps).
let generation = 0;

export function installMeterProvider(provider: MeterProvider | undefined): void {
  metrics.disable();
  if (provider) metrics.setGlobalMeterProvider(provider);
  generation++;
  attachObservedCounters(provider?.getMeter(METER_NAME));
}

export interface CounterInstrument {
  add(value: number, attributes?: Attributes): void;
}

export interface HistogramInstrument {
  record(value: number, attributes?: Attributes): void;
}

const METER_NAME = '@zeph/telemetry';

export interface InstrumentDescription {
  description?: string;
  unit?: string;
  /** Bucket boundaries for histograms (OTel advice). */
  boundaries?: number[];
}


function lazyInstrument<T>(create: () => T): () => T {
  let cached: T | undefined;
  let cachedGeneration = -1;
  return () => {
    if (cachedGeneration !== generation) {
      cached = create();
      cachedGeneration = generation;
    }
    return cached as T;
  };
}

/** A monotonic counter; a no-op while telemetry is inactive. */
export function createCounter(name: string, description: InstrumentDescription = {}): CounterInstrument {
  const get = lazyInstrument<Counter>(() =>
    metrics.getMeter(METER_NAME).createCounter(name, { description: description.description, unit: description.unit }),
  );
  return {
    add(value, attributes) {
      if (runtimeState.active) get().add(value, attributes);
    },
  };
}

/** A histogram; a no-op while telemetry is inactive. */
export function createHistogram(name: string, description: InstrumentDescription = {}): HistogramInstrument {
  const get = lazyInstrument<Histogram>(() =>
    metrics.getMeter(METER_NAME).createHistogram(name, {
      description: description.description,
      unit: description.unit,
      advice: description.boundaries ? { explicitBucketBoundaries: description.boundaries } : undefined,
    }),
  );
  return {
    record(value, attributes) {
      if (runtimeState.active) get().record(value, attributes);
    },
  };
}
