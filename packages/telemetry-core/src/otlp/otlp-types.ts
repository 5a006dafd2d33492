import type { LogLevel, TelemetryLayer } from '../types.js';
import type { BoundedBatchOptions, DropReason } from './bounded-batch-span-processor.js';
import type { RetryPolicy } from './retry-policy.js';

export type { BoundedBatchOptions, DropReason, RetryPolicy };

export interface OtlpLayerOptions {
  /** Request headers resolved from the vault (see resolveOtlpHeaders); sent, never logged. */
  headers?: Record<string, string>;
  serviceVersion?: string;
  /** Session id for the metrics resource when the layer is used outside initTelemetry. */
  sessionId?: string;
  batch?: BoundedBatchOptions;
  retry?: Partial<RetryPolicy>;
  /** One HTTP attempt is abandoned after this long (default 10 s). */
  attemptTimeoutMs?: number;
  /** Metric collection and export period (default 10 s). */
  metricExportIntervalMs?: number;
  /** Upper bound on flushing at shutdown, spans, logs and metrics each (default 3 s). */
  shutdownDeadlineMs?: number;
  /**
   * Log records to `/v1/logs` (default: on, info and above, every 5 s); `false` keeps them local. A
   * record logged inside a span carries its trace and span id.
   */
  logs?: false | { minLevel?: LogLevel; exportIntervalMs?: number };
}

export interface OtlpExportStats {
  exportedSpans: number;
  droppedSpans: number;
  droppedByReason: Record<DropReason, number>;
  /** Spans waiting in the bounded queue. */
  queuedSpans: number;
  failedMetricExports: number;
  exportedLogs: number;
  droppedLogs: number;
}

export interface OtlpLayer extends TelemetryLayer {
  readonly kind: 'otlp';
  stats(): OtlpExportStats;
}
