import { createManualTimer } from './manual-timer.js';
import type { MetricsBridge, MetricsBridgeOptions } from './types.js';

/** The bridge of builds without `profiling`: no layer, the snapshot comes from manual timing. */
export function createMetricsBridge(options: MetricsBridgeOptions = {}): MetricsBridge {
  const timer = createManualTimer(options.maxSamples);
  return {
    layer: undefined,
    timer,
    snapshot: () => timer.snapshot(),
    spanSnapshot: () => undefined,
    manualSnapshot: () => timer.snapshot(),
  };
}
