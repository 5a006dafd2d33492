import type { TelemetryConfig } from '../config/schema.js';
import type { TelemetryLayer } from '../types.js';

// Resolved through '#otlp' in builds without the `otel` feature: no exporter code is bundled.
export async function createOtlpLayer(_config: TelemetryConfig): Promise<TelemetryLayer> {
  throw new Error(
    'telemetry.backend = "otlp" needs a build with the `otel` feature (ZEPH_FEATURES=profiling,otel); ' +
      'this build has no OTLP exporter',
  );
}
