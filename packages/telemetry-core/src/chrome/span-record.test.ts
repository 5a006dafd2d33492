// SpanRecord serialises itself into its JSON line by hand (the writer's fast path). The line must be
// the X event DESIGN.md describes, for every kind of span the tracer makes: with and without
// attributes, parent, status, unfinished marker, and attributes that collide with the id keys or
// need escaping. The expected event is built here as a plain object, the way JSON.stringify sees it.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { describe, expect, it } from 'vitest';
import { LeanTracerProvider } from '../tracing/lean-tracer-provider.js';
import { SpanRecord } from './span-record.js';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

const tracer = new LeanTracerProvider({ resource: resourceFromAttributes({}), processors: [], sampleRate: 1 }).getTracer('span-record-test');

/** The event the line must parse to: attributes, then the trace's args (which win over attributes). */
function expectedEvent(r: SpanRecord): object {
  const span = r.span;
  const args: Record<string, unknown> = { ...span.attributes, trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId };
  if (span.parentSpanContext?.spanId) args.parent_span_id = span.parentSpanContext.spanId;
  if (span.kind !== SpanKind.INTERNAL) args.span_kind = SpanKind[span.kind].toLowerCase();
  if (r.unfinished) args.unfinished = true;
  if (span.status.code === SpanStatusCode.ERROR) {
    args.status = 'ERROR';
    if (span.status.message) args.status_message = span.status.message;
  } else if (span.status.code === SpanStatusCode.OK) {
    args.status = 'OK';
  }
  const cat = span.name.includes('.') ? span.name.slice(0, span.name.indexOf('.')) : span.name;
  return { name: span.name, cat, ph: 'X', ts: r.startUs, dur: r.endUs - r.startUs, pid: r.pid, tid: r.lane + 1, args };
}

function record(span: ReadableSpan, options: { unfinished?: boolean } = {}): SpanRecord {
  const r = new SpanRecord(span, 1_000.25, 42);
  r.endUs = 1_750.5;
  r.lane = 3;
  r.unfinished = options.unfinished ?? false;
  return r;
}

describe('SpanRecord serialisation', () => {
  it('writes the X event with the span\'s attributes and the trace\'s args', () => {
    const parent = tracer.startSpan('agent.turn');
    const cases: ReadableSpan[] = [];
    const bare = tracer.startSpan('bare');
    bare.end();
    cases.push(bare as unknown as ReadableSpan);
    const rich = tracer.startSpan('llm.chat', { attributes: { 'gen_ai.system': 'openai', tokens: 12, ok: true, list: ['a', 'b'], quote: 'say "hi"\n\u2028' } }, trace.setSpan(ROOT_CONTEXT, parent));
    rich.setStatus({ code: SpanStatusCode.ERROR, message: 'failed: "bad" input' });
    rich.end();
    cases.push(rich as unknown as ReadableSpan);
    for (const kind of [SpanKind.CLIENT, SpanKind.SERVER, SpanKind.PRODUCER, SpanKind.CONSUMER]) {
      const withKind = tracer.startSpan('mcp.call_tool', { kind });
      withKind.end();
      cases.push(withKind as unknown as ReadableSpan);
    }
    const ok = tracer.startSpan('tool.execute', { attributes: { span_id: 'attribute that collides', trace_id: 'also' } });
    ok.setStatus({ code: SpanStatusCode.OK });
    ok.end();
    cases.push(ok as unknown as ReadableSpan);
    for (const span of cases) {
      for (const unfinished of [false, true]) {
        const r = record(span, { unfinished });
        const line = r.jsonLine();
        expect(JSON.parse(line)).toEqual(expectedEvent(r));
        expect(line).not.toContain('\n');
      }
    }
    expect(JSON.parse(record(cases[1]).jsonLine()).args).toMatchObject({ parent_span_id: parent.spanContext().spanId, status: 'ERROR', tokens: 12 });
    expect(JSON.parse(record(cases[2]).jsonLine()).args.span_kind).toBe('client');
    expect(JSON.parse(record(cases.at(-1)!).jsonLine()).args.span_id).toBe(ok.spanContext().spanId);
    expect(JSON.parse(record(cases[0]).jsonLine()).args.span_kind).toBeUndefined();
  });

  it('writes every timestamp exactly as JSON would, epoch microseconds included', () => {
    const span = tracer.startSpan('agent.turn');
    span.end();
    const epochNow = Math.floor(Date.now() * 1000);
    const starts = [0, 7, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 1e8, 1e8 + 5, epochNow, epochNow - (epochNow % 1e8), epochNow - (epochNow % 1e8) + 1, 123_456_789_012_345.5, Number.MAX_SAFE_INTEGER, 2 ** 60];
    for (const startUs of starts) {
      const r = new SpanRecord(span as unknown as ReadableSpan, startUs, 42);
      r.endUs = startUs;
      const line = r.jsonLine();
      expect(line).toContain(`"ts":${JSON.stringify(startUs)},`);
      expect(JSON.parse(line).ts).toBe(startUs);
    }
    const broken = new SpanRecord(span as unknown as ReadableSpan, Number.NaN, 42);
    expect(JSON.parse(broken.jsonLine()).ts).toBeNull();
  });

  it('gives each span its own trace id when spans of two traces alternate', () => {
    const spans = [tracer.startSpan('a.one'), tracer.startSpan('b.one'), tracer.startSpan('a.two'), tracer.startSpan('b.two')];
    for (const span of spans) span.end();
    for (const span of [...spans, ...spans.reverse()]) {
      const args = JSON.parse(record(span as unknown as ReadableSpan).jsonLine()).args;
      expect(args.trace_id).toBe(span.spanContext().traceId);
      expect(args.span_id).toBe(span.spanContext().spanId);
    }
  });
});
