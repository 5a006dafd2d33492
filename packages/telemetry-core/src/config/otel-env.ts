import type { ConfigProblem } from './config-error.js';
import type { ConfigWarning } from './config-warning.js';
import type { EnvSource } from './env-overrides.js';
import type { TelemetryConfigKey } from './schema.js';

// The OpenTelemetry SDK's own environment variables, for deployments that already set them (an
// operator injecting OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_SERVICE_NAME into every pod, say). They
// override zeph.toml; a ZEPH_TELEMETRY_* variable for the same key overrides them.
export const OTEL_ENV = {
  sdkDisabled: 'OTEL_SDK_DISABLED',
  serviceName: 'OTEL_SERVICE_NAME',
  endpoint: 'OTEL_EXPORTER_OTLP_ENDPOINT',
  sampler: 'OTEL_TRACES_SAMPLER',
  samplerArg: 'OTEL_TRACES_SAMPLER_ARG',
  resourceAttributes: 'OTEL_RESOURCE_ATTRIBUTES',
} as const;

// Variables an OpenTelemetry user may expect to work that Zeph deliberately does not read: each one that
// is set gets a warning saying what to use instead, rather than being ignored in silence. Their values
// are never echoed (the headers variable holds credentials).
const UNREAD_OTEL_VARIABLES: Record<string, string> = {
  OTEL_EXPORTER_OTLP_HEADERS: 'OTLP headers are secrets and come only from the vault key named by otlp_headers_vault_key (a JSON object; with vault backend "env", an environment variable of that name)',
  OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'OTLP headers are secrets and come only from the vault key named by otlp_headers_vault_key',
  OTEL_EXPORTER_OTLP_METRICS_HEADERS: 'OTLP headers are secrets and come only from the vault key named by otlp_headers_vault_key',
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'set the base URL with OTEL_EXPORTER_OTLP_ENDPOINT or otlp_endpoint; /v1/traces is appended',
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'set the base URL with OTEL_EXPORTER_OTLP_ENDPOINT or otlp_endpoint; /v1/metrics is appended',
};
// The exporter speaks OTLP over HTTP with protobuf bodies only.
const PROTOCOL_VARIABLES = ['OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL'];
const SUPPORTED_PROTOCOL = 'http/protobuf';

function unreadVariableWarnings(env: EnvSource): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  for (const [name, instead] of Object.entries(UNREAD_OTEL_VARIABLES)) {
    if (readOtelVariable(env, name) !== undefined) {
      warnings.push({ code: 'unread-otel-variable', message: `environment variable ${name} is set but not read: ${instead}` });
    }
  }
  for (const name of PROTOCOL_VARIABLES) {
    const protocol = readOtelVariable(env, name);
    if (protocol !== undefined && protocol.toLowerCase() !== SUPPORTED_PROTOCOL) {
      warnings.push({ code: 'unread-otel-variable', message: `environment variable ${name}=${protocol} is not supported: the exporter sends ${SUPPORTED_PROTOCOL} only` });
    }
  }
  return warnings;
}

export interface OtelEnvFallbacks {
  values: Partial<Record<TelemetryConfigKey, unknown>>;
  /** Variable each value came from. */
  origins: Partial<Record<TelemetryConfigKey, string>>;
  problems: ConfigProblem[];
  warnings: ConfigWarning[];
}

// Every sampler here decides by trace id and lets children follow their parent, which is what
// sample_rate means; the non-parent-based ratio sampler keeps the same traces, as its decision
// depends on the trace id alone.
const FIXED_RATE_SAMPLERS: Record<string, number> = {
  always_on: 1,
  parentbased_always_on: 1,
  always_off: 0,
  parentbased_always_off: 0,
};
const RATIO_SAMPLERS = new Set(['traceidratio', 'parentbased_traceidratio']);

export type ParsedResourceAttributes = { ok: true; attributes: Record<string, string> } | { ok: false; problem: string };

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.trim());
  } catch {
    return undefined;
  }
}

