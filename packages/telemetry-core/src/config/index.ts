export { telemetryConfigSchema, defaultTelemetryConfig } from './schema.js';
export type { TelemetryConfig, TelemetryConfigInput } from './schema.js';
