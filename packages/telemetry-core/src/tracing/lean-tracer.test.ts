// The lean tracer against the SDK it stands in for: the same calls on both, then the exported
// ReadableSpans compared field by field (times within a millisecond, since the two read the clock
// at different instants). Both sides are real: SDK 2.x BasicTracerProvider and our provider, each
// feeding an InMemorySpanExporter through a SimpleSpanProcessor.
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { hrTimeToMilliseconds, suppressTracing, W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, ParentBasedSampler, SamplingDecision, SimpleSpanProcessor, TraceIdRatioBasedSampler, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeanSpan } from './lean-span.js';
import { LeanTracerProvider } from './lean-tracer-provider.js';

const resource = resourceFromAttributes({ 'service.name': 'lean-test' });

function lean(sampleRate = 1) {
  const exporter = new InMemorySpanExporter();
  const provider = new LeanTracerProvider({ resource, processors: [new SimpleSpanProcessor(exporter)], sampleRate });
  return { exporter, provider, tracer: provider.getTracer('lean-test', '1.0.0') };
}

function sdk(sampleRate = 1) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(sampleRate) }),
  });
  return { exporter, provider, tracer: provider.getTracer('lean-test', '1.0.0') };
}

/** Every ReadableSpan field that does not depend on ids or the clock. */
function shape(span: ReadableSpan) {
  return {
    name: span.name,
    kind: span.kind,
    status: span.status,
    attributes: span.attributes,
    // The stack trace differs by the line that threw; its presence is checked below.
    events: span.events.map((e) => ({ name: e.name, attributes: { ...e.attributes, 'exception.stacktrace': typeof e.attributes?.['exception.stacktrace'] }, droppedAttributesCount: e.droppedAttributesCount ?? 0 })),
    links: span.links.map((l) => ({ attributes: l.attributes })),
    ended: span.ended,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
    scope: span.instrumentationScope.name,
    service: span.resource.attributes['service.name'],
    hasParent: span.parentSpanContext !== undefined,
  };
}

/** A workload touching every part of the Span API, run identically on a tracer. */
function exercise(tracer: Tracer): void {
  const linked = tracer.startSpan('linked');
  linked.end();
  tracer.startActiveSpan('outer', { kind: SpanKind.SERVER, attributes: { 'a.str': 'x', 'a.num': 1, 'a.bad': { nested: true } as never } }, (outer) => {
    outer.setAttribute('a.bool', false);
    outer.setAttribute('a.list', ['p', 'q']);
    outer.setAttribute('a.mixed', ['p', 1] as never);
    outer.setAttribute('a.undefined', undefined as never);
    outer.setAttributes({ 'b.one': 1, 'b.two': 'two' });
    outer.addEvent('plain');
    outer.addEvent('with-attrs', { 'e.k': 'v', 'e.bad': {} as never });
    outer.addLink({ context: linked.spanContext(), attributes: { 'l.k': 1 } });
    const inner = tracer.startSpan('inner', { links: [{ context: linked.spanContext() }] });
    inner.recordException(Object.assign(new Error('boom'), { code: 'E_BOOM' }));
    inner.setStatus({ code: SpanStatusCode.ERROR, message: 'failed' });
    inner.updateName('inner-renamed');
    inner.end();
    inner.setAttribute('after.end', 1);
    outer.setStatus({ code: SpanStatusCode.OK });
    outer.setStatus({ code: SpanStatusCode.ERROR, message: 'too late: OK is final' });
    outer.end();
  });
}

let contextManager: AsyncLocalStorageContextManager;
beforeAll(() => {
  contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
});
afterAll(() => {
  context.disable();
  propagation.disable();
});

