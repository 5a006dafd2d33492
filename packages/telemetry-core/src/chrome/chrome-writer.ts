import { close, closeSync, open, write, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { jsonContainsSecret, scrubJsonText } from '../redact.js';
import { CHROME_TRACE_NAMES } from '../spans.js';
import type { Logger } from '../types.js';
import { nowMicros } from './trace-clock.js';

export interface ChromeTraceWriterOptions {
  filePath: string;
  log: Logger;
  /** pid written on the writer's own events (the dropped-events counter). */
  pid?: number;
  /** Events held in memory at most; further events are dropped and counted (default 65 536). */
  maxBufferedEvents?: number;
  /** A write starts as soon as this many events wait (default 512). */
  batchSize?: number;
  /** A smaller batch waits at most this long (default 200 ms). */
  flushIntervalMs?: number;
}

export interface ChromeTraceWriterStats {
  /** Events handed to the file (written or in flight). */
  written: number;
  /** Events lost: buffer full, unserialisable, or after a write failure. */
  dropped: number;
  bytes: number;
  failed: boolean;
  closed: boolean;
}

type State = 'opening' | 'open' | 'closing' | 'closed' | 'failed';

interface Chunk {
  readonly data: Buffer;
  readonly position: number;
}

const HEADER = '[\n';

/** An event that serialises itself into its JSON line (SpanRecord), skipping JSON.stringify's walk. */
interface SelfSerialisingEvent {
  jsonLine(): string;
}

function hasJsonLine(event: object): event is SelfSerialisingEvent {
  return typeof (event as Partial<SelfSerialisingEvent>).jsonLine === 'function';
}
// Events serialised in one go: bounds how long a flush holds the event loop.
const MAX_EVENTS_PER_WRITE = 1024;
const TAIL = '\n]\n';

/**
 * Streams trace events into a JSON array, one event per line. `append` only pushes onto an in-memory
 * buffer; serialisation and positional writes happen later, in batches, off the span path.
 *
 * The separator goes before each event (`[`, `{a}`, `,{b}`...), so at every moment the file is a
 * valid array lacking only its closing `]`. Writes are positional: on process 'exit' the chunk in
 * flight is simply written again with writeSync (same bytes, same offset), then the rest and `]`.
 */
export class ChromeTraceWriter {
  readonly filePath: string;
  private readonly log: Logger;
  private readonly pid: number;
  private readonly maxBuffered: number;
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;

  private state: State = 'opening';
  private opening: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private fd: number | undefined;
  private position = 0;
  private pending: object[] = [];
  /** Index of the first pending event not yet taken (avoids shifting the array per batch). */
  private pendingHead = 0;
  private inflight: Chunk | undefined;
  private anyEventWritten = false;
  private tailQueued = false;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private waiters: Array<() => void> = [];
  private written = 0;
  private dropped = 0;
  private droppedSinceReport = 0;
  private warnedFull = false;
  private readonly onExit = () => this.finishSync();

  constructor(options: ChromeTraceWriterOptions) {
    this.filePath = options.filePath;
    this.log = options.log;
    this.pid = options.pid ?? process.pid;
    this.maxBuffered = options.maxBufferedEvents ?? 65_536;
    this.batchSize = options.batchSize ?? 512;
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
  }

  /** Creates the directory and the file. Never rejects: a failure is logged once and the writer goes quiet. */
  open(): Promise<void> {
    this.opening ??= this.openFile();
    return this.opening;
  }

  private async openFile(): Promise<void> {
    try {
      await mkdir(dirname(this.filePath), { recursive: true });
      this.fd = await new Promise<number>((resolve, reject) =>
        open(this.filePath, 'w', (error, fd) => (error ? reject(error) : resolve(fd))),
      );
    } catch (error) {
      this.fail(error);
      return;
    }
    this.state = 'open';
    process.on('exit', this.onExit);
    this.pump();
  }

  /**
   * Queues one event; `jsonLine()` or `toJSON` on the object, if any, runs at serialisation time. `essential`
   * events (metadata that names lanes, a handful per trace) are kept even when the buffer is full.
   */
  append(event: object, essential = false): void {
    if (this.state === 'closed' || this.state === 'failed') {
      this.dropped++;
      return;
    }
    if (!essential && this.pending.length - this.pendingHead >= this.maxBuffered) {
      this.dropped++;
      this.droppedSinceReport++;
      if (!this.warnedFull) {
        this.warnedFull = true;
        this.log.warn(`trace buffer full (${this.maxBuffered} events): dropping events until the file catches up`, {
          file: this.filePath,
        });
      }
      return;
    }
    this.pending.push(event);
    this.schedule();
  }

  /** Resolves once everything appended so far has reached the file (or was dropped). */
  flush(): Promise<void> {
    if (this.isIdle() || this.state === 'failed' || this.state === 'closed') return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.waiters.push(resolve);
      this.pump();
    });
  }

  /** Writes what remains and the closing `]`. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= this.closeFile();
    return this.closing;
  }

  private async closeFile(): Promise<void> {
    if (this.state === 'opening') {
      if (!this.opening) {
        this.state = 'closed';
        return;
      }
      await this.opening;
    }
    if (this.state !== 'open') return this.flush();
    this.state = 'closing';
    this.clearTimers();
    await this.flush();
    if (this.state !== 'closing') return;
    this.tailQueued = true;
    await this.writeChunk(Buffer.from(TAIL));
    const fd = this.fd;
    this.fd = undefined;
    process.removeListener('exit', this.onExit);
    if (this.state === 'closing') this.state = 'closed';
    if (fd !== undefined) await new Promise<void>((resolve) => close(fd, () => resolve()));
    if (this.dropped > 0) {
      this.log.warn(`Chrome trace closed with ${this.dropped} events dropped`, { file: this.filePath, dropped: this.dropped });
    }
  }

  stats(): ChromeTraceWriterStats {
    return {
      written: this.written,
      dropped: this.dropped,
      bytes: this.position,
      failed: this.state === 'failed',
      closed: this.state === 'closed',
    };
  }

  private isIdle(): boolean {
    return this.pendingCount() === 0 && this.inflight === undefined && this.droppedSinceReport === 0;
  }

  private schedule(): void {
    if (this.state !== 'open' || this.inflight) return;
    if (this.pendingCount() >= this.batchSize) {
      this.immediate ??= setImmediate(() => {
        this.immediate = undefined;
        this.pump();
      });
    } else if (!this.timer) {
      // Unref'd: the trace never keeps the process alive; 'exit' writes what is left.
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, this.flushIntervalMs).unref();
    }
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  /** Starts the next batch write unless one is in flight. */
  private pump(): void {
    if (this.inflight || this.fd === undefined) return;
    if (this.state !== 'open' && this.state !== 'closing') return;
    const text = this.takeBatchText();
    if (text === '') {
      this.settleWaiters();
      return;
    }
    void this.writeChunk(Buffer.from(text)).then(() => {
      const more = this.pendingCount() > 0 || this.droppedSinceReport > 0;
      // Someone waits for everything (flush, close): keep writing. Otherwise what arrived during the
      // write waits for its own batch; writing it at once would turn a steady trickle of spans into
      // back-to-back small writes, each a round trip through the thread pool.
      if (more && (this.waiters.length > 0 || this.state === 'closing')) this.pump();
      else if (more) this.schedule();
      else this.settleWaiters();
    });
  }

  private pendingCount(): number {
    return this.pending.length - this.pendingHead;
  }

  /** Serialises up to `limit` pending events into one string (header and dropped-count line included). */
  private takeBatchText(limit = MAX_EVENTS_PER_WRITE): string {
    const pending = this.pending;
    const end = Math.min(pending.length, this.pendingHead + limit);
    let text = this.position === 0 ? HEADER : '';
    const lines: string[] = [];
    for (let i = this.pendingHead; i < end; i++) {
      const event = pending[i];
      try {
        lines.push(hasJsonLine(event) ? event.jsonLine() : JSON.stringify(event));
      } catch {
        this.dropped++;
      }
    }
    if (lines.length > 0) {
      let body = lines.join(',\n');
      // Vault values can reach attributes the agent sets (an error text echoing a token): the file is
      // as far as they may go. One search of the whole batch per registered secret; only a batch that
      // holds one is scrubbed line by line.
      if (jsonContainsSecret(body)) body = lines.map(scrubJsonText).join(',\n');
      text += this.anyEventWritten ? `,\n${body}` : body;
      this.anyEventWritten = true;
      this.written += lines.length;
    }
    if (end === pending.length) {
      this.pending = [];
      this.pendingHead = 0;
    } else if (end > 4096 && end * 2 > pending.length) {
      this.pending = pending.slice(end);
      this.pendingHead = 0;
    } else {
      // Taken events are released for collection while the array waits to be compacted.
      pending.fill(undefined as never, this.pendingHead, end);
      this.pendingHead = end;
    }
    if (this.droppedSinceReport > 0) {
      const line = JSON.stringify({
        name: CHROME_TRACE_NAMES.droppedEvents,
        ph: 'C',
        ts: nowMicros(),
        pid: this.pid,
        args: { dropped: this.dropped },
      });
      text += this.anyEventWritten ? `,\n${line}` : line;
      this.anyEventWritten = true;
      this.droppedSinceReport = 0;
    }
    return text;
  }

  /** One positional write (retried for short writes). A failure turns the writer off. */
  private writeChunk(data: Buffer): Promise<void> {
    const fd = this.fd;
    if (fd === undefined) return Promise.resolve();
    const chunk: Chunk = { data, position: this.position };
    this.inflight = chunk;
    this.position += data.length;
    return new Promise<void>((resolve) => {
      const writeFrom = (offset: number) =>
        write(fd, data, offset, data.length - offset, chunk.position + offset, (error, bytes) => {
          if (error) {
            this.fail(error);
            resolve();
          } else if (offset + bytes < data.length && this.inflight === chunk) {
            writeFrom(offset + bytes);
          } else {
            if (this.inflight === chunk) this.inflight = undefined;
            resolve();
          }
        });
      writeFrom(0);
    });
  }

  /** process 'exit' is synchronous: redo the chunk in flight, write the rest and close the array. */
  private finishSync(): void {
    const fd = this.fd;
    if (fd === undefined || (this.state !== 'open' && this.state !== 'closing')) return;
    try {
      if (this.inflight) writeSync(fd, this.inflight.data, 0, this.inflight.data.length, this.inflight.position);
      this.inflight = undefined;
      const text = this.takeBatchText(Number.POSITIVE_INFINITY);
      if (text !== '') this.position += writeSync(fd, text, this.position);
      if (!this.tailQueued) this.position += writeSync(fd, TAIL, this.position);
      closeSync(fd);
    } catch {
      // The process is ending; there is nobody left to tell.
    }
    this.fd = undefined;
    this.state = 'closed';
  }

  private fail(error: unknown): void {
    if (this.state === 'failed') return;
    const wasOpen = this.fd !== undefined;
    this.state = 'failed';
    this.dropped += this.pendingCount();
    this.pending = [];
    this.pendingHead = 0;
    this.inflight = undefined;
    this.clearTimers();
    const err = error as NodeJS.ErrnoException;
    this.log.error(`cannot write Chrome trace ${this.filePath}: ${err?.code ?? ''} ${err?.message ?? String(error)}; trace file output is off, the agent goes on`, {
      file: this.filePath,
      code: err?.code,
    });
    if (wasOpen && this.fd !== undefined) {
      const fd = this.fd;
      this.fd = undefined;
      close(fd, () => {});
    }
    process.removeListener('exit', this.onExit);
    this.settleWaiters();
  }

  private settleWaiters(): void {
    if (!this.isIdle() && this.state !== 'failed') return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
