import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { LAYER_ORDER, type InstantEvent, type LogRecord, type MetricSample, type TelemetryLayer } from './types.js';

function orderOf(layer: TelemetryLayer): number {
  const i = (LAYER_ORDER as readonly string[]).indexOf(layer.kind);
  return i === -1 ? LAYER_ORDER.length : i;
}

type HookFailure = (layer: TelemetryLayer, hook: string, error: unknown) => void;

/**
 * Holds the registered layers in their fixed order and fans events out to them. A hook that throws
 * is reported once per layer and hook, and the other layers still run.
 */
export class LayerRegistry {
  private readonly layers: TelemetryLayer[] = [];
  private readonly reported = new Set<string>();
  private onFailure: HookFailure = () => {};

  setFailureHandler(handler: HookFailure): void {
    this.onFailure = handler;
  }

  add(layer: TelemetryLayer): void {
    this.layers.push(layer);
    // Stable sort keeps unknown kinds in the order they were added.
    this.layers.sort((a, b) => orderOf(a) - orderOf(b));
  }

  list(): readonly TelemetryLayer[] {
    return this.layers;
  }

  find(kind: string): TelemetryLayer | undefined {
    return this.layers.find((l) => l.kind === kind);
  }

  spanProcessors(): SpanProcessor[] {
    return this.layers.flatMap((l) => (l.spanProcessor ? [safeSpanProcessor(l, l.spanProcessor, this.fail)] : []));
  }

  emitLog(record: LogRecord): void {
    for (const layer of this.layers) if (layer.onLog) this.safely(layer, 'onLog', () => layer.onLog!(record));
  }

  // No closure per layer here, unlike the other hooks: samples come from busy paths (queue depths).
  emitSample(sample: MetricSample): void {
    for (const layer of this.layers) {
      if (!layer.onSample) continue;
      try {
        layer.onSample(sample);
      } catch (error) {
        this.fail(layer, 'onSample', error);
      }
    }
  }

  emitInstant(event: InstantEvent): void {
    for (const layer of this.layers) if (layer.onInstant) this.safely(layer, 'onInstant', () => layer.onInstant!(event));
  }

  hasSampleListeners(): boolean {
    return this.layers.some((l) => l.onSample);
  }

  private readonly fail = (layer: TelemetryLayer, hook: string, error: unknown): void => {
    const key = `${layer.kind}:${hook}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.onFailure(layer, hook, error);
  };

  private safely(layer: TelemetryLayer, hook: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.fail(layer, hook, error);
    }
  }
}

/** Wraps a layer's processor so that a throwing hook never reaches the code that ended the span. */
function safeSpanProcessor(layer: TelemetryLayer, inner: SpanProcessor, fail: HookFailure): SpanProcessor {
  const guard = <T>(hook: string, fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (error) {
      fail(layer, hook, error);
      return fallback;
    }
  };
  // The per-span hooks use try/catch inline: a closure per call would be garbage on every span.
  const wrapped: SpanProcessor = {
    onStart(span, parentContext) {
      try {
        inner.onStart(span, parentContext);
      } catch (error) {
        fail(layer, 'onStart', error);
      }
    },
    onEnd(span) {
      try {
        inner.onEnd(span);
      } catch (error) {
        fail(layer, 'onEnd', error);
      }
    },
    forceFlush: () => guard('forceFlush', () => inner.forceFlush(), Promise.resolve()).catch((e) => fail(layer, 'forceFlush', e)),
    shutdown: () => guard('shutdown', () => inner.shutdown(), Promise.resolve()).catch((e) => fail(layer, 'shutdown', e)),
  };
  if (inner.onEnding) {
    wrapped.onEnding = (span) => {
      try {
        inner.onEnding!(span);
      } catch (error) {
        fail(layer, 'onEnding', error);
      }
    };
  }
  return wrapped;
}
