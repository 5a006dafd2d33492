/** A window of a file's lines: what the index scores and what goes into the context. */
export interface CodeChunk {
  path: string;
  /** 1-based line of the window's first line. */
  startLine: number;
  text: string;
}

/** Lines per chunk: a function or two, small enough to quote in a prompt. */
export const CHUNK_LINES = 30;

/** Binary content (a NUL byte near the start, as git decides) is not code to quote. */
export function looksBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

export function chunkFile(path: string, text: string, linesPerChunk = CHUNK_LINES): CodeChunk[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const chunks: CodeChunk[] = [];
  for (let start = 0; start < lines.length; start += linesPerChunk) {
    const window = lines.slice(start, start + linesPerChunk).join('\n');
    if (window.trim() !== '') chunks.push({ path, startLine: start + 1, text: window });
  }
  return chunks;
}