/**
 * Parses OTEL_RESOURCE_ATTRIBUTES: `key=value` pairs separated by commas, values percent-encoded
 * (W3C Baggage style). As the specification asks, a value with any bad entry is discarded whole;
 * the problem names the entry by position, never by its value (a value may be anything).
 */
export function parseResourceAttributes(raw: string): ParsedResourceAttributes {
  const attributes: Record<string, string> = {};
  const entries = raw.split(',');
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    const key = eq > 0 ? decode(entry.slice(0, eq)) : undefined;
    const value = eq > 0 ? decode(entry.slice(eq + 1)) : undefined;
    if (!key || value === undefined) {
      return { ok: false, problem: `entry ${i + 1} is not key=value with a non-empty key and percent-encoded text` };
    }
    attributes[key] = value;
  }
  return { ok: true, attributes };
}

function set(result: OtelEnvFallbacks, key: TelemetryConfigKey, value: unknown, envVar: string): void {
  result.values[key] = value;
  result.origins[key] = envVar;
}

/** An OTEL_* variable's trimmed value; empty counts as unset, as the specification asks. */
export function readOtelVariable(env: EnvSource, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

/** Reads the OTEL_* variables that have a [telemetry] key. */
export function readOtelEnvFallbacks(env: EnvSource): OtelEnvFallbacks {
  const result: OtelEnvFallbacks = { values: {}, origins: {}, problems: [], warnings: unreadVariableWarnings(env) };
  const read = (name: string): string | undefined => readOtelVariable(env, name);

  // The specification disables the SDK for "true" only; any other value leaves it on.
  if (read(OTEL_ENV.sdkDisabled)?.toLowerCase() === 'true') set(result, 'enabled', false, OTEL_ENV.sdkDisabled);
  // OTEL_SERVICE_NAME, else service.name in OTEL_RESOURCE_ATTRIBUTES (a bad value of the latter is
  // reported where the resource is built).
  const serviceName = read(OTEL_ENV.serviceName);
  const resource = read(OTEL_ENV.resourceAttributes);
  const resourceServiceName = resource === undefined ? undefined : resourceServiceNameOf(resource);
  if (serviceName) set(result, 'service_name', serviceName, OTEL_ENV.serviceName);
  else if (resourceServiceName) set(result, 'service_name', resourceServiceName, OTEL_ENV.resourceAttributes);
  const endpoint = read(OTEL_ENV.endpoint);
  if (endpoint) set(result, 'otlp_endpoint', endpoint, OTEL_ENV.endpoint);

  const sampler = read(OTEL_ENV.sampler)?.toLowerCase();
  const arg = read(OTEL_ENV.samplerArg);
  if (sampler === undefined) return result;
  if (sampler in FIXED_RATE_SAMPLERS) {
    set(result, 'sample_rate', FIXED_RATE_SAMPLERS[sampler], OTEL_ENV.sampler);
  } else if (RATIO_SAMPLERS.has(sampler)) {
    // Without an argument the ratio samplers keep every trace.
    const ratio = arg === undefined ? 1 : Number(arg);
    if (Number.isFinite(ratio)) set(result, 'sample_rate', ratio, arg === undefined ? OTEL_ENV.sampler : OTEL_ENV.samplerArg);
    else result.problems.push({ keyPath: 'telemetry.sample_rate', envVar: OTEL_ENV.samplerArg, expected: 'expected a number from 0 to 1', value: arg, hasValue: true });
  } else {
    result.warnings.push({
      code: 'unsupported-otel-sampler',
      message: `environment variable ${OTEL_ENV.sampler}=${sampler} is not supported (use traceidratio, parentbased_traceidratio, always_on or always_off) and is ignored`,
    });
  }
  return result;
}

function resourceServiceNameOf(raw: string): string | undefined {
  const parsed = parseResourceAttributes(raw);
  return parsed.ok ? parsed.attributes['service.name'] : undefined;
}
