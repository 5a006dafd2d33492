import { LlmResponseFormatError } from './llm-errors.js';

/** Lines of a streamed body; closing the iteration early cancels the body. */
export async function* readLines(body: ReadableStream<Uint8Array> | null): AsyncGenerator<string> {
  if (!body) throw new LlmResponseFormatError('the streamed response has no body');
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  let completed = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).replace(/\r$/, '');
        buffered = buffered.slice(newline + 1);
        yield line;
      }
    }
    buffered += decoder.decode();
    if (buffered) yield buffered;
    completed = true;
  } finally {
    if (!completed) await reader.cancel().catch(() => {});
  }
}

function parseJsonLine<T>(line: string, where: string): T {
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new LlmResponseFormatError(`${where}: expected a JSON object, got ${JSON.stringify(line.slice(0, 120))}`);
  }
}

/** Newline-delimited JSON (Ollama). */
export async function* readNdjson<T>(body: ReadableStream<Uint8Array> | null, where: string): AsyncGenerator<T> {
  for await (const line of readLines(body)) {
    if (line.trim()) yield parseJsonLine<T>(line, where);
  }
}

/** The JSON `data:` payloads of a server-sent event stream (Gemini with alt=sse). */
export async function* readSseJson<T>(body: ReadableStream<Uint8Array> | null, where: string): AsyncGenerator<T> {
  let data: string[] = [];
  for await (const line of readLines(body)) {
    if (line === '') {
      if (data.length) yield parseJsonLine<T>(data.join('\n'), where);
      data = [];
    } else if (line.startsWith('data:')) {
      data.push(line.slice(5).replace(/^ /, ''));
    }
    // event:, id:, retry: and comments carry nothing these APIs use
  }
  if (data.length) yield parseJsonLine<T>(data.join('\n'), where);
}

export async function readJson<T>(response: Response, where: string): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new LlmResponseFormatError(`${where}: expected a JSON body, got ${JSON.stringify(text.slice(0, 120))}`);
  }
}
