import type { Attributes, Meter, ObservableGauge, ObservableResult } from '@opentelemetry/api';
import type { MetricSample } from '../types.js';
import { attributesKey } from '../attributes-key.js';

// A misbehaving caller that puts ids into sample attributes must not grow memory without bound.
const MAX_SERIES_PER_NAME = 256;

interface Series {
  value: number;
  attributes?: Attributes;
}

/**
 * Turns core's recordSample() calls (queue depth, rss, cpu...) into OTLP gauges: the last value of each
 * name + attribute set is reported at every metric collection.
 */
export class SampleGauges {
  private readonly series = new Map<string, Map<string, Series>>();
  private readonly gauges = new Map<string, ObservableGauge>();
  private meter: Meter | undefined;

  /** Gauges are created on the meter once it exists; samples before that are kept and reported then. */
  attach(meter: Meter): void {
    this.meter = meter;
    for (const name of this.series.keys()) this.ensureGauge(name);
  }

  record(sample: MetricSample): void {
    let byAttributes = this.series.get(sample.name);
    if (!byAttributes) {
      byAttributes = new Map();
      this.series.set(sample.name, byAttributes);
      this.ensureGauge(sample.name);
    }
    const key = sample.attributes ? attributesKey(sample.attributes) : '';
    const existing = byAttributes.get(key);
    if (existing) existing.value = sample.value;
    else if (byAttributes.size < MAX_SERIES_PER_NAME) byAttributes.set(key, { value: sample.value, attributes: sample.attributes });
  }

  private ensureGauge(name: string): void {
    if (!this.meter || this.gauges.has(name)) return;
    const gauge = this.meter.createObservableGauge(name);
    gauge.addCallback((result: ObservableResult) => {
      for (const s of this.series.get(name)?.values() ?? []) result.observe(s.value, s.attributes);
    });
    this.gauges.set(name, gauge);
  }
}
