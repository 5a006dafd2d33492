import { isTelemetryActive, withSpan } from '@zeph/telemetry-core';
import { TOOL_ATTRIBUTES, TOOL_SPANS } from './spans.js';
import { stableStringify } from './stable-key.js';
import type { ToolCacheOptions } from './types.js';

interface Entry {
  value: unknown;
  storedAt: number;
}

const DEFAULT_MAX_ENTRIES = 256;

/**
 * Memoises results of idempotent tools by tool name and arguments (LRU, optional TTL). Failures are
 * not cached. Each lookup runs in a `tool.cache` span with `tool.cache.hit`.
 */
export class ToolCache {
  private readonly entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  constructor(private readonly options: ToolCacheOptions = {}) {}

  get size(): number {
    return this.entries.size;
  }

  /** Returns the cached result, or runs compute and stores its result. */
  getOrCompute<R>(toolName: string, args: unknown, compute: () => Promise<R>): Promise<{ value: R; hit: boolean }> {
    return withSpan(
      TOOL_SPANS.cache,
      async (span) => {
        const key = `${toolName}\u0000${stableStringify(args)}`;
        const found = this.lookup(key);
        span.setAttribute(TOOL_ATTRIBUTES.cacheHit, found !== undefined);
        if (found) {
          this.hits++;
          return { value: found.value as R, hit: true };
        }
        this.misses++;
        const value = await compute();
        this.store(key, value);
        return { value, hit: false };
      },
      isTelemetryActive() ? { [TOOL_ATTRIBUTES.genAiToolName]: toolName } : undefined,
    );
  }

  clear(): void {
    this.entries.clear();
  }

  private lookup(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.options.ttlMs !== undefined && Date.now() - entry.storedAt > this.options.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-insert to mark as most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  private store(key: string, value: unknown): void {
    this.entries.set(key, { value, storedAt: Date.now() });
    const max = this.options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    while (this.entries.size > max) this.entries.delete(this.entries.keys().next().value!);
  }
}

export function createToolCache(options?: ToolCacheOptions): ToolCache {
  return new ToolCache(options);
}
