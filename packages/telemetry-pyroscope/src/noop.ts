// The build without `profiling-pyroscope`: no profiler is loaded and no layer exists.
import type { TelemetryLayer } from '@zeph/telemetry-core';
import type { PyroscopeLayerOptions } from './types.js';

export { applicationNameWithTags, ingestUrl } from './ingest-url.js';
export { DEFAULT_PROFILED_SPANS, PROFILE_LABELS, PYROSCOPE_ATTRIBUTES, PYROSCOPE_LAYER_KIND } from './spans.js';
export type { PyroscopeLayerOptions, ProfileUpload } from './types.js';
export const PYROSCOPE_BUILT = false;

export function createPyroscopeLayer(_options?: PyroscopeLayerOptions): TelemetryLayer | undefined {
  return undefined;
}
