import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { TraceFileError, type TraceEvent } from './trace-event.js';

/**
 * Appends events to the output file as a JSON array. Writes never block; the caller awaits
 * `drained()` between input chunks so that at most about one chunk waits in memory, whatever the
 * size of the merge. A write error (missing folder, full disk) is kept and thrown, naming the file,
 * from the next write, `drained()` or `close()`, so the merge stops instead of waiting for a 'drain'
 * that never comes.
 */
export class TraceArrayWriter {
  private readonly out: WriteStream;
  private error: Error | undefined;
  count = 0;

  constructor(private readonly file: string) {
    this.out = createWriteStream(file);
    this.out.on('error', (error) => {
      this.error ??= error;
    });
  }

  /** False when the stream's buffer is full: the caller should await `drained()`. */
  write(event: TraceEvent): boolean {
    this.throwIfFailed();
    return this.out.write(`${this.count++ === 0 ? '[\n' : ',\n'}${JSON.stringify(event)}`);
  }

  async drained(): Promise<void> {
    this.throwIfFailed();
    if (!this.out.writableNeedDrain) return;
    try {
      await once(this.out, 'drain'); // rejects when 'error' comes first
    } catch (error) {
      this.throwIfFailed();
      throw error;
    }
  }

  async close(): Promise<void> {
    this.throwIfFailed();
    this.out.end(this.count === 0 ? '[]\n' : '\n]\n');
    try {
      await finished(this.out);
    } catch (error) {
      this.throwIfFailed();
      throw error;
    }
  }

  /** Releases the file after a failure elsewhere (e.g. a bad input); what was written stays. */
  abort(): void {
    this.out.destroy();
  }

  private throwIfFailed(): void {
    if (!this.error) return;
    throw new TraceFileError(this.file, `cannot write: ${this.error.message}`);
  }
}
