import type { ConfigProblem } from './config-error.js';
import type { ConfigWarning } from './config-warning.js';
import type { TelemetryConfigKey } from './schema.js';
import type { ValueOrigin } from './section-problems.js';
import type { TomlTable, ZephTomlFile } from './toml-document.js';
import { findKeyLine, scanTomlEntries, type TomlEntry } from './toml-key-lines.js';

type Conversion = { value: unknown } | { problem: string };

export interface LegacyKeyRule {
  /** The [telemetry] key this old key becomes. */
  to: TelemetryConfigKey;
  /** Changes the value when the old vocabulary differs (e.g. exporter names). */
  convert?: (value: unknown) => Conversion;
}

export interface LegacySection {
  /** Section name as written in a header, e.g. `debug.traces`. */
  name: string;
  path: readonly string[];
  keys: Readonly<Record<string, LegacyKeyRule>>;
  /** Old keys with no [telemetry] equivalent, and why. */
  dropped: Readonly<Record<string, string>>;
  /** Old keys that must not be carried over silently (secrets in the file): reported as errors. */
  rejected: Readonly<Record<string, string>>;
}

const OTLP_EXPORTERS = new Set(['otlp', 'otel', 'opentelemetry', 'otlp_http', 'otlp-http', 'http', 'http/protobuf']);
const LOCAL_EXPORTERS = new Set(['local', 'chrome', 'file', 'json', 'trace']);
const NO_EXPORTER = new Set(['none', 'off', 'disabled']);
const GRPC_EXPORTERS = new Set(['grpc', 'otlp_grpc', 'otlp-grpc']);

/** Old exporter names -> backend; "none" turns telemetry off (`enabled = false`). */
function exporterToBackend(value: unknown): Conversion {
  if (typeof value !== 'string') return { problem: 'expected a string such as "otlp", "local" or "none"' };
  const name = value.trim().toLowerCase();
  if (OTLP_EXPORTERS.has(name)) return { value: 'otlp' };
  if (LOCAL_EXPORTERS.has(name)) return { value: 'local' };
  if (NO_EXPORTER.has(name)) return { value: DISABLED };
  if (GRPC_EXPORTERS.has(name)) return { problem: 'OTLP/gRPC is not supported: use "otlp" (OTLP/HTTP, usually port 4318)' };
  return { problem: 'expected one of "otlp", "local", "none" (or otel, opentelemetry, chrome, file, off)' };
}

/** Marker for an exporter that means "telemetry off". */
const DISABLED = Symbol('disabled');

const HEADERS_REJECTED =
  'OTLP headers are secrets and no longer live in zeph.toml: store them as a JSON object in the vault under the key named by telemetry.otlp_headers_vault_key (default ZEPH_OTEL_HEADERS), then delete this key';

export const OBSERVABILITY_SECTION: LegacySection = {
  name: 'observability',
  path: ['observability'],
  keys: {
    enabled: { to: 'enabled' },
    exporter: { to: 'backend', convert: exporterToBackend },
    backend: { to: 'backend', convert: exporterToBackend },
    endpoint: { to: 'otlp_endpoint' },
    otlp_endpoint: { to: 'otlp_endpoint' },
    headers_vault_key: { to: 'otlp_headers_vault_key' },
    otlp_headers_vault_key: { to: 'otlp_headers_vault_key' },
    service_name: { to: 'service_name' },
    sample_rate: { to: 'sample_rate' },
    sampling_ratio: { to: 'sample_rate' },
    sampling_rate: { to: 'sample_rate' },
    pyroscope_endpoint: { to: 'pyroscope_endpoint' },
    metrics_interval_secs: { to: 'system_metrics_interval_secs' },
    system_metrics_interval_secs: { to: 'system_metrics_interval_secs' },
  },
  dropped: {
    protocol: 'only OTLP/HTTP with protobuf is supported',
    log_level: 'use the ZEPH_LOG environment variable',
  },
  rejected: { headers: HEADERS_REJECTED, otlp_headers: HEADERS_REJECTED },
};

