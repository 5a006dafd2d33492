// Public surface of @zeph/telemetry-pyroscope (the `profiling-pyroscope` build).
export { createPyroscopeLayer } from './pyroscope-layer.js';
export type { PyroscopeLayer } from './pyroscope-layer.js';
export { applicationNameWithTags, ingestUrl } from './ingest-url.js';
export { DEFAULT_PROFILED_SPANS, PROFILE_LABELS, PYROSCOPE_ATTRIBUTES, PYROSCOPE_LAYER_KIND } from './spans.js';
export type { PyroscopeLayerOptions, ProfileUpload } from './types.js';
/** True in builds with the `profiling-pyroscope` feature. */
export const PYROSCOPE_BUILT = true;
