import { allocStatsBetween } from './alloc-stats.js';
import { AllocFrameStack } from './frame-stack.js';
import { createHeapCounters, type HeapReading } from './heap-counters.js';
import type { AllocStats } from './types.js';

const counters = createHeapCounters();
// Synchronous code cannot interleave, so one stack serves every synchronous measurement.
const syncFrames = new AllocFrameStack();

const read = (): HeapReading => {
  const r = { usedBytes: 0, freedBytes: 0, gcCount: 0 };
  counters.read(r);
  return r;
};

/** Enters a synchronous measurement frame; pair every call with exitAllocFrame(). */
export function enterAllocFrame(): void {
  syncFrames.push({ start: read() });
}

/** Leaves the innermost frame and returns what it allocated (inclusive of nested frames). */
export function exitAllocFrame(): AllocStats {
  const frame = syncFrames.pop();
  return allocStatsBetween(frame.start, read(), undefined);
}

/** Measures a synchronous block without a span (counts are not estimated here). */
export function measureAllocations<R>(fn: () => R): { result: R; stats: AllocStats } {
  enterAllocFrame();
  let result: R;
  try {
    result = fn();
  } finally {
    // Keeps the stack balanced even when fn throws; the stats are then discarded.
    var stats = exitAllocFrame();
  }
  return { result, stats };
}

export const heapCounterSource = counters.source;
