import { mkdir, open, writeFile, type FileHandle } from 'node:fs/promises';
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
}

/** The last entry's sequence and hash, kept beside the ledger so that a cut-off tail is noticed. */
export interface LedgerHead {
  seq: number;
  hash: string;
}

export function headPathOf(ledgerPath: string): string {
  return `${ledgerPath}.head`;
}

/**
 * Appends signed, hash-chained entries. Sealing (hash + Ed25519 signature, tens of µs) happens on
 * the caller's turn so the order is the call order; the file writes are queued and never awaited by
 * the agent. The ledger stays open between entries, and entries sealed while a write is in flight
 * go out together, followed by one head update. A write failure is logged once; later entries
 * keep their place in the chain.
 */
export class LedgerWriter {
  private seq: number;
  private prev: string;
  private queue: Promise<void>;
  private file: FileHandle | undefined;
  private pendingLines: string[] = [];
  private pendingHead: LedgerHead | undefined;
  private failed = false;

  constructor(private readonly options: LedgerWriterOptions) {
    this.seq = options.resumeFrom?.seq ?? 0;
    this.prev = options.resumeFrom?.hash ?? GENESIS_HASH;
    this.queue = mkdir(dirname(options.path), { recursive: true })
      .then(() => open(options.path, 'a'))
      .then(
        (handle) => {
          this.file = handle;
        },
        (error) => this.fail(error),
      );
  }

  /** Records one envelope; returns its sequence number. */
  append(content: EnvelopeContent): number {
    const seq = ++this.seq;
    const envelope = createEnvelope(content, { agentId: this.options.agentId, sessionId: this.options.sessionId, seq });
    const { line, hash } = sealEntry(envelope, this.prev, this.options.key);
    this.prev = hash;
    this.pendingLines.push(`${line}\n`);
    this.pendingHead = { seq, hash };
    if (this.pendingLines.length === 1) this.queue = this.queue.then(() => this.writePending());
    return seq;
  }

  /** Resolves when every appended entry is on disk (or given up on). */
  flush(): Promise<void> {
    return this.queue;
  }

  /** Closes the ledger file after the last write. */
  async close(): Promise<void> {
    await this.queue;
    await this.file?.close().catch(() => undefined);
    this.file = undefined;
  }

  private async writePending(): Promise<void> {
    const lines = this.pendingLines.join('');
    const head = this.pendingHead;
    this.pendingLines = [];
    this.pendingHead = undefined;
    if (this.failed || !this.file || !head) return;
    try {
      await this.file.appendFile(lines);
      // The head is written after the entries it names, so it never points past the file's end.
      await writeFile(headPathOf(this.options.path), `${JSON.stringify(head)}\n`);
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
