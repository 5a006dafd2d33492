import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { TraceFileError, type TraceEvent } from './trace-event.js';

export interface StreamResult {
  /** False when the events array was never closed (a killed writer). */
  terminated: boolean;
  eventCount: number;
  bytes: number;
}

export interface StreamOptions {
  /** Called now and then with bytes read so far and the file size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Awaited after the events of each chunk (about 1 MiB): a consumer that sends them somewhere keeps memory bounded. */
  afterChunk?: () => Promise<void> | void;
}

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const NEWLINE = 10;

/** Scanner state carried from one chunk to the next. */
interface ScanState {
  mode: 0 | 1 | 2; // 0 = before the first token, 1 = array form, 2 = object form
  depth: number;
  eventsDepth: number; // depth inside the events array; -1 until found
  inString: boolean;
  escaped: boolean;
  closed: boolean;
  /** Text of an event that started in an earlier chunk. */
  pending: string;
  /** The line that event started on. */
  pendingLine: number;
  inEvent: boolean;
  /** Object form: last key seen at depth 1, to find "traceEvents". */
  lastKey: string;
  /** A depth-1 key string that is still open at the end of a chunk. */
  collectingKey: boolean;
  keyPartial: string;
  line: number;
  /** Set when the input is not a trace; the message names what was found. */
  error: string | undefined;
}

const isSpace = (c: number) => c === 32 || c === 9 || c === NEWLINE || c === 13;

/**
 * Splits one chunk into complete top-level event texts, and the line each starts on into `lines`.
 * Kept free of closures and with its state in locals for the length of the chunk: this loop sees
 * every byte of multi-GB files.
 */
function scanChunk(text: string, s: ScanState, out: string[], lines: number[]): void {
  let { mode, depth, eventsDepth, inString, escaped, closed, inEvent, line } = s;
  let eventStart = inEvent ? 0 : -1;
  let keyStart = s.collectingKey ? 0 : -1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === BACKSLASH) escaped = true;
      else if (c === QUOTE) {
        inString = false;
        if (keyStart !== -1) {
          s.lastKey = s.keyPartial + text.slice(keyStart, i);
          s.keyPartial = '';
          keyStart = -1;
        }
      }
      continue;
    }
    if (c === NEWLINE) {
      line++;
      continue;
    }
    if (c === QUOTE) {
      inString = true;
      if (mode === 2 && depth === 1) keyStart = i + 1;
      continue;
    }
    if (closed) continue;
    if (mode === 0) {
      if (isSpace(c)) continue;
      if (c === OPEN_BRACKET) {
        mode = 1;
        depth = 1;
        eventsDepth = 1;
      } else if (c === OPEN_BRACE) {
        mode = 2;
        depth = 1;
      } else {
        s.error = 'not a Chrome trace: expected "[" or "{" at the start';
        break;
      }
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth === eventsDepth) {
        if (c !== OPEN_BRACE) {
          s.error = `event ${out.length} of this chunk is not an object`;
          break;
        }
        eventStart = i;
        inEvent = true;
        s.pendingLine = line;
      }
      if (mode === 2 && depth === 1 && c === OPEN_BRACKET && s.lastKey === 'traceEvents') eventsDepth = 2;
      depth++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === eventsDepth && inEvent) {
        out.push(s.pending + text.slice(eventStart, i + 1));
        lines.push(s.pendingLine);
        s.pending = '';
        inEvent = false;
        eventStart = -1;
      } else if (depth === eventsDepth - 1 && c === CLOSE_BRACKET) {
        closed = true;
      }
    } else if (depth === eventsDepth && !inEvent && c !== COMMA && !isSpace(c)) {
      s.error = `found "${text[i]}"`;
      break;
    }
  }
  if (inEvent) s.pending += text.slice(eventStart);
  s.collectingKey = keyStart !== -1;
  if (s.collectingKey) s.keyPartial += text.slice(keyStart);
  Object.assign(s, { mode, depth, eventsDepth, inString, escaped, closed, inEvent, line });
}

/**
 * Reads the events of a Chrome trace (a JSON array, or an object with a traceEvents array) one at a
 * time without loading the file: it tracks nesting depth and strings, and parses each top-level
 * event on its own. Files of several GB stream in constant memory (apart from the caller's state).
 */
export async function streamTraceEvents(
  file: string,
  onEvent: (event: TraceEvent, index: number, line: number) => void,
  options: StreamOptions = {},
): Promise<StreamResult> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new TraceFileError(file, `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (size === 0) throw new TraceFileError(file, 'file is empty (expected a JSON array of trace events)');

  const state: ScanState = {
    mode: 0, depth: 0, eventsDepth: -1, inString: false, escaped: false, closed: false,
    pending: '', pendingLine: 1, inEvent: false, lastKey: '', collectingKey: false, keyPartial: '', line: 1, error: undefined,
  };
  const decoder = new StringDecoder('utf8');
  const texts: string[] = [];
  const lines: number[] = [];
  let index = 0;
  let bytesRead = 0;
  let lastProgress = 0;
  const fail = (detail: string, line = state.line): never => {
    throw new TraceFileError(file, `${detail} (line ${line}, event ${index})`);
  };

  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    bytesRead += chunk.length;
    texts.length = 0;
    lines.length = 0;
    scanChunk(decoder.write(chunk), state, texts, lines);
    for (let i = 0; i < texts.length; i++) {
      let event: unknown;
      try {
        event = JSON.parse(texts[i]);
      } catch (error) {
        fail(`event ${index} is not valid JSON: ${(error as Error).message}`, lines[i]);
      }
      onEvent(event as TraceEvent, index++, lines[i]);
    }
    if (state.error) fail(state.error.startsWith('found') ? `event ${index} is not an object (${state.error})` : state.error.replace(/event \d+ of this chunk/, `event ${index}`));
    if (options.afterChunk) await options.afterChunk();
    if (options.onProgress && bytesRead - lastProgress >= 64 << 20) {
      lastProgress = bytesRead;
      options.onProgress(bytesRead, size);
    }
  }
  if (state.mode === 0) fail('not a Chrome trace: the file holds only whitespace');
  if (state.mode === 2 && state.eventsDepth === -1) fail('no "traceEvents" array in the JSON object');
  if (state.inEvent) fail(`file ends in the middle of event ${index} (truncated)`, state.pendingLine);
  options.onProgress?.(bytesRead, size);
  return { terminated: state.closed, eventCount: index, bytes: bytesRead };
}
