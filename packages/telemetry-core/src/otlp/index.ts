import type { TelemetryConfig } from '../config/schema.js';
import type { TelemetryLayer } from '../types.js';

// Placeholder for the `otel` feature build: replaced by the OTLP exporter layer.
export async function createOtlpLayer(_config: TelemetryConfig): Promise<TelemetryLayer> {
  throw new Error('backend = "otlp" is not implemented yet');
}
