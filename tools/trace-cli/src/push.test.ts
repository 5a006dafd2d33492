import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { OtlpTestReceiver } from '@zeph/telemetry-core/testing/otlp-receiver';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliCaptured as run } from './run-cli-captured.js';
import { pushTrace } from './push.js';
import { writeTraceText } from './test-traces.js';

// The receiver is a loopback stand-in for Tempo's OTLP/HTTP endpoint (no Tempo runs here); it decodes
// what arrives with the official opentelemetry-proto definitions.
const HEADERS_KEY = 'ZEPH_OTEL_HEADERS';
const TOKEN = 'push-test-token-4c1f9a77e2';
const receivers: OtlpTestReceiver[] = [];

afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
  delete process.env[HEADERS_KEY];
});

async function receiver(behaviour?: Parameters<typeof OtlpTestReceiver.start>[0]): Promise<OtlpTestReceiver> {
  const rx = await OtlpTestReceiver.start(behaviour);
  receivers.push(rx);
  return rx;
}


const TRACE = 'a'.repeat(31) + '1';
const id = (n: number) => n.toString(16).padStart(16, '0');
const T0 = 1_764_000_000_000_000;

/** A trace as our Chrome layer writes it: children before parents, each span's events right after it. */
function writeRecordedTrace(turns = 3): string {
  const events: object[] = [{ name: 'process_name', ph: 'M', pid: 7, tid: 0, args: { name: 'billing-agent' } }];
  for (let t = 0; t < turns; t++) {
    const turn = id(100 + t);
    const chat = id(200 + t);
    const base = T0 + t * 10_000;
    events.push(
      { name: 'llm.chat', cat: 'llm', ph: 'X', ts: base + 100, dur: 2_000.5, pid: 7, tid: 1, args: { trace_id: TRACE, span_id: chat, parent_span_id: turn, span_kind: 'client', 'gen_ai.provider.name': 'openai', 'gen_ai.usage.input_tokens': 42, tags: ['a', 'b'], nested: { deep: 1 } } },
      { name: 'llm.retry', cat: 'llm', ph: 'i', s: 't', ts: base + 600, pid: 7, tid: 1, args: { span_id: chat, attempt: 2 } },
      { name: 'agent.turn', cat: 'agent', ph: 'X', ts: base, dur: 5_000, pid: 7, tid: 1, args: { trace_id: TRACE, span_id: turn, status: 'ERROR', status_message: `upstream said ${TOKEN}`, ...(t === turns - 1 ? { unfinished: true } : {}) } },
    );
  }
  events.push({ name: 'foreign.span', ph: 'X', ts: T0, dur: 1, pid: 7, tid: 2, args: {} });
  events.push({ name: 'broken.span', ph: 'X', ts: T0, dur: null, pid: 7, tid: 2, args: { trace_id: TRACE, span_id: id(999) } });
  return writeTraceText(`[\n${events.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`, 'c0ffee123456_20261128T101500.000Z.json');
}

