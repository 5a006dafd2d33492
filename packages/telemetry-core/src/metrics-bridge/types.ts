// Public types of the MetricsBridge.

/** The operations the bridge summarises. */
export type MetricKind = 'turn' | 'llm' | 'tool' | 'contextPreparation' | 'memory';

export interface LatencySummary {
  count: number;
  meanMs: number;
  /** Nearest-rank percentiles over the kept samples (all of them up to maxSamples). */
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** Latency summaries of one run. `source` says whether spans or manual timing produced them. */
export type MetricsSnapshot = { readonly source: 'spans' | 'manual' } & { readonly [K in MetricKind]: LatencySummary };

export interface MetricsBridgeOptions {
  /** Samples kept per kind for percentiles; beyond it a uniform reservoir sample is kept (default 4096). */
  maxSamples?: number;
}

/** Times an operation by hand: the fallback when spans are not built in, and the check on span timing. */
export interface ManualTimer {
  /** Runs fn and records its duration (until its promise settles, for async fn) under `kind`. */
  time<R>(kind: MetricKind, fn: () => R): R;
  /** Starts a measurement; the returned function stops it, records it and returns the milliseconds. */
  start(kind: MetricKind): () => number;
  record(kind: MetricKind, durationMs: number): void;
  snapshot(): MetricsSnapshot;
}

export interface MetricsBridge {
  /** The layer to pass to initTelemetry (kind 'metrics-bridge'); undefined in builds without profiling. */
  readonly layer: import('../types.js').TelemetryLayer | undefined;
  /** Manual timing around the same operations, always available. */
  readonly timer: ManualTimer;
  /** Span-derived numbers once the layer has started, manual timing otherwise. */
  snapshot(): MetricsSnapshot;
  /** Span-derived numbers, or undefined when the layer never started. */
  spanSnapshot(): MetricsSnapshot | undefined;
  manualSnapshot(): MetricsSnapshot;
}
