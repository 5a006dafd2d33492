// Configuration of @zeph/telemetry-core: no OpenTelemetry import here, so both builds can load config.
export {
  telemetryConfigSchema,
  defaultTelemetryConfig,
  TELEMETRY_CONFIG_KEYS,
  MIN_SYSTEM_METRICS_INTERVAL_SECS,
} from './schema.js';
export type { TelemetryConfig, TelemetryConfigInput, TelemetryConfigKey } from './schema.js';
export { loadTelemetryConfig, resolveTelemetryConfig, TELEMETRY_SECTION } from './load-telemetry-config.js';
export type { LoadTelemetryConfigOptions, LoadedTelemetryConfig, ResolveTelemetryConfigOptions } from './load-telemetry-config.js';
export { loadZephToml, parseZephToml, DEFAULT_CONFIG_FILE } from './toml-document.js';
export type { ZephTomlFile, TomlTable, LoadZephTomlOptions } from './toml-document.js';
export { parseZephSection } from './section-problems.js';
export type { ValueOrigin } from './section-problems.js';
export { ConfigError, formatConfigProblem, displayConfigValue } from './config-error.js';
export type { ConfigProblem } from './config-error.js';
export type { ConfigWarning, ConfigWarningSink } from './config-warning.js';
export { telemetryEnvVarName, TELEMETRY_ENV_PREFIX } from './env-overrides.js';
export type { EnvSource } from './env-overrides.js';
export { findKeyLine } from './toml-key-lines.js';
export { LEGACY_SECTIONS, OBSERVABILITY_SECTION, DEBUG_TRACES_SECTION } from './legacy-sections.js';
export type { LegacySection, LegacyKeyRule } from './legacy-sections.js';
