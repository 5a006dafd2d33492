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
}

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Reads the events of a Chrome trace (a JSON array, or an object with a traceEvents array) one at a
 * time without loading the file: it tracks nesting depth and strings, and parses each top-level
 * event on its own. Files of several GB stream in constant memory (apart from the caller's state).
 */
export async function streamTraceEvents(
  file: string,
  onEvent: (event: TraceEvent, index: number) => void,
  options: StreamOptions = {},
): Promise<StreamResult> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new TraceFileError(file, `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (size === 0) throw new TraceFileError(file, 'file is empty (expected a JSON array of trace events)');

  const decoder = new StringDecoder('utf8');
  let mode: 'start' | 'array' | 'object' = 'start';
  let depth = 0;
  let eventsDepth = -1; // depth inside the events array
  let inString = false;
  let escaped = false;
  let closed = false;
  let eventText = '';
  let eventStart = -1;
  let index = 0;
  let bytesRead = 0;
  let lastProgress = 0;
  // In object form: the key most recently seen at depth 1, to find "traceEvents".
  let keyText = '';
  let collectingKey = false;
  let lastKeyAtDepth1 = '';
  let line = 1;

  const fail = (detail: string): never => {
    throw new TraceFileError(file, `${detail} (line ${line}, event ${index})`);
  };

  const emit = (text: string) => {
    let event: unknown;
    try {
      event = JSON.parse(text);
    } catch (error) {
      fail(`event ${index} is not valid JSON: ${(error as Error).message}`);
    }
    onEvent(event as TraceEvent, index++);
  };

  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytesRead += chunk.length;
    const text = decoder.write(chunk);
    eventStart = eventText === '' && eventStart === -1 ? -1 : 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      if (inString) {
        if (collectingKey && !escaped && c !== QUOTE) keyText += text[i];
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (collectingKey) {
            collectingKey = false;
            lastKeyAtDepth1 = keyText;
          }
        }
        continue;
      }
      if (c === QUOTE) {
        inString = true;
        if (mode === 'object' && depth === 1) {
          collectingKey = true;
          keyText = '';
        }
        continue;
      }
      if (mode === 'start') {
        if (c === 32 || c === 9 || c === 10 || c === 13) continue;
        if (c === OPEN_BRACKET) {
          mode = 'array';
          depth = 1;
          eventsDepth = 1;
        } else if (c === OPEN_BRACE) {
          mode = 'object';
          depth = 1;
        } else fail('not a Chrome trace: expected "[" or "{" at the start');
        continue;
      }
      if (closed) continue;
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (depth === eventsDepth) {
          if (c !== OPEN_BRACE) fail(`event ${index} is not an object`);
          eventStart = i;
        }
        if (mode === 'object' && depth === 1 && c === OPEN_BRACKET && lastKeyAtDepth1 === 'traceEvents') eventsDepth = 2;
        depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === eventsDepth && eventStart !== -1) {
          emit(eventText + text.slice(eventStart, i + 1));
          eventText = '';
          eventStart = -1;
        } else if (depth === eventsDepth - 1 && c === CLOSE_BRACKET) {
          closed = true;
        }
      } else if (depth === eventsDepth && eventStart === -1) {
        // Between events only commas and whitespace are allowed.
        if (c !== 44 && c !== 32 && c !== 9 && c !== 10 && c !== 13) fail(`event ${index} is not an object (found "${text[i]}")`);
      }
    }
    if (eventStart !== -1) eventText += text.slice(eventStart);
    if (options.onProgress && bytesRead - lastProgress >= 64 << 20) {
      lastProgress = bytesRead;
      options.onProgress(bytesRead, size);
    }
  }
  if (mode === 'start') fail('not a Chrome trace: the file holds only whitespace');
  if (mode === 'object' && eventsDepth === -1) fail('no "traceEvents" array in the JSON object');
  if (eventStart !== -1 || eventText !== '') {
    fail(`file ends in the middle of event ${index} (truncated)`);
  }
  options.onProgress?.(bytesRead, size);
  return { terminated: closed, eventCount: index, bytes: bytesRead };
}