describe('zeph-trace push', () => {
  it('sends every recorded span with ids, attributes, events, status and the vault headers', async () => {
    const rx = await receiver();
    process.env[HEADERS_KEY] = JSON.stringify({ authorization: `Bearer ${TOKEN}` });
    const { code, out, err } = await run('push', writeRecordedTrace(), '--endpoint', rx.endpoint);
    expect(code).toBe(0);
    expect(out).toBe(`pushed 6 spans (3 span events) in 1 request(s) to ${rx.endpoint}`);
    expect(err).toContain('1 complete events without trace and span ids');

    expect(rx.requests[0]).toMatchObject({ path: '/v1/traces', contentType: 'application/x-protobuf' });
    expect(rx.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    const chats = rx.spans.filter((s) => s.name === 'llm.chat');
    const turns = rx.spans.filter((s) => s.name === 'agent.turn');
    expect(chats).toHaveLength(3);
    expect(turns).toHaveLength(3);
    expect(chats[0]).toMatchObject({ traceId: TRACE, spanId: id(200), parentSpanId: id(100), kind: 3 }); // OTLP SPAN_KIND_CLIENT
    expect(chats[0].attributes).toEqual({ 'gen_ai.provider.name': 'openai', 'gen_ai.usage.input_tokens': 42, tags: ['a', 'b'], nested: '{"deep":1}' });
    expect(chats[0].events).toMatchObject([{ name: 'llm.retry', attributes: { attempt: 2 } }]);
    // service.name as the otlp backend would set it (telemetry.service_name); the session from the file name.
    expect(chats[0].resource).toEqual({ 'service.name': 'zeph-agent', 'zeph.session.id': 'c0ffee123456' });
    expect(turns[0]).toMatchObject({ parentSpanId: '', kind: 1, status: { code: 2 } }); // internal
    // The token is a registered secret once the headers are read: scrubbed from what is sent.
    expect(turns[0].status.message).toBe('upstream said [REDACTED]');
    expect(turns[2].attributes['zeph.span.unfinished']).toBe(true);
    for (const body of rx.rawBodies) expect(body.toString('latin1')).not.toContain(TOKEN);
  });

  it('keeps the clock: start, end and event times come from ts and dur in microseconds', async () => {
    const rx = await receiver();
    await pushTrace(writeRecordedTrace(1), { endpoint: rx.endpoint });
    const chat = rx.spans.find((s) => s.name === 'llm.chat')!;
    // ts T0 + 100 µs, dur 2000.5 µs, event at T0 + 600 µs.
    expect(BigInt(chat.startTimeUnixNano)).toBe(BigInt(T0 + 100) * 1000n);
    expect(BigInt(chat.endTimeUnixNano) - BigInt(chat.startTimeUnixNano)).toBe(2_000_500n);
    expect(BigInt(chat.events[0].timeUnixNano)).toBe(BigInt(T0 + 600) * 1000n);
    // Without a service name, the process name the trace recorded.
    expect(chat.resource['service.name']).toBe('billing-agent');
  });

  it('splits a long trace into batches and keeps each span its events across batch boundaries', async () => {
    const rx = await receiver();
    const result = await pushTrace(writeRecordedTrace(5), { endpoint: rx.endpoint, batchSize: 2, serviceName: 'renamed' });
    expect(result).toMatchObject({ spans: 10, spanEvents: 5, requests: 5, skipped: 1, terminated: true });
    expect(result.unreadableSpans).toMatchObject({ count: 1, first: { index: 17, reason: 'its dur is not a number (got null)' } });
    expect(rx.requestsTo('/v1/traces')).toHaveLength(5);
    for (const chat of rx.spans.filter((s) => s.name === 'llm.chat')) expect(chat.events.map((e) => e.name)).toEqual(['llm.retry']);
    expect(new Set(rx.spans.map((s) => s.resource['service.name']))).toEqual(new Set(['renamed']));
  });

  it('stops at an answer the endpoint refuses for good and says how far it got', async () => {
    const refusing = await receiver(() => ({ status: 400 }));
    process.env[HEADERS_KEY] = '{}';
    const { code, err } = await run('push', writeRecordedTrace(), '--endpoint', refusing.endpoint);
    expect(code).toBe(1);
    expect(err).toContain(`push to ${refusing.endpoint}/v1/traces: HTTP 400 (not retryable); 0 spans had been sent`);

    const third = await receiver((_request, index) => ({ status: index === 2 ? 400 : 200 }));
    await expect(pushTrace(writeRecordedTrace(5), { endpoint: third.endpoint, batchSize: 2 })).rejects.toThrow('HTTP 400 (not retryable); 4 spans had been sent');
    expect(third.requests).toHaveLength(3);
  });

  it('retries a refused connection a few times, then fails naming the endpoint', async () => {
    const closed = createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const endpoint = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(pushTrace(writeRecordedTrace(1), { endpoint })).rejects.toThrow(
      `push to ${endpoint}/v1/traces: connection refused (ECONNREFUSED) after 3 attempts; 0 spans had been sent`,
    );
  });

  it('needs the vault-held headers, as the otlp backend does, and names the key without a value', async () => {
    const { code, err } = await run('push', writeRecordedTrace(), '--endpoint', 'http://127.0.0.1:9');
    expect(code).toBe(1);
    expect(err).toContain('vault key ZEPH_OTEL_HEADERS');
    expect(err).toContain('use {} for none');
  });

  it('rejects bad arguments with usage', async () => {
    expect((await run('push')).err).toContain('push takes exactly one trace file');
    const bad = await run('push', writeRecordedTrace(), '--endpoint', 'collector:4318');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--endpoint collector:4318 is not an http(s) URL');
  });
});
