import { readFile } from 'node:fs/promises';
import type { ChromeTraceEvent, ChromeTraceFile } from './chrome-trace-types.js';

/** A trace file that cannot be read; the message names the file, line and byte. */
export class ChromeTraceReadError extends Error {
  constructor(
    message: string,
    readonly source: string,
    readonly line?: number,
    readonly byte?: number,
  ) {
    super(message);
    this.name = 'ChromeTraceReadError';
  }
}

/** Reads a Chrome trace file (see parseChromeTrace). */
export async function readChromeTrace(path: string): Promise<ChromeTraceFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    throw new ChromeTraceReadError(`cannot read trace file ${path}: ${err.code ?? ''} ${err.message}`.trim(), path);
  }
  return parseChromeTrace(text, path);
}

/**
 * Parses a trace as a JSON array or `{"traceEvents": [...]}`. An array that lacks its closing `]`
 * (the writer was killed) loads with `terminated: false`, trailing comma or not. Anything else that
 * is not valid gets an error naming the line and byte where it went wrong.
 */
export function parseChromeTrace(text: string, source = '<trace>'): ChromeTraceFile {
  const start = skipWhitespace(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (start >= text.length) {
    throw new ChromeTraceReadError(`${source} is empty: expected a JSON array of trace events or {"traceEvents": [...]}`, source, 1, 0);
  }
  const first = text[start];
  if (first === '[') {
    const whole = tryParse(text);
    if (Array.isArray(whole)) return { events: whole as ChromeTraceEvent[], terminated: true, layout: 'array' };
    return scanArray(text, start + 1, source, 'array');
  }
  if (first === '{') {
    const whole = tryParse(text);
    if (whole !== undefined) {
      const events = (whole as { traceEvents?: unknown }).traceEvents;
      if (!Array.isArray(events)) {
        throw new ChromeTraceReadError(`${source} is a JSON object without a "traceEvents" array`, source, 1, 0);
      }
      return { events: events as ChromeTraceEvent[], terminated: true, layout: 'object' };
    }
    // An object-layout file cut short: scan its traceEvents array the same way.
    const head = /^\{\s*"traceEvents"\s*:\s*\[/.exec(text.slice(start));
    if (head) return scanArray(text, start + head[0].length, source, 'object');
    throw syntaxError(text, start, source, `is not valid JSON (${parseMessage(text)})`);
  }
  throw syntaxError(text, start, source, `is not JSON: found ${JSON.stringify(text.slice(start, start + 12))}, expected '[' or '{'`);
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseMessage(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

function skipWhitespace(text: string, at: number): number {
  while (at < text.length) {
    const c = text.charCodeAt(at);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    at++;
  }
  return at;
}

/** Walks the elements of an array one by one, so that the failing element can be named. */
function scanArray(text: string, from: number, source: string, layout: ChromeTraceFile['layout']): ChromeTraceFile {
  const events: ChromeTraceEvent[] = [];
  let at = from;
  let expectValue = true;
  for (;;) {
    at = skipWhitespace(text, at);
    if (at >= text.length) return { events, terminated: false, layout };
    const c = text[at];
    if (c === ']') {
      const after = skipWhitespace(text, at + 1);
      const rest = layout === 'object' ? text.slice(after).replace(/^\}\s*/, '') : text.slice(after);
      if (rest.trim() !== '') throw syntaxError(text, after, source, 'has unexpected data after the closing ]');
      return { events, terminated: true, layout };
    }
    if (c === ',') {
      if (expectValue) throw syntaxError(text, at, source, "has an unexpected ',' (missing event)");
      expectValue = true;
      at++;
      continue;
    }
    if (!expectValue) throw syntaxError(text, at, source, "has a missing ',' between events");
    const end = endOfValue(text, at);
    if (end === -1) {
      throw syntaxError(text, at, source, `is truncated mid-event: event ${events.length} is incomplete`);
    }
    const slice = text.slice(at, end);
    let value: unknown;
    try {
      value = JSON.parse(slice);
    } catch (error) {
      throw syntaxError(text, at, source, `has an invalid event ${events.length}: ${(error as Error).message}`);
    }
    events.push(value as ChromeTraceEvent);
    expectValue = false;
    at = end;
  }
}

/** Index just past the JSON value starting at `at`, or -1 when the text ends inside it. */
function endOfValue(text: string, at: number): number {
  const open = text[at];
  if (open !== '{' && open !== '[') {
    let i = at;
    while (i < text.length && !',]\n\r\t '.includes(text[i])) i++;
    return i;
  }
  let depth = 0;
  let inString = false;
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function syntaxError(text: string, at: number, source: string, what: string): ChromeTraceReadError {
  const before = text.slice(0, at);
  let line = 1;
  for (let i = 0; i < before.length; i++) if (before.charCodeAt(i) === 0x0a) line++;
  const byte = Buffer.byteLength(before, 'utf8');
  return new ChromeTraceReadError(`${source} ${what} (line ${line}, byte ${byte})`, source, line, byte);
}
