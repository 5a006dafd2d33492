import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { AGENT_SPANS, withSpan } from '@zeph/telemetry-core';
import { Bm25Index } from '@zeph/telemetry-skills';
import { chunkFile, looksBinary, type CodeChunk } from './code-chunks.js';
import { CODE_INDEX_ATTRIBUTES as A } from './code-index-attributes.js';
import { walkWorkspace, type FileStamp } from './workspace-walk.js';

export interface CodeIndexOptions {
  /** A refresh is due when this long passed since the last one (or the workspace was marked dirty). */
  minRefreshIntervalMs?: number;
  /** Larger files are not indexed (generated or data files, not code to quote). */
  maxFileBytes?: number;
  now?: () => number;
}

/** What one refresh did. */
export interface CodeIndexRefresh {
  filesScanned: number;
  filesRead: number;
  filesRemoved: number;
  filesSkipped: number;
  chunks: number;
  bytesRead: number;
}

export interface CodeHit extends CodeChunk {
  score: number;
}

interface IndexedFile {
  stamp: FileStamp;
  chunkIds: string[];
}

const DEFAULT_REFRESH_INTERVAL_MS = 2000;

/**
 * A file's bytes, or undefined when it cannot be read. O_NOFOLLOW: a file swapped for a symbolic
 * link between the walk and the read is not followed out of the workspace.
 */
async function readNoFollow(file: string): Promise<Buffer | undefined> {
  try {
    const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}
const DEFAULT_MAX_FILE_BYTES = 256 * 1024;

/**
 * A BM25 index over windows of the workspace's files. A refresh (agent.code_index) walks the
 * workspace with stat only and re-reads just the files whose size or mtime changed, so keeping it
 * current costs a directory walk, not a re-read. A refresh never throws: an unreadable file is
 * skipped and counted, and a walk that fails leaves the previous index in place.
 */
export class CodeIndex {
  private readonly bm25 = new Bm25Index();
  private readonly chunks = new Map<string, CodeChunk>();
  private readonly files = new Map<string, IndexedFile>();
  private readonly minRefreshIntervalMs: number;
  private readonly maxFileBytes: number;
  private readonly now: () => number;
  private lastRefreshAt = Number.NEGATIVE_INFINITY;
  private dirty = true;
  private running: Promise<CodeIndexRefresh> | undefined;

  constructor(
    readonly root: string,
    options: CodeIndexOptions = {},
  ) {
    this.minRefreshIntervalMs = options.minRefreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS;
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.now = options.now ?? (() => performance.now());
  }

  get chunkCount(): number {
    return this.chunks.size;
  }

  /** Says the workspace may have changed (a tool wrote to it): the next refreshIfDue runs. */
  markDirty(): void {
    this.dirty = true;
  }

  /** Refreshes when marked dirty or when the interval passed; otherwise costs nothing. */
  refreshIfDue(): Promise<CodeIndexRefresh | undefined> {
    if (!this.dirty && this.now() - this.lastRefreshAt < this.minRefreshIntervalMs) return Promise.resolve(undefined);
    return this.refresh();
  }

  /** Brings the index up to date with the workspace (one refresh at a time; callers share it). */
  refresh(): Promise<CodeIndexRefresh> {
    this.running ??= this.refreshInSpan().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** The k best chunks for the query, best first. */
  search(query: string, k: number): CodeHit[] {
    return this.bm25.search(query, k).map((hit) => ({ ...this.chunks.get(hit.id)!, score: hit.score }));
  }

  private refreshInSpan(): Promise<CodeIndexRefresh> {
    this.dirty = false;
    this.lastRefreshAt = this.now();
    return withSpan(AGENT_SPANS.codeIndex, async (span) => {
      const stats: CodeIndexRefresh = { filesScanned: 0, filesRead: 0, filesRemoved: 0, filesSkipped: 0, chunks: 0, bytesRead: 0 };
      try {
        const walk = await walkWorkspace(this.root, this.maxFileBytes);
        stats.filesScanned = walk.files.size;
        stats.filesSkipped = walk.skipped;
        for (const path of [...this.files.keys()]) {
          if (walk.files.has(path)) continue;
          this.drop(path);
          stats.filesRemoved += 1;
        }
        for (const [path, stamp] of walk.files) {
          const known = this.files.get(path);
          if (known && known.stamp.mtimeMs === stamp.mtimeMs && known.stamp.size === stamp.size) continue;
          const content = await readNoFollow(join(this.root, path));
          if (known) this.drop(path);
          if (!content) {
            stats.filesSkipped += 1;
            continue;
          }
          stats.filesRead += 1;
          stats.bytesRead += content.length;
          this.add(path, stamp, looksBinary(content) ? [] : chunkFile(path, content.toString('utf8')));
        }
      } catch (error) {
        // The index keeps what it had; the next refresh tries again.
        this.dirty = true;
        span.recordError(error);
      }
      stats.chunks = this.chunks.size;
      if (span.isRecording) {
        span.setAttributes({
          [A.filesScanned]: stats.filesScanned,
          [A.filesRead]: stats.filesRead,
          [A.filesRemoved]: stats.filesRemoved,
          [A.filesSkipped]: stats.filesSkipped,
          [A.chunks]: stats.chunks,
          [A.bytesRead]: stats.bytesRead,
        });
      }
      return stats;
    });
  }

  private add(path: string, stamp: FileStamp, chunks: CodeChunk[]): void {
    const chunkIds = chunks.map((chunk) => {
      const id = `${chunk.path}:${chunk.startLine}`;
      this.chunks.set(id, chunk);
      // The path is searchable too: "the billing code" should find src/billing/*.
      this.bm25.add(id, `${chunk.path}\n${chunk.text}`);
      return id;
    });
    this.files.set(path, { stamp, chunkIds });
  }

  private drop(path: string): void {
    for (const id of this.files.get(path)?.chunkIds ?? []) {
      this.bm25.remove(id);
      this.chunks.delete(id);
    }
    this.files.delete(path);
  }
}
