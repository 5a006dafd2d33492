import { createRequire } from 'node:module';
import { getHeapStatistics } from 'node:v8';

/** Cumulative heap figures; differences between two readings describe what happened in between. */
export interface HeapReading {
  usedBytes: number;
  freedBytes: number;
  gcCount: number;
}

export interface HeapCounters {
  readonly source: 'gc-counters' | 'heap-delta';
  /** Fills `into` without allocating. */
  read(into: HeapReading): void;
}

interface GcCountersAddon {
  install(): void;
  snapshot(out: Float64Array): void;
}

function loadAddon(): GcCountersAddon | undefined {
  try {
    const require = createRequire(import.meta.url);
    return require('../build/Release/gc_counters.node') as GcCountersAddon;
  } catch {
    return undefined;
  }
}

/**
 * The addon's GC callbacks add up what each collection freed, so bytes allocated between two
 * readings is (used heap delta + freed delta) even when collections ran in between. Without it
 * only the used-heap delta is known, which undercounts whenever a GC runs.
 */
export function createHeapCounters(): HeapCounters {
  const addon = loadAddon();
  if (addon) {
    addon.install();
    const scratch = new Float64Array(3);
    return {
      source: 'gc-counters',
      read(into) {
        addon.snapshot(scratch);
        into.usedBytes = scratch[0];
        into.freedBytes = scratch[1];
        into.gcCount = scratch[2];
      },
    };
  }
  return {
    source: 'heap-delta',
    read(into) {
      into.usedBytes = getHeapStatistics().used_heap_size;
      into.freedBytes = 0;
      into.gcCount = 0;
    },
  };
}
