// What both builds export: names, redaction, config, random ids and types. Nothing here imports OpenTelemetry.
export { AGENT_SPANS, CONTEXT_SPANS, CORE_ATTRIBUTES, SYSTEM_METRICS } from './spans.js';
export { registerSecretValue, redactArgument, redactFields, isSensitiveName, scrubSecrets, REDACTED } from './redact.js';
export { LAYER_ORDER } from './types.js';
export { randomHex } from './random-hex.js';
export type * from './types.js';
export type { InitTelemetryOptions, TelemetryHandle } from './init-telemetry.js';
export type { CounterInstrument, HistogramInstrument, InstrumentDescription } from './metric-instruments.js';
export type { ReadTotals } from './observed-counters.js';
export type { CompletedSpanOptions, SpanParent } from './completed-span.js';
export { loadTelemetryConfig, loadZephToml, parseZephSection, ConfigError, defaultTelemetryConfig, telemetryConfigSchema } from './config/index.js';
export type {
  TelemetryConfig,
  TelemetryConfigInput,
  LoadTelemetryConfigOptions,
  LoadedTelemetryConfig,
  ConfigProblem,
  ConfigWarning,
  ZephTomlFile,
} from './config/index.js';
