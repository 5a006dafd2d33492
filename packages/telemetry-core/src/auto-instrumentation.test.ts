// Spans are OpenTelemetry spans: an OpenTelemetry auto-instrumentation registered by the user lands
// in the same trace. Here the official undici instrumentation (Node's fetch) against a real HTTP
// server on loopback: its client span is a child of ours, and the request carries our trace context.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation, SpanKind } from '@opentelemetry/api';
import { withConversation } from './conversation-context.js';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { afterEach, describe, expect, it } from 'vitest';
import { withSpan } from './span-api.js';
import { startTestTelemetry, type TestTelemetry } from './testing/index.js';

let telemetry: TestTelemetry | undefined;
let instrumentation: UndiciInstrumentation | undefined;
const servers: Array<ReturnType<typeof createServer>> = [];

afterEach(async () => {
  instrumentation?.disable();
  await telemetry?.shutdown();
  for (const server of servers.splice(0)) server.close();
  telemetry = instrumentation = undefined;
});

async function startServer(): Promise<{ url: string; headers: IncomingHttpHeaders[] }> {
  const headers: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    headers.push(req.headers);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat`, headers };
}

describe('OpenTelemetry auto-instrumentation', () => {
  it("puts undici's fetch span under the active Zeph span and propagates the trace to the server", async () => {
    const server = await startServer();
    telemetry = await startTestTelemetry();
    // Registered after start-up, as a user would: it finds the global tracer provider core set.
    instrumentation = new UndiciInstrumentation();

    const body = await withSpan('llm.http_request', async () => (await fetch(server.url, { method: 'POST', body: '{}' })).text());
    expect(body).toBe('ok');

    const ours = telemetry.span('llm.http_request');
    const fetchSpan = telemetry.spans().find((s) => s.instrumentationScope.name === '@opentelemetry/instrumentation-undici');
    expect(fetchSpan, `spans: ${telemetry.names().join(', ')}`).toBeDefined();
    expect(fetchSpan!.kind).toBe(SpanKind.CLIENT);
    expect(fetchSpan!.attributes['http.request.method']).toBe('POST');
    expect(telemetry.parentOf(fetchSpan!)).toBe(ours);

    const traceparent = String(server.headers[0].traceparent);
    expect(traceparent).toBe(`00-${ours.spanContext().traceId}-${fetchSpan!.spanContext().spanId}-01`);
  });

  it('propagates the baggage the application sets, as the OpenTelemetry SDK does, and none of its own', async () => {
    const server = await startServer();
    telemetry = await startTestTelemetry();
    instrumentation = new UndiciInstrumentation();
    const withTenant = propagation.setBaggage(context.active(), propagation.createBaggage({ 'tenant.id': { value: 'acme' } }));
    await context.with(withTenant, () => withSpan('llm.http_request', async () => (await fetch(server.url)).text()));
    await withConversation('conv-1', () => withSpan('llm.http_request', async () => (await fetch(server.url)).text()));
    expect(server.headers[0].baggage).toBe('tenant.id=acme');
    // The conversation id stays in the process: baggage would hand it to every service called.
    expect(server.headers[1].baggage).toBeUndefined();
    expect(server.headers[1].traceparent).toBeDefined();
  });

  it('records nothing and sends no trace context while telemetry is paused', async () => {
    const server = await startServer();
    telemetry = await startTestTelemetry();
    instrumentation = new UndiciInstrumentation();
    telemetry.handle.pause();
    await withSpan('llm.http_request', async () => (await fetch(server.url)).text());
    telemetry.handle.resume();
    expect(telemetry.spans()).toEqual([]);
    expect(server.headers[0].traceparent).toBeUndefined();
  });
});
