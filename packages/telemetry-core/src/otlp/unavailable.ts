import type { TelemetryConfig } from '../config/schema.js';
import type { OtlpLayer, OtlpLayerOptions } from './otlp-types.js';

/** False: this build has no OTLP exporter. */
export const OTLP_AVAILABLE = false;

// Resolved through '#otlp' in builds without the `otel` feature: no exporter code is bundled.
export async function createOtlpLayer(_config: TelemetryConfig, _options?: OtlpLayerOptions): Promise<OtlpLayer> {
  throw new Error(
    'telemetry.backend = "otlp" needs a build with the `otel` feature (ZEPH_FEATURES=profiling,otel); ' +
      'this build has no OTLP exporter',
  );
}

export { otlpSignalUrl } from './otlp-url.js';
