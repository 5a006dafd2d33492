import { isDeepStrictEqual } from 'node:util';
import { parse, stringify } from 'smol-toml';
import { LEGACY_SECTIONS, readLegacySections, type LegacySection } from './legacy-sections.js';
import { resolveTelemetryConfig, TELEMETRY_SECTION } from './load-telemetry-config.js';
import type { TelemetryConfigKey } from './schema.js';
import { parseZephToml, type TomlTable } from './toml-document.js';
import { scanTomlEntries, type TomlEntry } from './toml-key-lines.js';

export interface ZephTomlMigration {
  /** The rewritten file (equal to the input when there was nothing to migrate). */
  text: string;
  changed: boolean;
  /** Old sections that were found, e.g. `observability`, `debug.traces`. */
  sections: string[];
  /** What happened to keys that were not carried over as they were. */
  notes: string[];
}

const SILENT = { warn() {} };

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((part, i) => path[i] === part);
}

function sectionOf(path: readonly string[]): LegacySection | undefined {
  return LEGACY_SECTIONS.find((section) => startsWith(path, section.path));
}

/** Last line (1-based) of a key's value: a multi-line array or string runs on until it parses. */
function lastLineOfValue(lines: readonly string[], entry: TomlEntry, limit: number): number {
  for (let end = entry.line; end <= limit; end++) {
    try {
      parse(lines.slice(entry.line - 1, end).join('\n'));
      return end;
    } catch {
      // Not complete yet.
    }
  }
  return entry.line;
}

/** The `# comment` at the end of a key line, outside any string. */
function trailingComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote) {
      if (char === '\\' && quote === '"') i++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '#') return line.slice(i).trimEnd();
  }
  return '';
}

function tomlLine(key: string, value: unknown): string {
  return stringify({ [key]: value }).trim();
}

/**
 * Rewrites old `[observability]` / `[debug.traces]` sections of a zeph.toml into `[telemetry]`,
 * keeping every other line (comments included) where it was. Comments inside the old sections move
 * with their keys; keys without an equivalent stay as comments. The result is checked to load to
 * the same configuration as the input. Throws ConfigError when the input itself is invalid.
 */