export const DEBUG_TRACES_SECTION: LegacySection = {
  name: 'debug.traces',
  path: ['debug', 'traces'],
  keys: {
    enabled: { to: 'enabled' },
    dir: { to: 'trace_dir' },
    output_dir: { to: 'trace_dir' },
    trace_dir: { to: 'trace_dir' },
    path: { to: 'trace_dir' },
    include_args: { to: 'include_args' },
    record_args: { to: 'include_args' },
    otlp_endpoint: { to: 'otlp_endpoint' },
    service_name: { to: 'service_name' },
  },
  dropped: {
    redact: 'sensitive values are always redacted',
    format: 'traces are always Chrome trace JSON (backend = "local")',
    legacy_files: 'numbered dump files are no longer written',
  },
  rejected: {},
};

export const LEGACY_SECTIONS: readonly LegacySection[] = [OBSERVABILITY_SECTION, DEBUG_TRACES_SECTION];

/** Other spellings of [telemetry] keys, for "did you mean" on unknown keys. */
export const LEGACY_KEY_ALIASES: Readonly<Record<string, string>> = Object.fromEntries(
  LEGACY_SECTIONS.flatMap((section) => Object.entries(section.keys).map(([key, rule]) => [key, rule.to])),
);

export interface MigratedValue {
  value: unknown;
  origin: ValueOrigin;
}

export interface LegacySectionReport {
  section: LegacySection;
  /** Line of the section's header (or first key), when written. */
  line?: number;
  /** Old key -> [telemetry] key, for keys that were read. */
  renamed: { from: string; to: TelemetryConfigKey }[];
  /** Old keys that were not carried over, with the reason. */
  ignored: { key: string; reason: string }[];
}

export interface LegacyMigration {
  values: Partial<Record<TelemetryConfigKey, MigratedValue>>;
  problems: ConfigProblem[];
  reports: LegacySectionReport[];
}

function tableAt(document: TomlTable, path: readonly string[]): unknown {
  let node: unknown = document;
  for (const part of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as TomlTable)[part];
  }
  return node;
}

