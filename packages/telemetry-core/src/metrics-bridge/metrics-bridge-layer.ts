import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { LatencyRecorder } from './latency-recorder.js';
import { recordersByKind, snapshotOf } from './latency-table.js';
import { createManualTimer } from './manual-timer.js';
import { METRIC_KINDS, METRICS_BRIDGE_LAYER_KIND, metricKindOfSpan } from './span-sources.js';
import type { MetricKind, MetricsBridge, MetricsBridgeOptions } from './types.js';

// Spans open at once are few; the cap only guards against spans that never end.
const MAX_OPEN_SPANS = 10_000;
const KIND_BIT: Record<MetricKind, number> = Object.fromEntries(METRIC_KINDS.map((k, i) => [k, 1 << i])) as Record<MetricKind, number>;

/**
 * Feeds span durations into latency summaries. Only the outermost span of each kind counts: a
 * memory.sqlite inside memory.recall, or an llm.chat inside another llm.chat (router), is part of
 * the outer operation, not a second one. Open spans carry a bitmask of the kinds around them.
 */
class SpanLatencyProcessor implements SpanProcessor {
  readonly recorders;
  private readonly enclosingKinds = new Map<string, number>();
  private readonly countedSpans = new Map<string, MetricKind>();

  constructor(maxSamples?: number) {
    this.recorders = recordersByKind(() => new LatencyRecorder(maxSamples));
  }

  onStart(span: Span, _parentContext: Context): void {
    const parentId = span.parentSpanContext?.spanId;
    const around = (parentId && this.enclosingKinds.get(parentId)) || 0;
    const kind = metricKindOfSpan(span.name);
    const spanId = span.spanContext().spanId;
    if (kind && (around & KIND_BIT[kind]) === 0) this.countedSpans.set(spanId, kind);
    const mask = kind ? around | KIND_BIT[kind] : around;
    // Spans outside every tracked kind need no entry: their children start from an empty mask too.
    if (mask !== 0) {
      if (this.enclosingKinds.size >= MAX_OPEN_SPANS) this.forgetOldest();
      this.enclosingKinds.set(spanId, mask);
    }
  }

  onEnd(span: ReadableSpan): void {
    const spanId = span.spanContext().spanId;
    this.enclosingKinds.delete(spanId);
    const kind = this.countedSpans.get(spanId);
    if (!kind) return;
    this.countedSpans.delete(spanId);
    this.recorders[kind].record(span.duration[0] * 1e3 + span.duration[1] / 1e6);
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}

  private forgetOldest(): void {
    const oldest = this.enclosingKinds.keys().next().value;
    if (oldest !== undefined) {
      this.enclosingKinds.delete(oldest);
      this.countedSpans.delete(oldest);
    }
  }
}

/**
 * One bridge per run: pass `bridge.layer` to initTelemetry, wrap the same operations in
 * `bridge.timer.time(...)`, and print `bridge.snapshot()`: span-derived when the layer ran, manual otherwise.
 */
export function createMetricsBridge(options: MetricsBridgeOptions = {}): MetricsBridge {
  const processor = new SpanLatencyProcessor(options.maxSamples);
  const timer = createManualTimer(options.maxSamples);
  let started = false;
  const spanSnapshot = () => (started ? snapshotOf('spans', processor.recorders) : undefined);
  return {
    layer: {
      kind: METRICS_BRIDGE_LAYER_KIND,
      spanProcessor: processor,
      start() {
        started = true;
      },
    },
    timer,
    snapshot: () => spanSnapshot() ?? timer.snapshot(),
    spanSnapshot,
    manualSnapshot: () => timer.snapshot(),
  };
}
