import { context, propagation, trace } from '@opentelemetry/api';
import { withSpan } from '@zeph/telemetry-core';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { extractTraceContext, injectTraceContext } from './trace-context-meta.js';

let telemetry: TestTelemetry | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
});

describe('trace context in MCP _meta', () => {
  it('carries the trace context and the application\'s baggage to the other side', async () => {
    telemetry = await startTestTelemetry();
    const withTenant = propagation.setBaggage(context.active(), propagation.createBaggage({ 'tenant.id': { value: 'acme' } }));
    const meta = await context.with(withTenant, () => withSpan('mcp.call_tool', () => injectTraceContext({})));
    expect(meta.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(meta.baggage).toBe('tenant.id=acme');

    const received = extractTraceContext(meta);
    expect(propagation.getBaggage(received)?.getEntry('tenant.id')?.value).toBe('acme');
    expect(trace.getSpanContext(received)?.spanId).toBe(telemetry.span('mcp.call_tool').spanContext().spanId);
  });
});
