// SKILL.md: a front-matter block between `---` lines with `key: value` pairs (values plain,
// quoted, or a `>`/`|` block of indented lines), followed by the Markdown body.

export interface ParsedSkillFile {
  metadata: Record<string, string>;
  body: string;
}

export class SkillFileError extends Error {
  constructor(
    readonly path: string,
    readonly line: number,
    message: string,
  ) {
    super(`${path}:${line}: ${message}`);
    this.name = 'SkillFileError';
  }
}

const KEY_LINE = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/;
const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

const DOUBLE_QUOTED = /^("(?:[^"\\]|\\.)*")\s*(?:#.*)?$/;
const SINGLE_QUOTED = /^'((?:[^']|'')*)'\s*(?:#.*)?$/;

function unquote(raw: string, path: string, line: number): string {
  const value = raw.trim();
  if (value.startsWith('"')) {
    const quoted = DOUBLE_QUOTED.exec(value);
    if (!quoted) throw new SkillFileError(path, line, 'unterminated double-quoted value');
    try {
      return JSON.parse(quoted[1]) as string;
    } catch {
      throw new SkillFileError(path, line, `bad escape in double-quoted value ${value}`);
    }
  }
  if (value.startsWith("'")) {
    const quoted = SINGLE_QUOTED.exec(value);
    if (!quoted) throw new SkillFileError(path, line, 'unterminated single-quoted value');
    return quoted[1].replaceAll("''", "'");
  }
  return value.replace(/\s+#.*$/, '');
}

export function parseSkillFile(text: string, path: string): ParsedSkillFile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') throw new SkillFileError(path, 1, 'expected front matter starting with "---"');
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) throw new SkillFileError(path, lines.length, 'front matter is not closed with "---"');
  const metadata: Record<string, string> = {};
  for (let i = 1; i < end; i++) {
    const raw = lines[i];
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const match = KEY_LINE.exec(raw);
    if (!match) throw new SkillFileError(path, i + 1, `expected "key: value", got ${JSON.stringify(raw)}`);
    const [, key, rest] = match;
    if (key in metadata) throw new SkillFileError(path, i + 1, `duplicate key "${key}"`);
    if (rest === '>' || rest === '|' || rest === '>-' || rest === '|-') {
      const block: string[] = [];
      while (i + 1 < end && (/^\s+\S/.test(lines[i + 1]) || lines[i + 1].trim() === '')) block.push(lines[++i].trim());
      metadata[key] = rest.startsWith('>') ? block.filter(Boolean).join(' ') : block.join('\n').trim();
    } else {
      metadata[key] = unquote(rest, path, i + 1);
    }
  }
  for (const required of ['name', 'description']) {
    if (!metadata[required]) throw new SkillFileError(path, 1, `front matter lacks "${required}"`);
  }
  if (!NAME.test(metadata.name)) {
    throw new SkillFileError(path, 1, `name ${JSON.stringify(metadata.name)} must be lowercase letters, digits and dashes`);
  }
  return { metadata, body: lines.slice(end + 1).join('\n').trim() };
}

/** Writes a SKILL.md with the given front matter (values double-quoted so any text survives). */
export function formatSkillFile(metadata: Record<string, string>, body: string): string {
  const ordered = ['name', 'description', ...Object.keys(metadata).filter((k) => k !== 'name' && k !== 'description')];
  const front = ordered.filter((k) => metadata[k] !== undefined).map((k) => `${k}: ${JSON.stringify(metadata[k])}`);
  return `---\n${front.join('\n')}\n---\n\n${body.trim()}\n`;
}

