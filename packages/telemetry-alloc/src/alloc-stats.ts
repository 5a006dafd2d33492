import type { HeapReading } from './heap-counters.js';
import type { AllocStats } from './types.js';

/** Bytes allocated, freed and net between two readings of the same counters. */
export function allocStatsBetween(start: HeapReading, end: HeapReading, meanObjectBytes: number | undefined): AllocStats {
  const deallocBytes = end.freedBytes - start.freedBytes;
  const netBytes = end.usedBytes - start.usedBytes;
  const allocBytes = Math.max(0, netBytes + deallocBytes);
  const estimateCount = (bytes: number) => (meanObjectBytes ? Math.round(bytes / meanObjectBytes) : undefined);
  return {
    allocBytes,
    deallocBytes,
    netBytes,
    gcCount: end.gcCount - start.gcCount,
    allocCount: estimateCount(allocBytes),
    deallocCount: estimateCount(deallocBytes),
  };
}
