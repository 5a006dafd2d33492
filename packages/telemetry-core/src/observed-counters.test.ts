import { afterEach, describe, expect, it } from 'vitest';
import { MeterProvider, type MetricReader } from '@opentelemetry/sdk-metrics';
import { installMeterProvider } from './metric-instruments.js';
import { createObservedCounter } from './observed-counters.js';
import { CollectingMetricReader } from './testing/collecting-metric-reader.js';

const installed = (reader: MetricReader) => installMeterProvider(new MeterProvider({ readers: [reader] }));

afterEach(() => installMeterProvider(undefined));

describe('createObservedCounter', () => {
  it('reports the caller-kept totals at each collection, per attribute set', async () => {
    const totals = { a: 0, b: 0 };
    createObservedCounter('test.observed_per_series', { unit: '{item}' }, (observe) => {
      observe(totals.a, { series: 'a' });
      observe(totals.b, { series: 'b' });
    });
    const reader = new CollectingMetricReader();
    installed(reader);
    totals.a = 3;
    const first = await reader.points('test.observed_per_series');
    // b has counted nothing yet: like a synchronous counter that was never added to, it has no point.
    expect(first.map((p) => [p.attributes, p.value])).toEqual([[{ series: 'a' }, 3]]);
    totals.a = 5;
    totals.b = 2;
    const second = await reader.points('test.observed_per_series');
    expect(second.map((p) => [p.attributes.series, p.value]).sort()).toEqual([
      ['a', 5],
      ['b', 2],
    ]);
  });

  it('starts from zero on a newly installed provider, whatever the totals held then', async () => {
    const totals = { n: 40 };
    createObservedCounter('test.observed_baseline', {}, (observe) => observe(totals.n, {}));
    const before = new CollectingMetricReader();
    installed(before);
    totals.n = 50;
    expect((await before.points('test.observed_baseline'))[0].value).toBe(10);
    const after = new CollectingMetricReader();
    installed(after);
    expect(await after.points('test.observed_baseline')).toEqual([]);
    totals.n = 57;
    expect((await after.points('test.observed_baseline'))[0].value).toBe(7);
  });

  it('is registered on a provider installed before the counter was created', async () => {
    const reader = new CollectingMetricReader();
    installed(reader);
    let total = 0;
    createObservedCounter('test.observed_late', { description: 'created after the provider' }, (observe) => observe(total, { k: 'v' }));
    total = 4;
    const points = await reader.points('test.observed_late');
    expect(points.map((p) => p.value)).toEqual([4]);
  });
});
