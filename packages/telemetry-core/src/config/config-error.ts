import { isSensitiveName, REDACTED, scrubSecrets } from '../redact.js';

/** One thing wrong with the configuration, located as precisely as we can. */
export interface ConfigProblem {
  /** Dotted key path as written in zeph.toml, e.g. `telemetry.sample_rate`; '' when no key applies. */
  keyPath: string;
  /** What was expected, e.g. `expected a number from 0 to 1`. */
  expected: string;
  /** The offending value, when there is one (shown redacted under sensitive key names). */
  value?: unknown;
  hasValue: boolean;
  /** The value is raw TOML source text (from a line that did not parse): shown as written. */
  valueIsSource?: boolean;
  /** File the value came from (absent for environment variables). */
  file?: string;
  line?: number;
  column?: number;
  /** Environment variable the value came from. */
  envVar?: string;
}

const MAX_SHOWN_CHARS = 80;

function hidePassword(text: string): string {
  // A URL may carry credentials (http://user:secret@host): keep the shape, drop the secret.
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:\s]*):[^/@\s]*@/i, `$1:${REDACTED}@`);
}

/** How a configured value is shown in messages: never the value of a sensitive key, never a vault secret. */
export function displayConfigValue(keyPath: string, value: unknown, isSource = false): string {
  const lastKey = keyPath.split('.').pop() ?? keyPath;
  if (isSensitiveName(lastKey)) return REDACTED;
  if (isSource && typeof value === 'string') return clip(scrubSecrets(hidePassword(value)));
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return 'a table';
  return clip(scrubSecrets(typeof value === 'string' ? JSON.stringify(hidePassword(value)) : String(value)));
}

function clip(text: string): string {
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}…` : text;
}

function locationOf(problem: ConfigProblem): string {
  if (problem.envVar) return `environment variable ${problem.envVar}`;
  if (!problem.file) return '(no file)';
  if (problem.line === undefined) return problem.file;
  return problem.column === undefined ? `${problem.file}:${problem.line}` : `${problem.file}:${problem.line}:${problem.column}`;
}

/** `file:line: key = value: expected ...`: a single line an editor or terminal can jump to. */
export function formatConfigProblem(problem: ConfigProblem): string {
  const key = problem.keyPath || '(document)';
  const shown = problem.hasValue ? ` = ${displayConfigValue(problem.keyPath, problem.value, problem.valueIsSource)}` : '';
  return `${locationOf(problem)}: ${key}${shown}: ${problem.expected}`;
}

/**
 * Every problem found while loading configuration, reported together so that one run shows all of
 * them. The message lists one problem per line.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], file?: string) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    const where = file ? ` in ${file}` : '';
    super(`Invalid configuration${where} (${count}):\n${problems.map((p) => `  ${formatConfigProblem(p)}`).join('\n')}`);
    this.problems = problems;
  }
}
