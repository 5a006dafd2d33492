import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INVALID_SPAN_CONTEXT, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { initTelemetry, telemetryConfigSchema } from '@zeph/telemetry-core';
import { OtlpTestReceiver } from '@zeph/telemetry-core/testing/otlp-receiver';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliCaptured as run } from './run-cli-captured.js';
import { linksFrom } from './chrome-to-otlp.js';
import { pushTrace } from './push.js';
import { writeTraceText } from './test-traces.js';

// Span links go from the agent's Chrome trace to the OTLP endpoint: the receiver is a loopback
// stand-in for Tempo that decodes with the official opentelemetry-proto definitions.
const HEADERS_KEY = 'ZEPH_OTEL_HEADERS';
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  delete process.env[HEADERS_KEY];
});

async function receiver(): Promise<OtlpTestReceiver> {
  const rx = await OtlpTestReceiver.start();
  cleanups.push(() => rx.close());
  return rx;
}


const TRACE = 'b'.repeat(31) + '2';
const LINKED_TRACE = 'c'.repeat(31) + '3';
const id = (n: number) => n.toString(16).padStart(16, '0');
const T0 = 1_764_000_000_000_000;

describe('span links read back from a Chrome trace', () => {
  it('keep the trace flags the writer recorded (sampled), and have none when the file has none', () => {
    const links = linksFrom([
      { trace_id: LINKED_TRACE, span_id: id(1), trace_flags: 1 },
      { trace_id: LINKED_TRACE, span_id: id(2) },
    ]);
    expect(links.map((l) => l.context.traceFlags)).toEqual([1, 0]);
    // The OTLP receiver's proto (opentelemetry-proto before Link.flags) cannot show them on the wire;
    // the encoder writes a link's flags exactly as the SDK's serializer does (otlp-trace-encoder.test.ts).
  });
});

describe('zeph-trace push: span links', () => {
  it('sends the links a real agent trace recorded, with their ids and attributes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zeph-push-links-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const handle = await initTelemetry({
      config: telemetryConfigSchema.parse({ trace_dir: dir, system_metrics_interval_secs: 3600 }),
      sessionId: 'linksession',
      logFile: false,
      handleSignals: false,
      stderrLevel: 'error',
    });
    cleanups.push(() => handle.shutdown());
    const tracer = trace.getTracer('push-links-test');
    const earlier = tracer.startSpan('agent.turn', {}, ROOT_CONTEXT);
    earlier.end();
    const batch = tracer.startSpan('memory.consolidate', { links: [{ context: earlier.spanContext(), attributes: { 'link.reason': 'consolidated', 'link.index': 1, 'link.tags': ['x', 'y'] } }] }, ROOT_CONTEXT);
    // A link to an invalid context (all-zero ids) is recorded as the API allows, and left out by push.
    batch.addLink({ context: INVALID_SPAN_CONTEXT });
    batch.end();
    await handle.shutdown();

    const rx = await receiver();
    const result = await pushTrace(handle.traceFile!, { endpoint: rx.endpoint });
    expect(result).toMatchObject({ spans: 2, skipped: 0, skippedLinks: 1, terminated: true });
    const consolidate = rx.spans.find((s) => s.name === 'memory.consolidate')!;
    expect(consolidate.links).toEqual([
      { traceId: earlier.spanContext().traceId, spanId: earlier.spanContext().spanId, attributes: { 'link.reason': 'consolidated', 'link.index': 1, 'link.tags': ['x', 'y'] } },
    ]);
    // Links are not attributes of the span.
    expect(consolidate.attributes).not.toHaveProperty('links');
    expect(rx.spans.find((s) => s.name === 'agent.turn')!.links).toEqual([]);
  });

  it('skips malformed link entries, says how many, and sends the rest', async () => {
    const links = [
      { trace_id: LINKED_TRACE, span_id: id(7), attributes: { 'link.kind': 'follows', nested: { deep: 1 } } },
      { trace_id: LINKED_TRACE, span_id: id(8), trace_flags: 1 },
      { trace_id: LINKED_TRACE, span_id: id(11), trace_flags: 'sampled' }, // flags are a number 0..255
      { trace_id: LINKED_TRACE, span_id: id(12), trace_flags: 256 },
      'not an object',
      null,
      { trace_id: LINKED_TRACE.slice(1), span_id: id(9) }, // 31 hex digits
      { trace_id: LINKED_TRACE, span_id: 'zz' + id(9).slice(2) }, // not hex
      { trace_id: LINKED_TRACE.toUpperCase(), span_id: id(9) }, // our writer writes lower case
      { trace_id: LINKED_TRACE, span_id: id(10), attributes: 'not an object' },
    ];
    const events = [
      { name: 'process_name', ph: 'M', pid: 7, tid: 0, args: { name: 'billing-agent' } },
      { name: 'memory.consolidate', cat: 'memory', ph: 'X', ts: T0, dur: 500, pid: 7, tid: 1, args: { trace_id: TRACE, span_id: id(1), 'memory.items': 3, links } },
      // `links` that is not a list at all counts as one malformed entry.
      { name: 'tool.execute', cat: 'tool', ph: 'X', ts: T0 + 1_000, dur: 200, pid: 7, tid: 1, args: { trace_id: TRACE, span_id: id(2), links: { trace_id: LINKED_TRACE } } },
      { name: 'agent.turn', cat: 'agent', ph: 'X', ts: T0 + 2_000, dur: 100, pid: 7, tid: 1, args: { trace_id: TRACE, span_id: id(3) } },
    ];
    const file = writeTraceText(`[\n${events.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`, 'c0ffee123456_20261128T101500.000Z.json');

    const rx = await receiver();
    process.env[HEADERS_KEY] = '{}';
    const { code, out, err } = await run('push', file, '--endpoint', rx.endpoint);
    expect(code).toBe(0);
    expect(out).toBe(`pushed 3 spans (0 span events) in 1 request(s) to ${rx.endpoint}`);
    expect(err).toContain('note: 9 malformed span links (not an object with a valid trace and span id, trace flags 0-255 and object attributes) were left out');
    expect(err).not.toContain('complete events without trace and span ids');

    const consolidate = rx.spans.find((s) => s.name === 'memory.consolidate')!;
    expect(consolidate.links).toEqual([
      { traceId: LINKED_TRACE, spanId: id(7), attributes: { 'link.kind': 'follows', nested: '{"deep":1}' } },
      { traceId: LINKED_TRACE, spanId: id(8), attributes: {} },
    ]);
    expect(consolidate.attributes).toEqual({ 'memory.items': 3 });
    expect(rx.spans.find((s) => s.name === 'tool.execute')).toMatchObject({ links: [], attributes: {} });
    expect(rx.spans.find((s) => s.name === 'agent.turn')!.links).toEqual([]);
  });
});
