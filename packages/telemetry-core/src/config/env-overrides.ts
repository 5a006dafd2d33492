import type { ConfigProblem } from './config-error.js';
import { closestKey } from './closest-key.js';
import { TELEMETRY_CONFIG_KEYS, telemetryConfigSchema, type TelemetryConfigKey } from './schema.js';

export const TELEMETRY_ENV_PREFIX = 'ZEPH_TELEMETRY_';

export type EnvSource = Readonly<Record<string, string | undefined>>;

/** `sample_rate` -> `ZEPH_TELEMETRY_SAMPLE_RATE`. */
export function telemetryEnvVarName(key: TelemetryConfigKey): string {
  return `${TELEMETRY_ENV_PREFIX}${key.toUpperCase()}`;
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

type FieldKind = 'boolean' | 'number' | 'string';

function kindOf(key: TelemetryConfigKey): FieldKind {
  // Unwrap the default to reach the field's own type.
  const field = telemetryConfigSchema.shape[key].unwrap();
  if (field.type === 'boolean') return 'boolean';
  if (field.type === 'number') return 'number';
  return 'string';
}

export interface EnvOverrides {
  values: Partial<Record<TelemetryConfigKey, unknown>>;
  /** Variable each value came from. */
  origins: Partial<Record<TelemetryConfigKey, string>>;
  problems: ConfigProblem[];
  /** ZEPH_TELEMETRY_* names that match no key (likely typos). */
  unknown: { envVar: string; suggestion?: string }[];
}

/**
 * Reads ZEPH_TELEMETRY_<KEY> variables and converts each to its key's type. An empty variable counts
 * as unset, as in the OpenTelemetry SDK environment conventions.
 */
export function readTelemetryEnvOverrides(env: EnvSource): EnvOverrides {
  const result: EnvOverrides = { values: {}, origins: {}, problems: [], unknown: [] };
  for (const key of TELEMETRY_CONFIG_KEYS) {
    const envVar = telemetryEnvVarName(key);
    const raw = env[envVar];
    if (raw === undefined || raw.trim() === '') continue;
    const text = raw.trim();
    const problem = (expected: string): ConfigProblem => ({ keyPath: `telemetry.${key}`, envVar, expected, value: raw, hasValue: true });
    switch (kindOf(key)) {
      case 'boolean': {
        const word = text.toLowerCase();
        if (TRUE_WORDS.has(word)) result.values[key] = true;
        else if (FALSE_WORDS.has(word)) result.values[key] = false;
        else result.problems.push(problem('expected true or false (also accepted: 1/0, yes/no, on/off)'));
        break;
      }
      case 'number': {
        const number = Number(text);
        if (Number.isFinite(number)) result.values[key] = number;
        else result.problems.push(problem('expected a number'));
        break;
      }
      default:
        result.values[key] = text;
    }
    if (key in result.values) result.origins[key] = envVar;
  }
  const knownVars = new Set(TELEMETRY_CONFIG_KEYS.map(telemetryEnvVarName));
  for (const envVar of Object.keys(env)) {
    if (!envVar.startsWith(TELEMETRY_ENV_PREFIX) || knownVars.has(envVar)) continue;
    const suggestion = closestKey(envVar.slice(TELEMETRY_ENV_PREFIX.length).toLowerCase(), TELEMETRY_CONFIG_KEYS);
    result.unknown.push({ envVar, suggestion: suggestion && telemetryEnvVarName(suggestion as TelemetryConfigKey) });
  }
  return result;
}
