import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { LayerContext, TelemetryLayer } from '@zeph/telemetry-core';
import { AllocLayerMisuseError } from './frame-stack.js';
import { allocStatsBetween } from './alloc-stats.js';
import { createHeapCounters, type HeapCounters, type HeapReading } from './heap-counters.js';
import { ObjectSizeEstimator } from './object-size-estimator.js';
import { ALLOC_ATTRIBUTES, ALLOC_LAYER_KIND } from './spans.js';
import type { AllocLayerOptions } from './types.js';

const reading = (): HeapReading => ({ usedBytes: 0, freedBytes: 0, gcCount: 0 });

class AllocSpanProcessor implements SpanProcessor {
  // Keyed by span, not by a shared stack: concurrent async siblings end in any order.
  private readonly starts = new WeakMap<object, HeapReading>();
  private readonly end = reading();

  constructor(
    private readonly counters: HeapCounters,
    private readonly estimator: ObjectSizeEstimator,
  ) {}

  onStart(span: Span, _parentContext: Context): void {
    const start = reading();
    this.counters.read(start);
    this.starts.set(span, start);
  }

  onEnding(span: Span): void {
    const start = this.starts.get(span);
    if (!start) throw new AllocLayerMisuseError(`span ${span.name} ended without a recorded start`);
    this.starts.delete(span);
    this.counters.read(this.end);
    const stats = allocStatsBetween(start, this.end, this.estimator.meanBytes);
    span.setAttribute(ALLOC_ATTRIBUTES.allocBytes, stats.allocBytes);
    span.setAttribute(ALLOC_ATTRIBUTES.deallocBytes, stats.deallocBytes);
    span.setAttribute(ALLOC_ATTRIBUTES.netBytes, stats.netBytes);
    span.setAttribute(ALLOC_ATTRIBUTES.gcCount, stats.gcCount);
    if (stats.allocCount !== undefined) span.setAttribute(ALLOC_ATTRIBUTES.allocCount, stats.allocCount);
    if (stats.deallocCount !== undefined) span.setAttribute(ALLOC_ATTRIBUTES.deallocCount, stats.deallocCount);
    // How the numbers were obtained is the same for the whole process: said once per trace, on its
    // root span, instead of adding two strings to every span's export.
    const parent = span.parentSpanContext;
    if (!parent || parent.isRemote) {
      span.setAttribute(ALLOC_ATTRIBUTES.estimated, this.counters.source === 'gc-counters' ? 'count' : 'count,bytes');
      span.setAttribute(ALLOC_ATTRIBUTES.source, this.counters.source);
    }
  }

  onEnd(_span: ReadableSpan): void {}
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

/**
 * Adds alloc.* / dealloc.* attributes to every span. Attribution is process-wide between the span's
 * start and end: see the README for what that means when async spans overlap.
 */
export function createAllocLayer(options: AllocLayerOptions = {}): TelemetryLayer & { readonly source: HeapCounters['source'] } {
  const counters = createHeapCounters();
  const estimator = new ObjectSizeEstimator();
  return {
    kind: ALLOC_LAYER_KIND,
    source: counters.source,
    spanProcessor: new AllocSpanProcessor(counters, estimator),
    start(ctx: LayerContext) {
      if (counters.source === 'heap-delta') {
        ctx.log.warn('GC counters addon not built: alloc.bytes falls back to heap deltas and undercounts across GCs');
      }
      if (options.estimateCounts !== false) estimator.start(options.countRefreshMs ?? 10_000);
    },
    async shutdown() {
      estimator.stop();
    },
  };
}
