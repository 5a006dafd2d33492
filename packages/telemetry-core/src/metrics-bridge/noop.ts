// MetricsBridge of builds without `profiling`: manual timing only, no layer, no OpenTelemetry.
export { createMetricsBridge } from './manual-metrics-bridge.js';
export { createManualTimer } from './manual-timer.js';
export { formatMetricsSnapshot } from './format-metrics-snapshot.js';
export { metricKindOfSpan, METRICS_BRIDGE_LAYER_KIND } from './span-sources.js';
export type { LatencySummary, ManualTimer, MetricKind, MetricsBridge, MetricsBridgeOptions, MetricsSnapshot } from './types.js';
