import { trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../global-registry.js';
import type { TelemetryHandle } from '../init-telemetry.js';
import { registerSecretValue } from '../redact.js';
import { withSpan } from '../span-api.js';
import { startOtlpTelemetry } from '../test-fixtures/otlp-telemetry.js';
import { OtlpTestReceiver, type ReceiverBehaviour } from '../testing/otlp-receiver.js';
import type { LogRecord } from '../types.js';
import type { OtlpLayer, OtlpLayerOptions } from './otlp-types.js';

// Log records over OTLP/HTTP to a loopback receiver that decodes them with the official
// opentelemetry-proto definitions (a collector stand-in; see testing/otlp-receiver.ts).
const HEADERS_KEY = 'ZEPH_TEST_LOG_HEADERS';
let receiver: OtlpTestReceiver | undefined;
let handle: TelemetryHandle | undefined;
let captured: LogRecord[] = [];

afterEach(async () => {
  await handle?.shutdown();
  await receiver?.close();
  handle = undefined;
  receiver = undefined;
  captured = [];
  delete process.env[HEADERS_KEY];
});

const FAST: OtlpLayerOptions = {
  retry: { maxAttempts: 2, initialBackoffMs: 10, maxBackoffMs: 20 },
  attemptTimeoutMs: 2_000,
  batch: { scheduledDelayMs: 20 },
  metricExportIntervalMs: 60_000,
  shutdownDeadlineMs: 2_000,
};

async function start(behaviour?: ReceiverBehaviour, otlp: OtlpLayerOptions = FAST): Promise<{ rx: OtlpTestReceiver; layer: OtlpLayer }> {
  receiver = await OtlpTestReceiver.start(behaviour);
  const started = await startOtlpTelemetry(receiver.endpoint, {
    headersKey: HEADERS_KEY,
    headers: { authorization: 'Bearer log-test-token-42' },
    config: { service_name: 'zeph-log-test' },
    sessionId: 'sess-logs-1',
    otlp,
  });
  handle = started.handle;
  captured = started.logs;
  return { rx: receiver, layer: started.layer };
}

describe('OTLP log export', () => {
  it('sends info and above with severity, scope, attributes, resource, headers and the ids of the active span', async () => {
    const { rx } = await start();
    registerSecretValue('zk-log-secret-77');
    const log = createLogger('demo-agent');
    log.debug('not exported');
    log.info('turn started', { turn: 3, tool: 'shell', args: { cmd: 'ls' } });
    const ids = await withSpan('agent.turn', async () => {
      log.warn('model slow, token zk-log-secret-77 refreshed', { api_key: 'zk-log-secret-77', latency_ms: 1500.5 });
      return trace.getActiveSpan()!.spanContext();
    });
    await handle!.forceFlush();
    await rx.waitFor(() => rx.logRecords.some((r) => r.severityText === 'WARN') && rx.spans.length > 0, 'the warning and the span');

    const mine = rx.logRecords.filter((r) => r.scope === 'demo-agent');
    expect(mine.map((r) => r.body)).toEqual(['turn started', 'model slow, token [REDACTED] refreshed']);
    const [info, warn] = mine;
    expect(info).toMatchObject({ severityNumber: 9, severityText: 'INFO', traceId: '', spanId: '' });
    expect(info.attributes).toEqual({ turn: 3, tool: 'shell', args: '{"cmd":"ls"}' });
    expect(warn).toMatchObject({ severityNumber: 13, severityText: 'WARN', traceId: ids.traceId, spanId: ids.spanId, flags: 1 });
    expect(warn.attributes).toEqual({ api_key: '[REDACTED]', latency_ms: 1500.5 });
    // The same trace as the exported span, under the same resource.
    expect(rx.spans.find((s) => s.name === 'agent.turn')?.spanId).toBe(ids.spanId);
    expect(warn.resource).toMatchObject({ 'service.name': 'zeph-log-test', 'zeph.session.id': 'sess-logs-1' });
    expect(Number(BigInt(warn.timeUnixNano) / 1_000_000n)).toBeGreaterThan(Date.now() - 60_000);
    expect(rx.requestsTo('/v1/logs')[0].headers.authorization).toBe('Bearer log-test-token-42');
    for (const body of rx.rawBodies) expect(body.includes('zk-log-secret-77')).toBe(false);
  });

  it('sends no log records when told not to', async () => {
    const { rx } = await start(undefined, { ...FAST, logs: false });
    createLogger('demo-agent').warn('stays local');
    await withSpan('agent.turn', async () => {});
    await handle!.forceFlush();
    await rx.waitFor(() => rx.spans.length > 0, 'the span');
    expect(rx.requestsTo('/v1/logs')).toHaveLength(0);
    expect(captured.some((r) => r.message === 'stays local')).toBe(true);
  });

  it('keeps the agent going when the endpoint has no logs pipeline: one warning, records counted, spans still exported', async () => {
    const { rx, layer } = await start((request) => (request.path === '/v1/logs' ? { status: 404 } : { status: 200 }), {
      ...FAST,
      logs: { exportIntervalMs: 20 },
    });
    const log = createLogger('demo-agent');
    for (let i = 0; i < 30; i++) {
      await withSpan('agent.turn', async () => log.info(`turn ${i}`));
      if (i % 10 === 9) await handle!.forceFlush();
    }
    await handle!.forceFlush();
    await rx.waitFor(() => rx.spans.length >= 30, 'thirty spans');
    expect(rx.requestsTo('/v1/logs').length).toBeGreaterThan(0);
    expect(layer.stats().exportedLogs).toBe(0);
    expect(layer.stats().droppedLogs).toBeGreaterThanOrEqual(30);
    const warnings = captured.filter((r) => r.message.startsWith('OTLP log export is dropping records'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toContain('zeph.telemetry.dropped_log_records');
  });

  it('holds a bounded number of records while the endpoint hangs', async () => {
    const { layer } = await start(() => ({ hang: true }), { ...FAST, attemptTimeoutMs: 60_000, logs: { exportIntervalMs: 60_000 } });
    const log = createLogger('demo-agent');
    for (let i = 0; i < 5000; i++) log.info(`record ${i}`);
    // 512 went out in the request that hangs; the queue holds at most 2048 more; the rest are counted.
    expect(layer.stats().droppedLogs).toBeGreaterThanOrEqual(5000 - 2048 - 512);
  });
});
