import { afterEach, describe, expect, it } from 'vitest';
import { telemetryConfigSchema, type TelemetryConfigInput } from '../config/schema.js';
import { recordSample } from '../global-registry.js';
import { initTelemetry, type TelemetryHandle } from '../init-telemetry.js';
import { createCounter } from '../metric-instruments.js';
import { createObservedCounter } from '../observed-counters.js';
import { instrument, withSpan } from '../span-api.js';
import { OtlpTestReceiver } from '../testing/otlp-receiver.js';
import { captureProcessOutput } from '../testing/capture-process-output.js';

// Loopback OTLP/HTTP receiver decoding with the official .proto files (see testing/otlp-receiver.ts).
let receiver: OtlpTestReceiver | undefined;
let handle: TelemetryHandle | undefined;
const HEADERS_KEY = 'ZEPH_TEST_OTLP_HEADERS';

afterEach(async () => {
  await handle?.shutdown();
  await receiver?.close();
  handle = undefined;
  receiver = undefined;
  delete process.env[HEADERS_KEY];
  delete process.env.OTEL_RESOURCE_ATTRIBUTES;
});

async function start(config: TelemetryConfigInput = {}, headers: Record<string, string> = { authorization: 'Bearer test-token-0123456789' }) {
  receiver = await OtlpTestReceiver.start();
  process.env[HEADERS_KEY] = JSON.stringify(headers);
  handle = await initTelemetry({
    config: telemetryConfigSchema.parse({
      backend: 'otlp',
      otlp_endpoint: receiver.endpoint,
      otlp_headers_vault_key: HEADERS_KEY,
      service_name: 'zeph-otlp-test',
      ...config,
    }),
    sessionId: 'sess-otlp-1',
    serviceVersion: '9.9.9',
    logFile: false,
    handleSignals: false,
    vault: { backend: 'env' },
    otlp: { batch: { scheduledDelayMs: 50 }, metricExportIntervalMs: 60_000 },
  });
  return receiver;
}

/** A small turn: agent.turn > context.assembly, llm.chat (a child with attributes). */
async function demoTurn(index: number): Promise<void> {
  const chat = instrument('llm.chat', async (_prompt: string) => 'ok', { attributes: { 'gen_ai.provider.name': 'openai' } });
  await withSpan('agent.turn', async (span) => {
    span.setAttribute('zeph.turn.index', index);
    await withSpan('context.assembly', async () => {});
    await chat('hello');
  });
}

