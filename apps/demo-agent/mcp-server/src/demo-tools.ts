import { createHash } from 'node:crypto';

/** Words, lines and characters of a text, as `wc` counts them. */
export function wordCount(text: string): { words: number; lines: number; characters: number } {
  const trimmed = text.trim();
  return {
    words: trimmed === '' ? 0 : trimmed.split(/\s+/u).length,
    lines: text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0),
    characters: [...text].length,
  };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The current time in an IANA time zone (UTC by default). */
export function currentTime(timeZone = 'UTC', now: Date = new Date()): { iso: string; timeZone: string; local: string } {
  let local: string;
  try {
    local = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      dateStyle: 'short',
      timeStyle: 'medium',
      hourCycle: 'h23',
    }).format(now);
  } catch {
    throw new Error(`unknown time zone "${timeZone}" (use an IANA name such as Europe/Berlin)`);
  }
  return { iso: now.toISOString(), timeZone, local };
}

const PATH_TOKEN = /\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;

/**
 * Picks a value out of a JSON document with a small path language: `a.b[0].c`, `["key with space"]`.
 * An empty path returns the whole document. Errors name the path step that failed.
 */
export function jsonQuery(json: string, path: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error(`"json" is not valid JSON: ${(error as Error).message}`);
  }
  PATH_TOKEN.lastIndex = 0;
  let walked = '';
  while (PATH_TOKEN.lastIndex < path.length) {
    const start = PATH_TOKEN.lastIndex;
    const token = PATH_TOKEN.exec(path);
    if (!token) throw new Error(`path "${path}" has unexpected text at position ${start}: "${path.slice(start)}"`);
    const key: string | number = token[1] ?? (token[2] !== undefined ? Number(token[2]) : (JSON.parse(token[3]) as string));
    walked = path.slice(0, PATH_TOKEN.lastIndex);
    if (typeof key === 'number') {
      if (!Array.isArray(value)) throw new Error(`path "${walked}" indexes into a ${describe(value)}, not an array`);
      if (key >= value.length) throw new Error(`path "${walked}" is past the end of an array of ${value.length}`);
      value = value[key];
    } else {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`path "${walked}" reads a key of a ${describe(value)}, not an object`);
      if (!Object.hasOwn(value, key)) throw new Error(`path "${walked}" does not exist (keys: ${Object.keys(value).slice(0, 10).join(', ')})`);
      value = (value as Record<string, unknown>)[key];
    }
  }
  return value;
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}
