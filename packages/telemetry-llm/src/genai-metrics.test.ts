// Metrics from calls through the Ollama client against a loopback stand-in for an Ollama server
// (none runs here), read back through a real sdk-metrics MeterProvider.
import { installMeterProvider } from '@zeph/telemetry-core';
import { CollectingMetricReader } from '@zeph/telemetry-core/testing';
import { MeterProvider, type DataPoint, type Histogram } from '@opentelemetry/sdk-metrics';
import { afterAll, describe, expect, it } from 'vitest';
import { createOllamaClient } from './ollama-client.js';
import { json } from './test-fixtures/loopback-server.js';
import { ollamaChat, ollamaChatStream } from './test-fixtures/ollama-wire.js';
import { useTracedLoopback } from './test-fixtures/traced-loopback.js';

const { server } = await useTracedLoopback();
const reader = new CollectingMetricReader();
installMeterProvider(new MeterProvider({ readers: [reader] }));
// Registered after the fixture's hooks, so it runs before telemetry shuts down.
afterAll(() => installMeterProvider(undefined));

async function histogram(name: string) {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === name);
  if (!metric) throw new Error(`no metric ${name}`);
  return { unit: metric.descriptor.unit, points: metric.dataPoints as DataPoint<Histogram>[] };
}

describe('GenAI client metrics', () => {
  it('records token usage by type and operation duration, with the conventions bucket advice', async () => {
    const client = createOllamaClient({ baseUrl: server.origin, retry: { maxAttempts: 1 } });
    server.script(ollamaChat('hi'), ollamaChatStream(['a', 'b']), json({ error: 'boom' }, 500));
    await client.chat({ model: 'llama-test', messages: [{ role: 'user', content: 'x' }] });
    for await (const _line of await client.chatStream({ model: 'llama-test', messages: [{ role: 'user', content: 'x' }] })) {
      // read it all
    }
    await expect(client.chat({ model: 'llama-test', messages: [{ role: 'user', content: 'x' }] })).rejects.toThrow();

    const tokens = await histogram('gen_ai.client.token.usage');
    expect(tokens.unit).toBe('{token}');
    const input = tokens.points.find((p) => p.attributes['gen_ai.token.type'] === 'input');
    const output = tokens.points.find((p) => p.attributes['gen_ai.token.type'] === 'output');
    expect(input?.value.sum).toBe(11 + 8);
    expect(output?.value.sum).toBe(4 + 2);
    expect(input?.attributes).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'ollama', 'gen_ai.request.model': 'llama-test' });
    expect(input?.value.buckets.boundaries.slice(0, 4)).toEqual([1, 4, 16, 64]);

    const duration = await histogram('gen_ai.client.operation.duration');
    expect(duration.unit).toBe('s');
    const failed = duration.points.filter((p) => p.attributes['error.type'] === '500');
    const succeeded = duration.points.filter((p) => p.attributes['error.type'] === undefined);
    expect(failed.reduce((n, p) => n + p.value.count, 0)).toBe(1);
    expect(succeeded.reduce((n, p) => n + p.value.count, 0)).toBe(2);
    expect(duration.points[0].value.buckets.boundaries.slice(0, 3)).toEqual([0.01, 0.02, 0.04]);

    const firstChunk = await histogram('gen_ai.client.operation.time_to_first_chunk');
    expect(firstChunk.points.reduce((n, p) => n + p.value.count, 0)).toBe(1);
  });
});
