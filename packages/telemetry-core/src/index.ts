// Public surface of @zeph/telemetry-core (the `profiling` build).
export { instrument, withSpan, currentSpan, isTelemetryActive, NOOP_SPAN, markSpanError } from './span-api.js';
export { initTelemetry, newSessionId } from './init-telemetry.js';
export type { InitTelemetryOptions, TelemetryHandle } from './init-telemetry.js';
export { createLogger, recordSample, recordInstant } from './global-registry.js';
export { createCounter, createHistogram, installMeterProvider } from './metric-instruments.js';
export type { CounterInstrument, HistogramInstrument, InstrumentDescription } from './metric-instruments.js';
export { registerSecretValue, redactArgument, redactFields, isSensitiveName, scrubSecrets, REDACTED } from './redact.js';
export { AGENT_SPANS, CONTEXT_SPANS, CORE_ATTRIBUTES, SYSTEM_METRICS } from './spans.js';
export { LAYER_ORDER } from './types.js';
export * from './metrics-bridge/index.js';
export { recordCompletedSpan, captureSpanParent } from './completed-span.js';
export type { CompletedSpanOptions, SpanParent } from './completed-span.js';
export type {
  Attributes,
  AttributeValue,
  InstrumentOptions,
  InstantEvent,
  LayerContext,
  LogLevel,
  LogRecord,
  Logger,
  MetricSample,
  TelemetryLayer,
  ZephSpan,
} from './types.js';
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
/** True in builds with the `profiling` feature. */
export const PROFILING_BUILT = true;
