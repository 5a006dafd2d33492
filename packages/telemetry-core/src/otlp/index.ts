// The `otel` feature's OTLP tier, loaded by dynamic import only when backend = "otlp".
export { createOtlpLayer } from './otlp-layer.js';
export { otlpSignalUrl } from './otlp-url.js';
export type { OtlpExportStats, OtlpLayer, OtlpLayerOptions } from './otlp-types.js';

/** True in builds with the `otel` feature. */
export const OTLP_AVAILABLE = true;
