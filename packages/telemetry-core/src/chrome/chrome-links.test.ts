// Span links in the Chrome trace: a span started with links (or given one later) carries them in its
// X event's args as `links: [{trace_id, span_id, trace_flags?, attributes?}]`, so `zeph-trace push` can restore
// them; spans without links have no `links` key at all.
import { INVALID_SPAN_CONTEXT, ROOT_CONTEXT, trace, type SpanContext } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { startChromeTelemetry, type ChromeTelemetry } from '../test-fixtures/chrome-telemetry.js';
import { useTempDirs } from '../test-fixtures/temp-dir.js';
import { LeanTracerProvider } from '../tracing/lean-tracer-provider.js';
import { withSpan } from '../span-api.js';
import type { ChromeTraceEvent } from './chrome-trace-types.js';
import { readChromeTrace } from './read-chrome-trace.js';
import { SpanRecord } from './span-record.js';
import { validateChromeTrace } from './validate-chrome-trace.js';

const tempDir = useTempDirs();
let running: ChromeTelemetry | undefined;
afterEach(async () => {
  await running?.handle.shutdown();
  running = undefined;
});

const spanNamed = (events: ChromeTraceEvent[], name: string) => events.find((e) => e.ph === 'X' && e.name === name)!;

describe('Chrome trace span links', () => {
  it('writes the links of a span into its event args and no links key for spans without', async () => {
    const telemetry = (running = await startChromeTelemetry(tempDir()));
    const tracer = trace.getTracer('links-test');
    // Two earlier turns, each its own trace, that the batch span links to.
    const first = tracer.startSpan('agent.turn', {}, ROOT_CONTEXT);
    first.end();
    const second = tracer.startSpan('agent.turn', {}, ROOT_CONTEXT);
    second.end();
    const batch = tracer.startSpan('memory.consolidate', {
      attributes: { 'memory.items': 2 },
      links: [{ context: first.spanContext(), attributes: { 'link.reason': 'consolidated "turn"', 'link.index': 0, 'link.tags': ['a', 'b'] } }, { context: second.spanContext() }],
    });
    batch.addLink({ context: first.spanContext(), attributes: {} });
    batch.end();
    await withSpan('tool.execute', async () => {});
    await telemetry.handle.shutdown();

    const { events, terminated } = await readChromeTrace(telemetry.traceFile);
    expect(terminated).toBe(true);
    expect(validateChromeTrace(events)).toEqual([]);
    const consolidate = spanNamed(events, 'memory.consolidate');
    expect(consolidate.args).toMatchObject({ 'memory.items': 2, trace_id: batch.spanContext().traceId, span_id: batch.spanContext().spanId });
    expect(consolidate.args?.links).toEqual([
      // The linked turns were sampled: trace_flags 1.
      { trace_id: first.spanContext().traceId, span_id: first.spanContext().spanId, trace_flags: 1, attributes: { 'link.reason': 'consolidated "turn"', 'link.index': 0, 'link.tags': ['a', 'b'] } },
      { trace_id: second.spanContext().traceId, span_id: second.spanContext().spanId, trace_flags: 1 },
      // Empty attributes are not written.
      { trace_id: first.spanContext().traceId, span_id: first.spanContext().spanId, trace_flags: 1 },
    ]);

    const withoutLinks = events.filter((e) => e.ph === 'X' && e.name !== 'memory.consolidate');
    expect(withoutLinks.map((e) => e.name).sort()).toEqual(['agent.turn', 'agent.turn', 'tool.execute']);
    for (const event of withoutLinks) expect(Object.keys(event.args ?? {})).not.toContain('links');
  });

  it('keeps the line valid JSON when a link context carries ids that are not hex', () => {
    const tracer = new LeanTracerProvider({ resource: resourceFromAttributes({}), processors: [], sampleRate: 1 }).getTracer('links-test');
    const odd = { traceId: 'not"hex\n', spanId: 'x', traceFlags: 0 } as SpanContext;
    const oddFlags = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: '1,"x":2' as unknown as number } as SpanContext;
    const span = tracer.startSpan('tool.execute', { links: [{ context: odd }, { context: INVALID_SPAN_CONTEXT }, { context: oddFlags }] });
    span.end();
    const record = new SpanRecord(span as unknown as ReadableSpan, 10, 1);
    record.endUs = 20;
    const line = record.jsonLine();
    expect(line).not.toContain('\n');
    expect(JSON.parse(line).args.links).toEqual([
      { trace_id: 'not"hex\n', span_id: 'x' },
      { trace_id: INVALID_SPAN_CONTEXT.traceId, span_id: INVALID_SPAN_CONTEXT.spanId },
      // Flags that are not a number from 1 to 255 are not written at all.
      { trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) },
    ]);
  });
});
