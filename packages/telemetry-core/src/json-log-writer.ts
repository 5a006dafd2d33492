import { close, open, write, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface JsonLogWriterOptions {
  /** Lines held in memory at most while the disk is slow; more are dropped and counted (default 10 000). */
  maxBufferedLines?: number;
  /** Told once, when the file cannot be opened or written. */
  onFailure: (error: NodeJS.ErrnoException) => void;
}

/**
 * Appends lines to a file without blocking the caller: lines wait in a bounded buffer and go out in
 * one write at a time. A failure turns the writer off after one report; on process 'exit' what is
 * still buffered is written synchronously.
 */
export class JsonLogWriter {
  private fd: number | undefined;
  private pending: string[] = [];
  private writing = false;
  private failed = false;
  private closed = false;
  private scheduled = false;
  private dropped = 0;
  private drains: Array<() => void> = [];
  private readonly maxBuffered: number;
  private readonly onExit = () => this.writeRemainingSync();

  constructor(
    readonly path: string,
    private readonly options: JsonLogWriterOptions,
  ) {
    this.maxBuffered = options.maxBufferedLines ?? 10_000;
  }

  async open(): Promise<void> {
    try {
      await mkdir(dirname(this.path), { recursive: true });
      this.fd = await new Promise<number>((resolve, reject) => open(this.path, 'a', (e, fd) => (e ? reject(e) : resolve(fd))));
    } catch (error) {
      this.fail(error as NodeJS.ErrnoException);
      return;
    }
    process.on('exit', this.onExit);
    this.schedule();
  }

  get droppedLines(): number {
    return this.dropped;
  }

  /** Queues one line (without its newline). */
  writeLine(line: string): void {
    if (this.failed || this.closed) return;
    if (this.pending.length >= this.maxBuffered) {
      this.dropped++;
      return;
    }
    this.pending.push(line);
    this.schedule();
  }

  /** Resolves when the buffer is empty (or the writer has failed). */
  flush(): Promise<void> {
    if (this.isDrained()) return Promise.resolve();
    return new Promise((resolve) => {
      this.drains.push(resolve);
      this.pump();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.dropped > 0) this.pending.push(JSON.stringify({ time: new Date().toISOString(), level: 'warn', scope: 'json-log', msg: `${this.dropped} log lines were dropped while the file was slow` }));
    await this.flush();
    this.closed = true;
    process.removeListener('exit', this.onExit);
    const fd = this.fd;
    this.fd = undefined;
    if (fd !== undefined) await new Promise<void>((resolve) => close(fd, () => resolve()));
  }

  private isDrained(): boolean {
    return this.failed || (this.pending.length === 0 && !this.writing) || this.fd === undefined;
  }

  private schedule(): void {
    if (this.scheduled || this.writing || this.fd === undefined) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    const fd = this.fd;
    if (this.writing || fd === undefined || this.failed) return this.settle();
    if (this.pending.length === 0) return this.settle();
    const text = `${this.pending.join('\n')}\n`;
    this.pending = [];
    this.writing = true;
    const data = Buffer.from(text);
    const writeFrom = (offset: number): void =>
      write(fd, data, offset, data.length - offset, null, (error, bytes) => {
        if (error) {
          this.writing = false;
          this.fail(error);
        } else if (offset + bytes < data.length) {
          writeFrom(offset + bytes);
        } else {
          this.writing = false;
          this.pump();
        }
      });
    writeFrom(0);
  }

  private settle(): void {
    if (!this.isDrained()) return;
    const drains = this.drains;
    this.drains = [];
    for (const resolve of drains) resolve();
  }

  private writeRemainingSync(): void {
    if (this.fd === undefined || this.failed || this.pending.length === 0) return;
    try {
      writeSync(this.fd, `${this.pending.join('\n')}\n`);
    } catch {
      // The process is ending; a log line lost here has nobody left to report to.
    }
    this.pending = [];
  }

  private fail(error: NodeJS.ErrnoException): void {
    if (this.failed) return;
    this.failed = true;
    this.dropped += this.pending.length;
    this.pending = [];
    process.removeListener('exit', this.onExit);
    if (this.fd !== undefined) {
      const fd = this.fd;
      this.fd = undefined;
      close(fd, () => {});
    }
    this.options.onFailure(error);
    this.settle();
  }
}