describe('OTLP export over http/protobuf', () => {
  it('sends spans with names, parent links, attributes, resource and the vault headers', async () => {
    const rx = await start();
    await demoTurn(1);
    await handle!.forceFlush();
    await rx.waitFor(() => rx.spans.length >= 3, 'three spans');

    expect(rx.spanNames().sort()).toEqual(['agent.turn', 'context.assembly', 'llm.chat']);
    const byName = Object.fromEntries(rx.spans.map((s) => [s.name, s]));
    const turn = byName['agent.turn'];
    expect(turn.parentSpanId).toBe('');
    expect(byName['context.assembly'].parentSpanId).toBe(turn.spanId);
    expect(byName['llm.chat'].parentSpanId).toBe(turn.spanId);
    expect(new Set(rx.spans.map((s) => s.traceId)).size).toBe(1);
    expect(turn.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(turn.attributes['zeph.turn.index']).toBe(1);
    expect(byName['llm.chat'].attributes['gen_ai.provider.name']).toBe('openai');
    expect(turn.resource).toMatchObject({
      'service.name': 'zeph-otlp-test',
      'service.version': '9.9.9',
      'zeph.session.id': 'sess-otlp-1',
    });
    expect(typeof turn.resource['host.name']).toBe('string');
    expect(turn.resource).toMatchObject({ 'process.pid': process.pid, 'process.runtime.name': 'nodejs', 'process.runtime.version': process.versions.node });
    expect(turn.resource['service.instance.id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const traceRequests = rx.requestsTo('/v1/traces');
    expect(traceRequests.length).toBeGreaterThan(0);
    for (const request of traceRequests) {
      expect(request.contentType).toBe('application/x-protobuf');
      expect(request.headers.authorization).toBe('Bearer test-token-0123456789');
    }
  });

  it('exports recorded samples as gauges and core counters as sums, with the resource', async () => {
    const rx = await start();
    const sent = createCounter('channel.sent', { unit: '{message}' });
    sent.add(3, { 'channel.name': 'status' });
    recordSample('channel.queue_depth', 7, { 'channel.name': 'status' });
    recordSample('channel.queue_depth', 4, { 'channel.name': 'status' });
    recordSample('process.rss_bytes', 123456);
    await handle!.forceFlush();
    await rx.waitFor(() => rx.metricPoints.some((p) => p.name === 'channel.queue_depth'), 'the queue depth gauge');

    const depth = rx.metricPoints.filter((p) => p.name === 'channel.queue_depth');
    expect(depth.at(-1)).toMatchObject({ kind: 'gauge', value: 4, attributes: { 'channel.name': 'status' } });
    expect(rx.metricPoints.find((p) => p.name === 'process.rss_bytes')).toMatchObject({ kind: 'gauge', value: 123456 });
    expect(rx.metricPoints.find((p) => p.name === 'channel.sent')).toMatchObject({ kind: 'sum', monotonic: true, value: 3 });
    expect(depth[0].resource).toMatchObject({ 'service.name': 'zeph-otlp-test', 'zeph.session.id': 'sess-otlp-1' });
    expect(rx.requestsTo('/v1/metrics')[0].headers.authorization).toBe('Bearer test-token-0123456789');
  });

  it('exports an observed counter as a monotonic sum of what its totals gained since the exporter started', async () => {
    const totals = { status: 5 };
    createObservedCounter('test.observed_sent', { unit: '{message}' }, (observe) => observe(totals.status, { 'channel.name': 'status' }));
    const rx = await start();
    totals.status = 12;
    await handle!.forceFlush();
    await rx.waitFor(() => rx.metricPoints.some((p) => p.name === 'test.observed_sent'), 'the observed counter');
    expect(rx.metricPoints.find((p) => p.name === 'test.observed_sent')).toMatchObject({ kind: 'sum', monotonic: true, value: 7, attributes: { 'channel.name': 'status' } });
  });

  it('sends no span at sample_rate 0 and every span at sample_rate 1', async () => {
    const rx0 = await start({ sample_rate: 0 });
    for (let i = 0; i < 20; i++) await demoTurn(i);
    await handle!.forceFlush();
    expect(rx0.requestsTo('/v1/traces')).toHaveLength(0);
    expect(rx0.spans).toHaveLength(0);
    await handle!.shutdown();
    await rx0.close();

    const rx1 = await start({ sample_rate: 1 });
    for (let i = 0; i < 20; i++) await demoTurn(i);
    await handle!.forceFlush();
    await rx1.waitFor(() => rx1.spans.length >= 60, 'sixty spans');
    expect(rx1.spans).toHaveLength(60);
    expect(rx1.spans.filter((s) => s.name === 'agent.turn')).toHaveLength(20);
  });

  it('samples children with their parent at a fractional rate (parent-based ratio)', async () => {
    const rx = await start({ sample_rate: 0.5 });
    for (let i = 0; i < 200; i++) await demoTurn(i);
    await handle!.forceFlush();
    await rx.waitFor(() => rx.spans.length % 3 === 0 && rx.spans.length > 0, 'whole sampled traces');
    const turns = rx.spans.filter((s) => s.name === 'agent.turn');
    // Ratio sampling on random trace ids: 200 roots at 0.5 are far from 0 and from 200.
    expect(turns.length).toBeGreaterThan(40);
    expect(turns.length).toBeLessThan(160);
    // Every exported child belongs to an exported root: whole traces are kept or dropped.
    const sampledTraces = new Set(turns.map((t) => t.traceId));
    expect(rx.spans.every((s) => sampledTraces.has(s.traceId))).toBe(true);
    expect(rx.spans).toHaveLength(turns.length * 3);
  });

  it('adds OTEL_RESOURCE_ATTRIBUTES to the resource of spans and metrics alike; service.name stays the configured one', async () => {
    process.env.OTEL_RESOURCE_ATTRIBUTES = 'deployment.environment=staging,service.namespace=agents,service.name=not-this-one';
    const rx = await start();
    createCounter('channel.sent', { unit: '{message}' }).add(1, { 'channel.name': 'status' });
    await demoTurn(1);
    await handle!.forceFlush();
    await rx.waitFor(() => rx.spans.length >= 3 && rx.metricPoints.length > 0, 'spans and metrics');

    const expected = { 'deployment.environment': 'staging', 'service.namespace': 'agents', 'service.name': 'zeph-otlp-test', 'telemetry.sdk.language': 'nodejs' };
    for (const span of rx.spans) expect(span.resource).toMatchObject(expected);
    for (const point of rx.metricPoints) expect(point.resource).toMatchObject(expected);
    // One instance id for both signals, so Grafana can join them per replica.
    const instanceIds = new Set([...rx.spans, ...rx.metricPoints].map((item) => item.resource['service.instance.id']));
    expect(instanceIds.size).toBe(1);
    expect([...instanceIds][0]).toEqual(expect.any(String));
  });

  it('reports an unusable OTEL_RESOURCE_ATTRIBUTES once, without its text, and exports without it', async () => {
    process.env.OTEL_RESOURCE_ATTRIBUTES = 'deployment.environment=prod,secretish-text-without-equals';
    const output = captureProcessOutput();
    let rx: OtlpTestReceiver;
    try {
      rx = await start();
      await demoTurn(1);
      await handle!.forceFlush();
    } finally {
      output.restore();
    }
    await rx.waitFor(() => rx.spans.length >= 3, 'three spans');
    expect(rx.spans[0].resource['deployment.environment']).toBeUndefined();
    const warnings = output.text().split('\n').filter((l) => l.includes('OTEL_RESOURCE_ATTRIBUTES'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('entry 2 is not key=value');
    expect(warnings[0]).not.toContain('secretish');
  });
});
