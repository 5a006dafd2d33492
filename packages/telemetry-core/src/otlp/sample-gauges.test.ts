import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { CollectingMetricReader } from '../testing/collecting-metric-reader.js';
import { SampleGauges } from './sample-gauges.js';

async function gaugePoints(reader: CollectingMetricReader, name: string) {
  return (await reader.points(name)).map((p) => ({ value: p.value, attributes: p.attributes }));
}

describe('SampleGauges', () => {
  it('reports the last value per attribute set, including samples recorded before the meter existed', async () => {
    const gauges = new SampleGauges();
    gauges.record({ name: 'channel.queue_depth', value: 9, time: 0, attributes: { 'channel.name': 'status' } });
    const reader = new CollectingMetricReader();
    const provider = new MeterProvider({ readers: [reader] });
    gauges.attach(provider.getMeter('test'));
    gauges.record({ name: 'channel.queue_depth', value: 3, time: 1, attributes: { 'channel.name': 'status' } });
    gauges.record({ name: 'channel.queue_depth', value: 5, time: 1, attributes: { 'channel.name': 'cancel' } });
    gauges.record({ name: 'process.rss_bytes', value: 1000, time: 1 });
    expect(await gaugePoints(reader, 'channel.queue_depth')).toEqual([
      { value: 3, attributes: { 'channel.name': 'status' } },
      { value: 5, attributes: { 'channel.name': 'cancel' } },
    ]);
    expect(await gaugePoints(reader, 'process.rss_bytes')).toEqual([{ value: 1000, attributes: {} }]);
    await provider.shutdown();
  });

  it('keeps at most 256 attribute sets per name', async () => {
    const gauges = new SampleGauges();
    const reader = new CollectingMetricReader();
    const provider = new MeterProvider({ readers: [reader] });
    gauges.attach(provider.getMeter('test'));
    for (let i = 0; i < 1000; i++) gauges.record({ name: 'channel.queue_depth', value: i, time: i, attributes: { id: `c${i}` } });
    expect(await gaugePoints(reader, 'channel.queue_depth')).toHaveLength(256);
    await provider.shutdown();
  });
});
