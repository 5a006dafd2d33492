import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { ConfigError } from './config-error.js';
import { keyAtLine } from './toml-key-lines.js';

/** Default configuration file, resolved against the working directory. */
export const DEFAULT_CONFIG_FILE = 'zeph.toml';

export type TomlTable = Record<string, unknown>;

/** A parsed zeph.toml: the whole document, so each subsystem can validate its own section. */
export interface ZephTomlFile {
  /** Absolute path that was read (or looked for). */
  readonly path: string;
  readonly exists: boolean;
  /** File text ('' when the file does not exist); used to point errors at lines. */
  readonly text: string;
  /** Every section as parsed, unvalidated ({} when the file does not exist). */
  readonly document: TomlTable;
}

export interface LoadZephTomlOptions {
  /** Fail when the file does not exist (default: a missing file is an empty document). */
  required?: boolean;
}

/** Parses zeph.toml text; a syntax error becomes a ConfigError naming file, line, column and key. */
export function parseZephToml(text: string, path: string): ZephTomlFile {
  const absolute = resolve(path);
  try {
    return { path: absolute, exists: true, text, document: parse(text) as TomlTable };
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    // smol-toml's message carries a code frame of the line, which may hold a secret: keep only its reason.
    const reason = error.message.split('\n')[0].replace(/^Invalid TOML document:\s*/, '');
    const entry = keyAtLine(text, error.line);
    throw new ConfigError(
      [
        {
          keyPath: entry ? entry.path.join('.') : '',
          expected: `invalid TOML syntax: ${reason}`,
          value: entry?.valueText,
          hasValue: Boolean(entry?.valueText),
          valueIsSource: true,
          file: absolute,
          line: error.line,
          column: error.column,
        },
      ],
      absolute,
    );
  }
}

/** Reads and parses zeph.toml without validating any section. */
export function loadZephToml(path: string = DEFAULT_CONFIG_FILE, options: LoadZephTomlOptions = {}): ZephTomlFile {
  const absolute = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !options.required) return { path: absolute, exists: false, text: '', document: {} };
    const reason = code === 'ENOENT' ? 'the file does not exist' : `cannot read the file (${code ?? String(error)})`;
    throw new ConfigError([{ keyPath: '', expected: reason, hasValue: false, file: absolute }], absolute);
  }
  return parseZephToml(text, absolute);
}
