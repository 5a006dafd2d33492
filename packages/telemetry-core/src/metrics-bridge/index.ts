// MetricsBridge (the `profiling` build): span durations into latency summaries, with manual timing beside them.
export { createMetricsBridge } from './metrics-bridge-layer.js';
export { createManualTimer } from './manual-timer.js';
export { formatMetricsSnapshot } from './format-metrics-snapshot.js';
export { metricKindOfSpan, METRICS_BRIDGE_LAYER_KIND } from './span-sources.js';
export type { LatencySummary, ManualTimer, MetricKind, MetricsBridge, MetricsBridgeOptions, MetricsSnapshot } from './types.js';