function isTable(value: unknown): value is TomlTable {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

interface SectionRead {
  report: LegacySectionReport;
  values: Partial<Record<TelemetryConfigKey, MigratedValue>>;
  /** Exporter "none": the section asks for telemetry off. */
  disabledBy?: ValueOrigin;
}

function readSection(section: LegacySection, table: TomlTable, file: ZephTomlFile, entries: TomlEntry[], problems: ConfigProblem[]): SectionRead {
  const origin = (key: string): ValueOrigin => {
    const keyPath = [...section.path, key];
    return { keyPath: keyPath.join('.'), file: file.path, line: findKeyLine(file.text, keyPath, entries) };
  };
  const read: SectionRead = {
    report: { section, line: findKeyLine(file.text, section.path, entries), renamed: [], ignored: [] },
    values: {},
  };
  const firstAlias: Partial<Record<TelemetryConfigKey, string>> = {};
  for (const [key, value] of Object.entries(table)) {
    const rule = Object.hasOwn(section.keys, key) ? section.keys[key] : undefined;
    if (!rule) {
      if (Object.hasOwn(section.rejected, key)) {
        problems.push({ ...origin(key), expected: section.rejected[key], value, hasValue: true });
      } else {
        const reason = Object.hasOwn(section.dropped, key) ? section.dropped[key] : 'no [telemetry] equivalent';
        read.report.ignored.push({ key, reason });
      }
      continue;
    }
    const earlier = firstAlias[rule.to];
    if (earlier) {
      problems.push({
        ...origin(key),
        expected: `both ${section.name}.${earlier} and ${section.name}.${key} set telemetry.${rule.to}: keep one`,
        value,
        hasValue: true,
      });
      continue;
    }
    firstAlias[rule.to] = key;
    const converted: Conversion = rule.convert ? rule.convert(value) : { value };
    if ('problem' in converted) {
      problems.push({ ...origin(key), expected: converted.problem, value, hasValue: true });
      continue;
    }
    read.report.renamed.push({ from: key, to: rule.to });
    if (converted.value === DISABLED) read.disabledBy = origin(key);
    else read.values[rule.to] = { value: converted.value, origin: origin(key) };
  }
  return read;
}

/**
 * Reads the old `[observability]` and `[debug.traces]` sections as [telemetry] values.
 *
 * Combination rules: `enabled` is true when either old section enables telemetry; [observability]
 * decides the backend (an endpoint without an exporter means OTLP) unless it is disabled, and
 * `[debug.traces]` alone means the local Chrome trace backend. Otherwise [observability] wins.
 */
export function readLegacySections(file: ZephTomlFile, entries = scanTomlEntries(file.text)): LegacyMigration {
  const problems: ConfigProblem[] = [];
  const reads = new Map<LegacySection, SectionRead>();
  for (const section of LEGACY_SECTIONS) {
    const table = tableAt(file.document, section.path);
    if (table === undefined) continue;
    if (!isTable(table)) {
      const keyPath = section.path.join('.');
      problems.push({
        keyPath,
        file: file.path,
        line: findKeyLine(file.text, section.path, entries),
        expected: `expected a [${section.name}] table`,
        value: table,
        hasValue: true,
      });
      continue;
    }
    reads.set(section, readSection(section, table, file, entries, problems));
  }

  const observability = reads.get(OBSERVABILITY_SECTION);
  const traces = reads.get(DEBUG_TRACES_SECTION);
  const values: Partial<Record<TelemetryConfigKey, MigratedValue>> = {};
  // [observability] first: for keys both sections set, it wins.
  for (const read of [traces, observability]) if (read) Object.assign(values, read.values);

  // Exporter "none" outranks the section's own `enabled`.
  const observabilityEnabled: MigratedValue | undefined = observability?.disabledBy
    ? { value: false, origin: observability.disabledBy }
    : observability?.values.enabled;
  const observabilityOff = observabilityEnabled?.value === false;
  const votes = [observabilityEnabled, traces?.values.enabled].filter((vote): vote is MigratedValue => vote !== undefined);
  const enabled = votes.find((vote) => vote.value === true) ?? votes[0];
  if (enabled) values.enabled = enabled;

  delete values.backend;
  if (observability && !observabilityOff) {
    const backend = observability.values.backend;
    const endpoint = observability.values.otlp_endpoint;
    if (backend) values.backend = backend;
    else if (endpoint) values.backend = { value: 'otlp', origin: endpoint.origin };
  }
  if (!values.backend && traces?.values.enabled?.value === true) values.backend = { value: 'local', origin: traces.values.enabled.origin };

  return { values, problems, reports: [...reads.values()].map((read) => read.report) };
}

/** The one deprecation warning of an old section. */
export function deprecationWarning(report: LegacySectionReport, file: ZephTomlFile, overridden: readonly string[]): ConfigWarning {
  const { section } = report;
  const parts = [`[${section.name}] in ${file.path}${report.line ? `:${report.line}` : ''} is deprecated and was read as [telemetry]`];
  const renamed = report.renamed.filter((r) => r.from !== r.to).map((r) => `${r.from} -> ${r.to}`);
  if (renamed.length) parts.push(`renamed: ${renamed.join(', ')}`);
  if (report.ignored.length) {
    parts.push(`ignored: ${report.ignored.map((i) => `${i.key} (${i.reason})`).join(', ')}`);
  }
  if (overridden.length) parts.push(`[telemetry] takes precedence for: ${overridden.join(', ')}`);
  parts.push('run `zeph-telemetry-migrate` to rewrite the file');
  return {
    code: 'deprecated-section',
    message: parts.join('; '),
    keyPath: section.name,
    file: file.path,
    line: report.line,
  };
}
