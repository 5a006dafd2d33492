// Finds where keys are written in a TOML text. smol-toml reports positions only for syntax errors;
// schema errors are located by this light scan of headers and `key = value` lines.

export interface TomlEntry {
  /** 1-based line number. */
  line: number;
  kind: 'table' | 'key';
  /** Full key path: table path plus the (dotted) key. */
  path: string[];
  /** Raw text after `=` on that line, for key entries. */
  valueText?: string;
}

const BARE_KEY = /^[A-Za-z0-9_-]+/;

/** Reads a dotted key (`a."b.c".d`) starting at `start`; returns its parts and where it ended. */
function readDottedKey(text: string, start: number): { parts: string[]; end: number } | undefined {
  const parts: string[] = [];
  let i = start;
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    const quote = text[i];
    if (quote === '"' || quote === "'") {
      const close = text.indexOf(quote, i + 1);
      if (close === -1) return undefined;
      const raw = text.slice(i + 1, close);
      parts.push(quote === '"' ? raw.replace(/\\(.)/g, '$1') : raw);
      i = close + 1;
    } else {
      const bare = BARE_KEY.exec(text.slice(i));
      if (!bare) return undefined;
      parts.push(bare[0]);
      i += bare[0].length;
    }
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] !== '.') return { parts, end: i };
    i++;
  }
}

function countOf(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/** Every table header and key assignment of the text, in order. */
export function scanTomlEntries(text: string): TomlEntry[] {
  const entries: TomlEntry[] = [];
  let table: string[] = [];
  let openMultiline: '"""' | "'''" | undefined;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (openMultiline) {
      if (countOf(raw, openMultiline) % 2 === 1) openMultiline = undefined;
      return;
    }
    const trimmed = raw.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (trimmed.startsWith('[')) {
      const isArray = trimmed.startsWith('[[');
      const key = readDottedKey(trimmed, isArray ? 2 : 1);
      if (key) {
        table = key.parts;
        entries.push({ line, kind: 'table', path: [...table] });
      }
      return;
    }
    const key = readDottedKey(trimmed, 0);
    if (!key || trimmed[key.end] !== '=') return;
    const valueText = trimmed.slice(key.end + 1).trim();
    entries.push({ line, kind: 'key', path: [...table, ...key.parts], valueText });
    for (const quotes of ['"""', "'''"] as const) {
      if (countOf(valueText, quotes) % 2 === 1) openMultiline = quotes;
    }
  });
  return entries;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

/**
 * Line where `keyPath` is written. Falls back to the nearest written ancestor (an inline table, or
 * the section header), so a problem always points somewhere useful.
 */
export function findKeyLine(text: string, keyPath: readonly (string | number)[], entries = scanTomlEntries(text)): number | undefined {
  // Array indices (from [[tables]]) are not written in the file.
  const wanted = keyPath.filter((part): part is string => typeof part === 'string');
  for (let length = wanted.length; length > 0; length--) {
    const prefix = wanted.slice(0, length);
    const hit = entries.find((entry) => samePath(entry.path, prefix));
    if (hit) return hit.line;
  }
  return undefined;
}

/** The key written on a given line, if that line is a key assignment. */
export function keyAtLine(text: string, line: number, entries = scanTomlEntries(text)): TomlEntry | undefined {
  return entries.find((entry) => entry.line === line && entry.kind === 'key');
}