describe('the lean tracer', () => {
  it('exports the same spans as the SDK for the same calls', () => {
    const ours = lean();
    const theirs = sdk();
    exercise(ours.tracer);
    exercise(theirs.tracer);
    const a = ours.exporter.getFinishedSpans();
    const b = theirs.exporter.getFinishedSpans();
    expect(a.map(shape)).toEqual(b.map(shape));
    expect(a.every((s) => s instanceof LeanSpan)).toBe(true);
    // Parent links by id, as the SDK makes them.
    const byName = new Map(a.map((s) => [s.name, s]));
    expect(byName.get('inner-renamed')!.parentSpanContext?.spanId).toBe(byName.get('outer')!.spanContext().spanId);
    expect(byName.get('inner-renamed')!.spanContext().traceId).toBe(byName.get('outer')!.spanContext().traceId);
    for (const name of ['outer', 'inner-renamed']) expect(byName.get(name)!.links[0].context.spanId).toBe(byName.get('linked')!.spanContext().spanId);
    expect(byName.get('inner-renamed')!.events[0].attributes).toMatchObject({ 'exception.type': 'E_BOOM', 'exception.message': 'boom' });
  });

  it('gives wall-clock times that agree with the SDK and a duration that matches them', async () => {
    const ours = lean();
    const theirs = sdk();
    const a = ours.tracer.startSpan('timed');
    const b = theirs.tracer.startSpan('timed');
    await new Promise((r) => setTimeout(r, 20));
    a.end();
    b.end();
    const [sa] = ours.exporter.getFinishedSpans();
    const [sb] = theirs.exporter.getFinishedSpans();
    expect(Math.abs(hrTimeToMilliseconds(sa.startTime) - hrTimeToMilliseconds(sb.startTime))).toBeLessThan(5);
    expect(Math.abs(hrTimeToMilliseconds(sa.endTime) - hrTimeToMilliseconds(sb.endTime))).toBeLessThan(5);
    const duration = hrTimeToMilliseconds(sa.duration);
    expect(duration).toBeGreaterThanOrEqual(19);
    expect(Math.abs(duration - (hrTimeToMilliseconds(sa.endTime) - hrTimeToMilliseconds(sa.startTime)))).toBeLessThan(0.01);
    expect(Math.abs(Date.now() - hrTimeToMilliseconds(sa.endTime))).toBeLessThan(1000);
  });

  it('takes explicit start and end times in every TimeInput form', () => {
    const { tracer, exporter } = lean();
    const wallStart = Date.now() - 5000;
    tracer.startSpan('epoch-ms', { startTime: wallStart }).end(wallStart + 250);
    tracer.startSpan('date', { startTime: new Date(wallStart) }).end(new Date(wallStart + 250));
    tracer.startSpan('hrtime', { startTime: [Math.floor(wallStart / 1000), (wallStart % 1000) * 1e6] }).end([Math.floor((wallStart + 250) / 1000), ((wallStart + 250) % 1000) * 1e6]);
    const perfStart = performance.now() - 100;
    tracer.startSpan('perf', { startTime: perfStart }).end(perfStart + 40);
    tracer.startSpan('backwards', { startTime: wallStart }).end(wallStart - 1000);
    const spans = new Map(exporter.getFinishedSpans().map((s) => [s.name, s]));
    for (const name of ['epoch-ms', 'date', 'hrtime']) {
      const span = spans.get(name)!;
      expect(hrTimeToMilliseconds(span.startTime)).toBeCloseTo(wallStart, 0);
      expect(hrTimeToMilliseconds(span.duration)).toBeCloseTo(250, 3);
    }
    expect(hrTimeToMilliseconds(spans.get('perf')!.duration)).toBeCloseTo(40, 3);
    expect(Math.abs(hrTimeToMilliseconds(spans.get('perf')!.startTime) - (Date.now() - 100))).toBeLessThan(50);
    expect(spans.get('backwards')!.duration).toEqual([0, 0]);
  });

  it('keeps and drops root traces exactly as the SDK ratio sampler does, and children follow', () => {
    const ours = lean(0.5);
    for (let i = 0; i < 200; i++) {
      ours.tracer.startSpan(`root-${i}`).end();
    }
    const kept = ours.exporter.getFinishedSpans();
    expect(kept.length).toBeGreaterThan(60);
    expect(kept.length).toBeLessThan(140);
    // Every kept trace id is one the SDK's own ratio sampler keeps.
    const sampler = new TraceIdRatioBasedSampler(0.5);
    for (const span of kept) expect(sampler.shouldSample(ROOT_CONTEXT, span.spanContext().traceId).decision).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    // A sampled remote parent is followed even at ratio 0 ... and an unsampled one is not.
    const zero = lean(0);
    const remote = (flags: TraceFlags) => trace.setSpanContext(ROOT_CONTEXT, { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: flags, isRemote: true });
    zero.tracer.startSpan('child-of-sampled', {}, remote(TraceFlags.SAMPLED)).end();
    const dropped = zero.tracer.startSpan('child-of-unsampled', {}, remote(TraceFlags.NONE));
    dropped.end();
    expect(zero.exporter.getFinishedSpans().map((s) => s.name)).toEqual(['child-of-sampled']);
    expect(zero.exporter.getFinishedSpans()[0].parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(dropped.isRecording()).toBe(false);
    expect(dropped.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
  });

  it('records nothing where tracing is suppressed (an exporter sending its own requests)', () => {
    const { tracer, exporter } = lean();
    const span = tracer.startSpan('suppressed', {}, suppressTracing(ROOT_CONTEXT));
    span.end();
    expect(span.isRecording()).toBe(false);
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('makes distinct, valid W3C ids and stops attributes and events at the SDK limits', () => {
    const { tracer, exporter } = lean();
    const ids = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const span = tracer.startSpan('id');
      const { spanId, traceId } = span.spanContext();
      expect(spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      ids.add(spanId);
      span.end();
    }
    expect(ids.size).toBe(5000);
    exporter.reset();
    const crowded = tracer.startSpan('crowded');
    for (let i = 0; i < 200; i++) crowded.setAttribute(`k${i}`, i);
    crowded.setAttribute('k0', 'replaced');
    for (let i = 0; i < 130; i++) crowded.addEvent(`e${i}`);
    crowded.end();
    crowded.end(); // a second end changes nothing
    const [span] = exporter.getFinishedSpans();
    expect(Object.keys(span.attributes)).toHaveLength(128);
    expect(span.attributes.k0).toBe('replaced');
    expect(span.droppedAttributesCount).toBe(72);
    expect(span.events).toHaveLength(128);
    expect(span.events[0].name).toBe('e2');
    expect(span.droppedEventsCount).toBe(2);
    expect(exporter.getFinishedSpans()).toHaveLength(1);
  });
});
