import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { TelemetryHandle } from '../init-telemetry.js';
import { instrument, withSpan } from '../span-api.js';
import { OTLP_ATTRIBUTES, OTLP_METRICS } from '../spans.js';
import { startOtlpTelemetry } from '../test-fixtures/otlp-telemetry.js';
import { OtlpTestReceiver, type ReceiverBehaviour } from '../testing/otlp-receiver.js';
import type { LogRecord } from '../types.js';
import type { OtlpLayer, OtlpLayerOptions } from './otlp-types.js';

// Fault injection against a loopback OTLP/HTTP receiver (a collector stand-in; see testing/otlp-receiver.ts).
const HEADERS_KEY = 'ZEPH_TEST_FAULT_HEADERS';
let receiver: OtlpTestReceiver | undefined;
let handle: TelemetryHandle | undefined;
let logs: LogRecord[] = [];

afterEach(async () => {
  await handle?.shutdown();
  await receiver?.close();
  handle = undefined;
  receiver = undefined;
  logs = [];
  delete process.env[HEADERS_KEY];
});

const FAST_RETRY: OtlpLayerOptions = {
  retry: { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 40, maxRetryAfterMs: 5_000 },
  attemptTimeoutMs: 2_000,
  batch: { scheduledDelayMs: 20, maxExportBatchSize: 64, maxQueueSize: 512 },
  metricExportIntervalMs: 60_000,
  shutdownDeadlineMs: 2_000,
};

async function start(endpoint: string, otlp: OtlpLayerOptions = FAST_RETRY): Promise<OtlpLayer> {
  const started = await startOtlpTelemetry(endpoint, { headersKey: HEADERS_KEY, otlp });
  handle = started.handle;
  logs = started.logs;
  return started.layer;
}

async function startWith(behaviour: ReceiverBehaviour, otlp?: OtlpLayerOptions): Promise<{ rx: OtlpTestReceiver; layer: OtlpLayer }> {
  receiver = await OtlpTestReceiver.start(behaviour);
  return { rx: receiver, layer: await start(receiver.endpoint, otlp) };
}

const llmCall = instrument('llm.chat', async (prompt: string) => `answer to ${prompt}`);

/** A demo-like turn with three spans; returns the turn's own result so completion can be checked. */
async function demoTurn(index: number): Promise<string> {
  return withSpan('agent.turn', async () => {
    await withSpan('context.assembly', async () => {});
    return llmCall(`q${index}`);
  });
}

async function runTurns(count: number): Promise<string[]> {
  const answers: string[] = [];
  for (let i = 0; i < count; i++) answers.push(await demoTurn(i));
  return answers;
}

