import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { BoundedBatchSpanProcessor, type BoundedBatchHooks, type DropReason } from './bounded-batch-span-processor.js';

// Real spans from the SDK; the hooks are this processor's own seams (what the OTLP layer plugs in),
// recorded here instead of a network.
function endedSpans(names: string[]): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('test');
  for (const name of names) tracer.startSpan(name).end();
  return exporter.getFinishedSpans();
}

function recordingHooks(prepare: BoundedBatchHooks<string>['prepare'] = (spans) => ({ prepared: spans.map((s) => s.name), failed: 0 })) {
  const prepareCalls: string[][] = [];
  const batches: string[][] = [];
  const drops: Array<[number, DropReason, string | undefined]> = [];
  const hooks: BoundedBatchHooks<string> = {
    prepare(spans) {
      prepareCalls.push(spans.map((s) => s.name));
      return prepare(spans);
    },
    async exportBatch(items) {
      batches.push(items);
      return { ok: true, attempts: 1 };
    },
    onDrop: (count, reason, detail) => drops.push([count, reason, detail]),
    onExported() {},
  };
  return { hooks, prepareCalls, batches, drops };
}

describe('BoundedBatchSpanProcessor', () => {
  it('prepares ended spans in the next check phase, together, and exports what was prepared', async () => {
    const recorded = recordingHooks();
    const processor = new BoundedBatchSpanProcessor(recorded.hooks, { scheduledDelayMs: 60_000 });
    for (const span of endedSpans(['a', 'b', 'c'])) processor.onEnd(span);
    expect(recorded.prepareCalls).toEqual([]);
    expect(processor.queuedCount).toBe(3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(recorded.prepareCalls).toEqual([['a', 'b', 'c']]);
    expect(recorded.batches).toEqual([]);
    await processor.forceFlush();
    expect(recorded.batches).toEqual([['a', 'b', 'c']]);
    await processor.shutdown();
  });

  it('exports spans that ended just before a flush, before their preparation was due', async () => {
    const recorded = recordingHooks();
    const processor = new BoundedBatchSpanProcessor(recorded.hooks, { scheduledDelayMs: 60_000 });
    for (const span of endedSpans(['late'])) processor.onEnd(span);
    await processor.forceFlush();
    expect(recorded.batches).toEqual([['late']]);
    await processor.shutdown();
  });

  it('counts spans that could not be prepared as export failures, with the reason, and sends the rest', async () => {
    const recorded = recordingHooks((spans) => ({ prepared: spans.filter((s) => s.name !== 'bad').map((s) => s.name), failed: 1, reason: 'span bad could not be serialized' }));
    const processor = new BoundedBatchSpanProcessor(recorded.hooks, { scheduledDelayMs: 60_000 });
    for (const span of endedSpans(['ok1', 'bad', 'ok2'])) processor.onEnd(span);
    await processor.forceFlush();
    expect(recorded.drops).toEqual([[1, 'export_failed', 'span bad could not be serialized']]);
    expect(recorded.batches).toEqual([['ok1', 'ok2']]);
    await processor.shutdown();
  });

  it('bounds spans waiting for preparation and export together', async () => {
    const recorded = recordingHooks();
    const processor = new BoundedBatchSpanProcessor(recorded.hooks, { maxQueueSize: 2, scheduledDelayMs: 60_000 });
    for (const span of endedSpans(['1', '2', '3'])) processor.onEnd(span);
    expect(recorded.drops).toEqual([[1, 'queue_full', undefined]]);
    await processor.shutdown();
    expect(recorded.batches.flat()).toEqual(['1', '2']);
  });
});
