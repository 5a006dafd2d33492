// Our OTLP trace encoder against the serializer it stands in for, @opentelemetry/otlp-transformer's
// ProtobufTraceSerializer: the same real spans (from core's LeanTracerProvider and from the SDK's
// BasicTracerProvider) must give the same bytes, and those bytes decode with the official .proto files.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Tracer } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { decodeTraceRequest } from '../testing/otlp-receiver.js';
import { LeanTracerProvider } from '../tracing/lean-tracer-provider.js';
import { encodeTraceExportRequest } from './otlp-trace-encoder.js';

const resourceA = resourceFromAttributes({ 'service.name': 'encoder-test', 'host.name': 'héte', 'process.pid': 4242, 'deployment.ratio': 0.5 });
const resourceB = resourceFromAttributes({ 'service.name': 'other-service', 'schema.version': 2 }, { schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' });

function providers() {
  const exporter = new InMemorySpanExporter();
  const processors = [new SimpleSpanProcessor(exporter)];
  const lean = new LeanTracerProvider({ resource: resourceA, processors, sampleRate: 1 });
  const sdk = new BasicTracerProvider({ resource: resourceB, spanProcessors: processors });
  return { exporter, lean, sdk };
}

const LONG_TEXT = 'SELECT id, content, created_at FROM messages WHERE conversation_id = ? ORDER BY id DESC LIMIT ? -- '.repeat(3);

/** One of each thing a span can hold, in both providers' spans. */
function recordVariedSpans(tracer: Tracer, label: string): void {
  tracer.startActiveSpan(`${label}.root`, { kind: SpanKind.SERVER, attributes: { 'http.route': '/turn' } }, (root) => {
    for (const kind of [SpanKind.INTERNAL, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER]) {
      const span = tracer.startSpan(`${label}.kind.${kind}`, { kind });
      span.setAttributes({
        'str.ascii': 'plain',
        'str.utf8': 'naïve café — 日本語 🚀',
        'str.long': LONG_TEXT,
        'str.empty': '',
        'str.lone_surrogate': 'a\ud800b',
        'int.zero': 0,
        'int.small': 42,
        'int.large': 2 ** 40 + 7,
        'int.negative': -1,
        'int.very_negative': -(2 ** 45) - 3,
        'double.value': 3.25,
        'double.tiny': -1e-300,
        'bool.true': true,
        'bool.false': false,
        'array.str': ['a', 'é', ''],
        'array.num': [1, -2, 2.5],
        'array.bool': [true, false],
        'array.empty': [],
      });
      span.addEvent('event.plain');
      span.addEvent('event.with_attributes', { 'event.count': 3, 'event.text': 'ünïcode' }, [1_700_000_000, 123_456_789]);
      if (kind === SpanKind.CLIENT) span.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream said «no»' });
      if (kind === SpanKind.PRODUCER) span.setStatus({ code: SpanStatusCode.OK });
      span.end();
    }
    const linked = tracer.startSpan(`${label}.linked`, {
      links: [
        {
          context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED, isRemote: true, traceState: new TraceState('vendor=value,other=1') },
          attributes: { 'link.reason': 'follows' },
        },
        { context: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.NONE } },
      ],
      startTime: [1, 999_999_999],
    });
    linked.end([4_102_444_800, 1]);
    root.end();
  });
  // A remote parent with trace state: the child carries both, and the flags mark the parent remote.
  const remote = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: 'eee19b7ec3c1b174',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: new TraceState('congo=t61rcWkgMzE'),
  });
  tracer.startSpan(`${label}.remote_child`, {}, remote).end();
  // Many attributes: a span longer than 16 KiB needs a three-byte length.
  const big = tracer.startSpan(`${label}.big`);
  for (let i = 0; i < 100; i++) big.setAttribute(`big.attribute.${i}`, LONG_TEXT);
  big.end();
  tracer.startSpan('').end();
}

function spansFromBothProviders(): ReadableSpan[] {
  const { exporter, lean, sdk } = providers();
  recordVariedSpans(lean.getTracer('zeph-lean', '1.2.3'), 'lean');
  recordVariedSpans(lean.getTracer('zeph-lean-second-scope'), 'lean2');
  recordVariedSpans(sdk.getTracer('sdk-tracer', '9.9.9', { schemaUrl: 'https://opentelemetry.io/schemas/1.29.0' }), 'sdk');
  return exporter.getFinishedSpans();
}

describe('encodeTraceExportRequest', () => {
  it('writes exactly the bytes of the SDK serializer, across resources, scopes and every kind of value', () => {
    const spans = spansFromBothProviders();
    expect(spans.length).toBeGreaterThan(20);
    const ours = Buffer.from(encodeTraceExportRequest(spans));
    const theirs = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
    expect(ours.length).toBe(theirs.length);
    expect(ours.equals(theirs)).toBe(true);
    // And a second time, when the resource, scopes and keys come from the caches.
    expect(Buffer.from(encodeTraceExportRequest(spans)).equals(theirs)).toBe(true);
  });

  it('matches for one span, for a large batch, and for no spans', () => {
    const spans = spansFromBothProviders();
    const single = [spans[0]];
    expect(Buffer.from(encodeTraceExportRequest(single)).equals(Buffer.from(ProtobufTraceSerializer.serializeRequest(single)!))).toBe(true);
    const large = Array.from({ length: 40 }, () => spans).flat();
    expect(Buffer.from(encodeTraceExportRequest(large)).equals(Buffer.from(ProtobufTraceSerializer.serializeRequest(large)!))).toBe(true);
    expect(encodeTraceExportRequest([]).length).toBe(0);
  });

  it('decodes with the official opentelemetry-proto definitions', () => {
    const spans = spansFromBothProviders();
    const decoded = decodeTraceRequest(Buffer.from(encodeTraceExportRequest(spans)));
    expect(decoded).toHaveLength(spans.length);
    const byName = new Map(decoded.map((s) => [s.name, s]));
    const client = byName.get(`lean.kind.${SpanKind.CLIENT}`)!;
    expect(client.attributes['str.utf8']).toBe('naïve café — 日本語 🚀');
    expect(client.attributes['int.very_negative']).toBe(-(2 ** 45) - 3);
    expect(client.attributes['array.num']).toEqual([1, -2, 2.5]);
    expect(client.status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'upstream said «no»' });
    expect(byName.get('sdk.big')!.attributes['big.attribute.99']).toBe(LONG_TEXT);
    expect(byName.get('lean.remote_child')!.parentSpanId).toBe('eee19b7ec3c1b174');
  });
});