export function migrateZephTomlText(text: string, path: string): ZephTomlMigration {
  const before = parseZephToml(text, path);
  const reference = resolveTelemetryConfig(before, { env: {}, logger: SILENT });
  const legacy = readLegacySections(before);
  const sections = legacy.reports.map((report) => report.section.name);
  if (sections.length === 0) return { text, changed: false, sections, notes: [] };

  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const entries = scanTomlEntries(text);
  const headers = entries.filter((entry) => entry.kind === 'table');
  const nextHeaderLine = (line: number) => headers.find((h) => h.line > line)?.line ?? lines.length + 1;
  const written = (before.document[TELEMETRY_SECTION] ?? {}) as TomlTable;
  const notes: string[] = [];

  // Lines (1-based) that belong to old sections, and the first old header block.
  const oldLines = new Set<number>();
  const keyEnd = new Map<TomlEntry, number>();
  let firstOldBlockLine: number | undefined;
  let telemetryBlockEnd: number | undefined;
  for (const header of headers) {
    const blockKeys = entries.filter((e) => e.kind === 'key' && e.line > header.line && e.line < nextHeaderLine(header.line));
    let end = header.line;
    for (const entry of blockKeys) {
      const last = lastLineOfValue(lines, entry, nextHeaderLine(header.line) - 1);
      keyEnd.set(entry, last);
      end = Math.max(end, last);
    }
    if (sectionOf(header.path)) {
      firstOldBlockLine ??= header.line;
      for (let line = header.line; line <= end; line++) oldLines.add(line);
    } else if (header.path.length === 1 && header.path[0] === TELEMETRY_SECTION) {
      telemetryBlockEnd = end;
    }
  }
  for (const entry of entries) {
    if (entry.kind !== 'key' || !sectionOf(entry.path) || oldLines.has(entry.line)) continue;
    // Old keys written as dotted keys (`traces.enabled = true` under [debug]) outside an old header.
    const last = keyEnd.get(entry) ?? lastLineOfValue(lines, entry, nextHeaderLine(entry.line) - 1);
    keyEnd.set(entry, last);
    for (let line = entry.line; line <= last; line++) oldLines.add(line);
  }
  if (written && Object.keys(written).length > 0 && telemetryBlockEnd === undefined) {
    throw new Error(
      `${before.path}: [telemetry] is written inline or with dotted keys; write it as a [telemetry] table header before migrating`,
    );
  }

  // Which old key supplies each migrated value, unless [telemetry] already sets it.
  const fieldsByOldKey = new Map<string, { field: TelemetryConfigKey; value: unknown }[]>();
  const supersededBy = new Map<string, string>();
  for (const [field, migrated] of Object.entries(legacy.values) as [TelemetryConfigKey, { value: unknown; origin: { keyPath: string } }][]) {
    if (Object.hasOwn(written, field)) {
      supersededBy.set(migrated.origin.keyPath, `[telemetry] already sets ${field}`);
      continue;
    }
    const list = fieldsByOldKey.get(migrated.origin.keyPath) ?? [];
    list.push({ field, value: migrated.value });
    fieldsByOldKey.set(migrated.origin.keyPath, list);
  }

  const migrated: string[] = [];
  const emitted = new Set<string>();
  const emitFieldsOf = (keyPath: string, comment: string) => {
    for (const { field, value } of fieldsByOldKey.get(keyPath) ?? []) {
      migrated.push(`${tomlLine(field, value)}${comment ? ` ${comment}` : ''}`);
      emitted.add(keyPath);
    }
  };
  const sortedOld = [...oldLines].sort((a, b) => a - b);
  for (let index = 0; index < sortedOld.length; index++) {
    const lineNumber = sortedOld[index];
    const line = lines[lineNumber - 1];
    const entry = entries.find((e) => e.line === lineNumber);
    if (entry?.kind === 'table') continue;
    if (!entry) {
      // Comments and blank lines travel with the keys around them; continuation lines of values were handled with their key.
      const owner = entries.find((e) => e.kind === 'key' && e.line < lineNumber && (keyEnd.get(e) ?? e.line) >= lineNumber);
      if (!owner) migrated.push(line);
      continue;
    }
    const keyPath = entry.path.join('.');
    const section = sectionOf(entry.path)!;
    const valueLines = lines.slice(entry.line - 1, keyEnd.get(entry) ?? entry.line);
    if (fieldsByOldKey.has(keyPath)) {
      emitFieldsOf(keyPath, trailingComment(valueLines[valueLines.length - 1]));
      continue;
    }
    if (entry.path.length === section.path.length) {
      // The whole old section as an inline table on one key.
      for (const oldKey of fieldsByOldKey.keys()) if (oldKey.startsWith(`${keyPath}.`)) emitFieldsOf(oldKey, '');
      continue;
    }
    const key = entry.path.slice(section.path.length).join('.');
    const reason =
      supersededBy.get(keyPath) ??
      (Object.hasOwn(section.dropped, key)
        ? section.dropped[key]
        : Object.hasOwn(section.keys, key)
          ? `another old key sets telemetry.${section.keys[key].to}`
          : 'no [telemetry] equivalent');
    notes.push(`${keyPath}: not migrated (${reason}); left as a comment`);
    migrated.push(`# ${keyPath} (not migrated: ${reason}):`);
    valueLines.forEach((valueLine, i) => migrated.push(`# ${i === 0 ? valueLine.trimStart() : valueLine}`));
  }
  for (const keyPath of fieldsByOldKey.keys()) if (!emitted.has(keyPath)) emitFieldsOf(keyPath, '');
  while (migrated.length > 0 && migrated[migrated.length - 1].trim() === '') migrated.pop();
  while (migrated.length > 0 && migrated[0].trim() === '') migrated.shift();

  const out: string[] = [];
  const intro = `# Migrated from ${sections.map((s) => `[${s}]`).join(' and ')} by zeph-telemetry-migrate.`;
  const placeAtOldBlock = telemetryBlockEnd === undefined && firstOldBlockLine !== undefined;
  let afterRemoval = false;
  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    if (placeAtOldBlock && lineNumber === firstOldBlockLine) out.push('[telemetry]', intro, ...migrated);
    if (oldLines.has(lineNumber)) {
      afterRemoval = true;
      return;
    }
    // A removed block leaves its two surrounding blank lines next to each other: keep one.
    const doubledBlank = afterRemoval && line.trim() === '' && out.length > 0 && out[out.length - 1].trim() === '';
    if (!doubledBlank) out.push(line);
    afterRemoval = false;
    if (lineNumber === telemetryBlockEnd && migrated.length > 0) out.push(intro, ...migrated);
  });
  // Removing old keys from the top of the file must not leave it starting with blank lines.
  if (oldLines.has(1)) while (out.length > 0 && out[0].trim() === '') out.shift();
  if (telemetryBlockEnd === undefined && !placeAtOldBlock) {
    while (out.length > 0 && out[out.length - 1].trim() === '') out.pop();
    out.push('', '[telemetry]', intro, ...migrated, '');
  }
  const result = out.join(eol);

  // The rewritten file must mean exactly what the old one meant, without the old sections.
  const after = resolveTelemetryConfig(parseZephToml(result, path), { env: {}, logger: SILENT });
  const leftover = after.warnings.filter((w) => w.code === 'deprecated-section');
  if (!isDeepStrictEqual(after.config, reference.config) || leftover.length > 0) {
    throw new Error(`${before.path}: the rewritten file would not load to the same [telemetry] configuration; the file was left unchanged`);
  }
  return { text: result, changed: true, sections, notes };
}
