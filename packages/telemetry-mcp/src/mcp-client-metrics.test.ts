import { installMeterProvider } from '@zeph/telemetry-core';
import { CollectingMetricReader, startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { MeterProvider, type Histogram } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timeMcpOperation } from './mcp-client-metrics.js';
import { MCP_ATTRIBUTES, MCP_METRICS } from './spans.js';

let telemetry: TestTelemetry;
let reader: CollectingMetricReader;
beforeAll(async () => {
  telemetry = await startTestTelemetry();
  reader = new CollectingMetricReader();
  installMeterProvider(new MeterProvider({ readers: [reader] }));
});
afterAll(async () => {
  installMeterProvider(undefined);
  await telemetry.shutdown();
});

describe('mcp.client.operation.duration', () => {
  it('records successes, tool errors and failures in seconds with error.type', async () => {
    const attributes = { [MCP_ATTRIBUTES.methodName]: 'tools/call', [MCP_ATTRIBUTES.genAiToolName]: 'x' };
    await timeMcpOperation(attributes, async () => ({ isError: false }), (r) => (r.isError ? 'tool_error' : undefined));
    await timeMcpOperation(attributes, async () => ({ isError: true }), (r) => (r.isError ? 'tool_error' : undefined));
    await expect(timeMcpOperation(attributes, async () => Promise.reject(Object.assign(new Error('gone'), { code: -32001 })))).rejects.toThrow('gone');
    const points = await reader.points<Histogram>(MCP_METRICS.clientOperationDuration);
    const byError = new Map(points.map((p) => [p.attributes[MCP_ATTRIBUTES.errorType] ?? 'ok', p.value.count]));
    expect(Object.fromEntries(byError)).toEqual({ ok: 1, tool_error: 1, '-32001': 1 });
    for (const point of points) {
      expect(point.attributes[MCP_ATTRIBUTES.methodName]).toBe('tools/call');
      // Recorded in seconds, with the bucket boundaries the MCP conventions advise.
      expect(point.value.buckets.boundaries.slice(0, 3)).toEqual([0.01, 0.02, 0.05]);
    }
  });

  it('does nothing without attributes (telemetry off)', async () => {
    expect(await timeMcpOperation(undefined, async () => 7)).toBe(7);
  });
});
