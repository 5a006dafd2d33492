import { close, constants, fstat, open, write, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '@zeph/telemetry-core';
import { createEnvelope, type EnvelopeContent } from './envelope.js';
import { GENESIS_HASH, sealEntry } from './ledger-entry.js';
import type { SigningKey } from './signing-key.js';

export interface LedgerWriterOptions {
  path: string;
  key: SigningKey;
  agentId: string;
  sessionId: string;
  log: Logger;
  /** Sequence and hash to continue from (a reopened ledger); a new ledger starts at seq 1. */
  resumeFrom?: { seq: number; hash: string };
  /** Entries sealed within this long go to disk in one write (default 100 ms). */
  writeDelayMs?: number;
}

/** The last entry's sequence and hash, kept beside the ledger so that a cut-off tail is noticed. */
export interface LedgerHead {
  seq: number;
  hash: string;
}

export function headPathOf(ledgerPath: string): string {
  return `${ledgerPath}.head`;
}

const DEFAULT_WRITE_DELAY_MS = 100;
// Created if absent, never truncated, and no O_APPEND: writes are positional, so a write repeated on
// exit (the one in flight) lands on the same bytes instead of appending them twice.
const OPEN_FLAGS = constants.O_WRONLY | constants.O_CREAT;

interface Chunk {
  readonly data: Buffer;
  readonly position: number;
  readonly head: Buffer;
}

const openFile = (path: string) => new Promise<number>((resolve, reject) => open(path, OPEN_FLAGS, 0o644, (e, fd) => (e ? reject(e) : resolve(fd))));
const fileSize = (fd: number) => new Promise<number>((resolve, reject) => fstat(fd, (e, stats) => (e ? reject(e) : resolve(stats.size))));

/** Writes all of `data` at `position`, resuming after short writes. */
async function writeAt(fd: number, data: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    done += await new Promise<number>((resolve, reject) =>
      write(fd, data, done, data.length - done, position + done, (e, n) => (e ? reject(e) : resolve(n))),
    );
  }
}

function writeAtSync(fd: number, data: Buffer, position: number): void {
  let done = 0;
  while (done < data.length) done += writeSync(fd, data, done, data.length - done, position + done);
}

/**
 * Appends signed, hash-chained entries. Sealing (hash + Ed25519 signature, tens of µs) happens on
 * the caller's turn so the order is the call order; file writes are never awaited by the agent.
 * Entries sealed within `writeDelayMs` go out in one positional write followed by one head update:
 * each asynchronous file operation costs the process far more CPU than the bytes it moves (a thread
 * pool hand-off), so an agent sealing several entries a turn must not pay one per entry. The files
 * stay open; on process exit whatever is still buffered is written synchronously. A write failure
 * is logged once; later entries keep their place in the chain.
 */
export class LedgerWriter {
  private seq: number;
  private prev: string;
  private readonly opened: Promise<void>;
  private readonly writeDelayMs: number;
  private ledgerFd: number | undefined;
  private headFd: number | undefined;
  /** Where the next entries go: the ledger's size when opened plus everything written since. */
  private position = 0;
  private pendingLines: string[] = [];
  private pendingHead: LedgerHead | undefined;
  private inflight: Chunk | undefined;
  private writing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failed = false;
  private closed = false;
  private readonly onExit = () => this.finishSync();

  constructor(private readonly options: LedgerWriterOptions) {
    this.seq = options.resumeFrom?.seq ?? 0;
    this.prev = options.resumeFrom?.hash ?? GENESIS_HASH;
    this.writeDelayMs = options.writeDelayMs ?? DEFAULT_WRITE_DELAY_MS;
    this.opened = this.openFiles().catch((error) => this.fail(error));
  }

  /** Records one envelope; returns its sequence number. */
  append(content: EnvelopeContent): number {
    const seq = ++this.seq;
    const envelope = createEnvelope(content, { agentId: this.options.agentId, sessionId: this.options.sessionId, seq });
    const { line, hash } = sealEntry(envelope, this.prev, this.options.key);
    this.prev = hash;
    this.pendingLines.push(`${line}\n`);
    this.pendingHead = { seq, hash };
    this.schedule();
    return seq;
  }

  /** Resolves when every appended entry is on disk (or given up on). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.writing || this.pendingLines.length > 0) {
      if (!this.writing) this.startWrite();
      await this.writing;
    }
    await this.opened;
  }

  /** Writes what is left and closes the ledger and head files. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    process.removeListener('exit', this.onExit);
    for (const fd of [this.ledgerFd, this.headFd]) if (fd !== undefined) await new Promise<void>((resolve) => close(fd, () => resolve()));
    this.ledgerFd = this.headFd = undefined;
  }

  private async openFiles(): Promise<void> {
    await mkdir(dirname(this.options.path), { recursive: true });
    this.ledgerFd = await openFile(this.options.path);
    this.position = await fileSize(this.ledgerFd);
    this.headFd = await openFile(headPathOf(this.options.path));
    process.on('exit', this.onExit);
  }

  private schedule(): void {
    if (this.timer || this.writing) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.startWrite();
    }, this.writeDelayMs);
    // Buffered entries do not keep the process alive: the exit hook writes them.
    this.timer.unref();
  }

  private startWrite(): void {
    this.writing = this.opened
      .then(() => this.writePending())
      .finally(() => {
        this.writing = undefined;
        if (this.pendingLines.length > 0 && !this.closed) this.schedule();
      });
  }

  private takePending(): Chunk | undefined {
    const head = this.pendingHead;
    const data = Buffer.from(this.pendingLines.join(''));
    this.pendingLines = [];
    this.pendingHead = undefined;
    if (!head || this.failed || this.ledgerFd === undefined) return undefined;
    // The head record only grows (seq increases, the hash has a fixed length), so writing it at
    // offset 0 always covers the previous one completely.
    return { data, position: this.position, head: Buffer.from(`${JSON.stringify(head)}\n`) };
  }

  private async writePending(): Promise<void> {
    const chunk = this.takePending();
    if (!chunk) return;
    this.inflight = chunk;
    try {
      await writeAt(this.ledgerFd!, chunk.data, chunk.position);
      this.position = chunk.position + chunk.data.length;
      // The head is written after the entries it names, so it never points past the file's end.
      await writeAt(this.headFd!, chunk.head, 0);
    } catch (error) {
      this.fail(error);
    } finally {
      this.inflight = undefined;
    }
  }

  /** On process exit: the write in flight again (same bytes, same place), then the rest. */
  private finishSync(): void {
    if (this.failed || this.ledgerFd === undefined || this.headFd === undefined) return;
    try {
      let head: Buffer | undefined;
      if (this.inflight) {
        writeAtSync(this.ledgerFd, this.inflight.data, this.inflight.position);
        this.position = this.inflight.position + this.inflight.data.length;
        head = this.inflight.head;
        this.inflight = undefined;
      }
      const rest = this.takePending();
      if (rest) {
        writeAtSync(this.ledgerFd, rest.data, rest.position);
        this.position = rest.position + rest.data.length;
        head = rest.head;
      }
      if (head) writeAtSync(this.headFd, head, 0);
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.options.log.error('ledger write failed; provenance entries are no longer persisted', {
      path: this.options.path,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