const dropLogLines = () => logs.filter((r) => r.scope !== 'test-log-capture' && r.message.includes('dropping spans'));

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('OTLP faults never reach the agent', () => {
  it('connection refused: turns complete, spans are dropped and counted, one log line for the burst', async () => {
    const layer = await start(`http://127.0.0.1:${await closedPort()}`);
    const answers = await runTurns(30);
    expect(answers).toHaveLength(30);
    expect(answers[29]).toBe('answer to q29');
    await handle!.forceFlush();
    const stats = layer.stats();
    expect(stats.exportedSpans).toBe(0);
    expect(stats.droppedSpans).toBe(90);
    expect(stats.droppedByReason.export_failed).toBe(90);
    expect(dropLogLines()).toHaveLength(1);
    expect(dropLogLines()[0].message).toContain('ECONNREFUSED');
  });

  it('503 with Retry-After: waits as told, then delivers', async () => {
    const arrivals: number[] = [];
    const { rx, layer } = await startWith((req) => {
      if (req.path !== '/v1/traces') return { status: 200 };
      arrivals.push(Date.now());
      return arrivals.length === 1 ? { status: 503, headers: { 'retry-after': '1' } } : { status: 200 };
    });
    await runTurns(5);
    await handle!.forceFlush();
    await rx.waitFor(() => rx.spans.length >= 15, 'the retried batch');
    expect(rx.spans).toHaveLength(15);
    expect(layer.stats().droppedSpans).toBe(0);
    expect(arrivals.length).toBe(2);
    // Backoff alone would be at most 40 ms here; the second attempt came after the server's 1 s.
    expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(950);
  });

  it('429 is retried with backoff until accepted; a Retry-After beyond the limit drops the batch', async () => {
    let traceRequests = 0;
    const { rx, layer } = await startWith((req) => {
      if (req.path !== '/v1/traces') return { status: 200 };
      traceRequests++;
      return traceRequests <= 2 ? { status: 429 } : { status: 200 };
    });
    await runTurns(4);
    await handle!.forceFlush();
    await rx.waitFor(() => rx.spans.length >= 12, 'the batch after two 429s');
    expect(traceRequests).toBe(3);
    expect(layer.stats().droppedSpans).toBe(0);
    await handle!.shutdown();
    await rx.close();

    const second = await startWith((req) => (req.path === '/v1/traces' ? { status: 429, headers: { 'retry-after': '3600' } } : { status: 200 }));
    await runTurns(2);
    await handle!.forceFlush();
    expect(second.rx.requestsTo('/v1/traces')).toHaveLength(1);
    expect(second.layer.stats().droppedByReason.export_failed).toBe(6);
    expect(dropLogLines()[0].message).toContain('Retry-After 3600 s');
  });

  it('400 is not retried: the batch is dropped and counted in zeph.telemetry.dropped_spans', async () => {
    const { rx, layer } = await startWith((req) => (req.path === '/v1/traces' ? { status: 400 } : { status: 200 }));
    await runTurns(10);
    await handle!.forceFlush();
    const traceRequests = rx.requestsTo('/v1/traces').length;
    expect(traceRequests).toBeGreaterThan(0);
    expect(layer.stats().droppedSpans).toBe(30);
    // Each span went over the wire exactly once: a retried batch would be sent two or three times.
    const sentSpans = rx.requests.flatMap((r, i) => (r.path === '/v1/traces' ? rx.spansInRequest(i) : []));
    expect(sentSpans).toHaveLength(30);
    expect(new Set(sentSpans.map((s) => s.spanId)).size).toBe(30);
    expect(dropLogLines()).toHaveLength(1);
    expect(dropLogLines()[0].message).toContain('HTTP 400 (not retryable)');

    await handle!.forceFlush(); // pushes the metrics, which the receiver accepts
    await rx.waitFor(() => rx.metricPoints.some((p) => p.name === OTLP_METRICS.droppedSpans), 'the dropped-spans counter');
    const counter = rx.metricPoints.filter((p) => p.name === OTLP_METRICS.droppedSpans).at(-1)!;
    expect(counter).toMatchObject({ kind: 'sum', value: 30, attributes: { [OTLP_ATTRIBUTES.dropReason]: 'export_failed' } });
  });

  it('black hole (accepts, never answers): attempts time out, turns complete, shutdown meets its deadline', async () => {
    const { rx, layer } = await startWith((req) => (req.path === '/v1/traces' ? { hang: true } : { status: 200 }), {
      ...FAST_RETRY,
      retry: { maxAttempts: 2, initialBackoffMs: 10, maxBackoffMs: 20 },
      attemptTimeoutMs: 150,
    });
    const answers = await runTurns(10);
    expect(answers).toHaveLength(10);
    await handle!.forceFlush();
    expect(rx.requestsTo('/v1/traces').length).toBeGreaterThanOrEqual(2);
    expect(layer.stats().droppedByReason.export_failed).toBe(30);
    expect(dropLogLines()[0].message).toContain('no answer within 150 ms');
  });

  it('shutdown gives up at its deadline even while an attempt would wait for minutes', async () => {
    const { layer } = await startWith((req) => (req.path === '/v1/traces' ? { hang: true } : { status: 200 }), {
      ...FAST_RETRY,
      retry: { maxAttempts: 5, initialBackoffMs: 60_000, maxBackoffMs: 60_000 },
      attemptTimeoutMs: 300_000,
      shutdownDeadlineMs: 300,
    });
    await runTurns(5);
    // Without the deadline this would outlast the test timeout (attempts of 5 minutes).
    await handle!.shutdown();
    const stats = layer.stats();
    expect(stats.droppedByReason.shutdown_deadline).toBe(15);
    expect(stats.queuedSpans).toBe(0);
  });

  it('slow receiver: the queue stays bounded, overflow is counted, every span is accounted for', async () => {
    const maxQueueSize = 128;
    const { rx, layer } = await startWith((req) => (req.path === '/v1/traces' ? { status: 200, delayMs: 150 } : { status: 200 }), {
      ...FAST_RETRY,
      batch: { scheduledDelayMs: 10, maxExportBatchSize: 32, maxQueueSize },
    });
    let maxQueued = 0;
    const turns = 1500;
    for (let i = 0; i < turns; i++) {
      await demoTurn(i);
      maxQueued = Math.max(maxQueued, layer.stats().queuedSpans);
    }
    await handle!.forceFlush();
    const stats = layer.stats();
    expect(maxQueued).toBeLessThanOrEqual(maxQueueSize);
    expect(stats.droppedByReason.queue_full).toBeGreaterThan(0);
    expect(stats.exportedSpans + stats.droppedSpans).toBe(turns * 3);
    expect(rx.spans).toHaveLength(stats.exportedSpans);
    expect(dropLogLines().length).toBeLessThan(stats.droppedSpans);
  });
});

describe('flushing against a black hole', () => {
  it('forceFlush returns at its deadline while the export keeps its own timeout', async () => {
    const { layer } = await startWith((req) => (req.path === '/v1/traces' ? { hang: true } : { status: 200 }), {
      ...FAST_RETRY,
      attemptTimeoutMs: 300_000,
      batch: { ...FAST_RETRY.batch, flushDeadlineMs: 200 },
    });
    await runTurns(3);
    // Without the deadline this would wait for 5-minute attempts and outlast the test timeout.
    await handle!.forceFlush();
    expect(layer.stats().exportedSpans).toBe(0);
    await handle!.shutdown(); // the shutdown deadline then drops what is still in flight
    expect(layer.stats().droppedByReason.shutdown_deadline).toBe(9);
  });
});
