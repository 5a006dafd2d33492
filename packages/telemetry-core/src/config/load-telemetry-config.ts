import { ConfigError, type ConfigProblem } from './config-error.js';
import { stderrWarningSink, type ConfigWarning, type ConfigWarningSink } from './config-warning.js';
import { readTelemetryEnvOverrides, type EnvSource } from './env-overrides.js';
import { readOtelEnvFallbacks } from './otel-env.js';
import { deprecationWarning, LEGACY_KEY_ALIASES, readLegacySections } from './legacy-sections.js';
import {
  MIN_SYSTEM_METRICS_INTERVAL_SECS,
  telemetryConfigSchema,
  type TelemetryConfig,
  type TelemetryConfigKey,
} from './schema.js';
import { problemsFromIssues, type ValueOrigin } from './section-problems.js';
import { DEFAULT_CONFIG_FILE, loadZephToml, type TomlTable, type ZephTomlFile } from './toml-document.js';
import { findKeyLine, scanTomlEntries } from './toml-key-lines.js';

export const TELEMETRY_SECTION = 'telemetry';

export interface LoadTelemetryConfigOptions {
  /** zeph.toml to read (default `zeph.toml` in the working directory). A missing file means defaults. */
  path?: string;
  /** Environment for ZEPH_TELEMETRY_* and OTEL_* overrides (default process.env). */
  env?: EnvSource;
  /** Receives each warning as it is found (default: stderr). Warnings are also returned. */
  logger?: ConfigWarningSink;
  /** Fail when the file does not exist instead of using defaults. */
  required?: boolean;
}

export interface LoadedTelemetryConfig {
  config: TelemetryConfig;
  /** The parsed zeph.toml, other sections included, for code that validates its own section. */
  file: ZephTomlFile;
  warnings: ConfigWarning[];
  /** Where each key that was not left at its default came from. */
  origins: Partial<Record<TelemetryConfigKey, ValueOrigin>>;
}

export interface ResolveTelemetryConfigOptions {
  env?: EnvSource;
  logger?: ConfigWarningSink;
}

function isTable(value: unknown): value is TomlTable {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * The [telemetry] config of an already parsed zeph.toml: defaults, then old sections, then
 * [telemetry], then OpenTelemetry's OTEL_* variables, then ZEPH_TELEMETRY_* variables. Throws a
 * ConfigError listing every problem.
 */
export function resolveTelemetryConfig(file: ZephTomlFile, options: ResolveTelemetryConfigOptions = {}): LoadedTelemetryConfig {
  const entries = scanTomlEntries(file.text);
  const problems: ConfigProblem[] = [];
  const warnings: ConfigWarning[] = [];
  const input: TomlTable = {};
  const origins: Partial<Record<string, ValueOrigin>> = {};
  const fileOrigin = (path: readonly string[]): ValueOrigin => ({
    keyPath: path.join('.'),
    file: file.path,
    line: findKeyLine(file.text, path, entries),
  });

  const legacy = readLegacySections(file, entries);
  problems.push(...legacy.problems);
  for (const [key, migrated] of Object.entries(legacy.values)) {
    input[key] = migrated.value;
    origins[key] = migrated.origin;
  }

  const section = file.document[TELEMETRY_SECTION];
  let sectionIsTable = true;
  if (section !== undefined && !isTable(section)) {
    sectionIsTable = false;
    problems.push({ ...fileOrigin([TELEMETRY_SECTION]), expected: 'expected a [telemetry] table', value: section, hasValue: true });
  }
  const written = sectionIsTable && section ? (section as TomlTable) : {};
  for (const [key, value] of Object.entries(written)) {
    input[key] = value;
    origins[key] = fileOrigin([TELEMETRY_SECTION, key]);
  }
  for (const report of legacy.reports) {
    const overridden = report.renamed.map((r) => r.to).filter((to) => Object.hasOwn(written, to));
    warnings.push(deprecationWarning(report, file, [...new Set(overridden)]));
  }

  // OpenTelemetry's variables first, so that a ZEPH_TELEMETRY_* variable for the same key wins.
  const otelEnv = readOtelEnvFallbacks(options.env ?? process.env);
  const env = readTelemetryEnvOverrides(options.env ?? process.env);
  warnings.push(...otelEnv.warnings);
  for (const source of [otelEnv, env]) {
    problems.push(...source.problems);
    for (const [key, value] of Object.entries(source.values)) {
      input[key] = value;
      origins[key] = { keyPath: `${TELEMETRY_SECTION}.${key}`, envVar: source.origins[key as TelemetryConfigKey] };
    }
  }
  for (const unknown of env.unknown) {
    const hint = unknown.suggestion ? `; did you mean ${unknown.suggestion}?` : '';
    warnings.push({ code: 'unknown-env-var', message: `environment variable ${unknown.envVar} matches no [telemetry] key and is ignored${hint}` });
  }

  const parsed = telemetryConfigSchema.safeParse(input);
  if (!parsed.success) {
    problems.push(
      ...problemsFromIssues(parsed.error.issues, {
        section: TELEMETRY_SECTION,
        schema: telemetryConfigSchema,
        input,
        aliases: LEGACY_KEY_ALIASES,
        originOf: (path) => {
          const key = String(path[0] ?? '');
          return (path.length === 1 && origins[key]) || fileOrigin([TELEMETRY_SECTION, ...path.map(String)]);
        },
      }),
    );
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(sortedByLine(problems), file.exists ? file.path : undefined);

  const config = parsed.data;
  if (config.system_metrics_interval_secs < MIN_SYSTEM_METRICS_INTERVAL_SECS) {
    const origin = origins.system_metrics_interval_secs;
    const where = origin?.envVar ?? (origin?.file ? `${origin.file}${origin.line ? `:${origin.line}` : ''}` : 'config');
    warnings.push({
      code: 'interval-raised',
      message: `${where}: telemetry.system_metrics_interval_secs = ${config.system_metrics_interval_secs} is below ${MIN_SYSTEM_METRICS_INTERVAL_SECS} second; using ${MIN_SYSTEM_METRICS_INTERVAL_SECS}`,
      keyPath: origin?.keyPath ?? 'telemetry.system_metrics_interval_secs',
      file: origin?.file,
      line: origin?.line,
    });
    config.system_metrics_interval_secs = MIN_SYSTEM_METRICS_INTERVAL_SECS;
  }

  const sink = options.logger ?? stderrWarningSink;
  for (const warning of warnings) sink.warn(warning.message, warning.line ? { file: warning.file, line: warning.line } : undefined);
  return { config, file, warnings, origins: origins as LoadedTelemetryConfig['origins'] };
}

function sortedByLine(problems: ConfigProblem[]): ConfigProblem[] {
  // File problems in line order, then environment variables.
  return [...problems].sort((a, b) => (a.envVar ? 1 : 0) - (b.envVar ? 1 : 0) || (a.line ?? Infinity) - (b.line ?? Infinity));
}

/** Loads the [telemetry] configuration from zeph.toml and the environment. */
export function loadTelemetryConfig(options: LoadTelemetryConfigOptions = {}): LoadedTelemetryConfig {
  const file = loadZephToml(options.path ?? DEFAULT_CONFIG_FILE, { required: options.required });
  return resolveTelemetryConfig(file, options);
}
