// The build without `profiling-alloc`: no addon is loaded, no layer exists, nothing is measured.
// The pure helpers stay; explicit measurement calls fail with a message saying what build they need.
import type { TelemetryLayer } from '@zeph/telemetry-core';
import type { AllocLayerOptions, AllocStats } from './types.js';

export { allocStatsBetween } from './alloc-stats.js';
export { AllocFrameStack, AllocLayerMisuseError } from './frame-stack.js';
export { meanObjectSize } from './mean-object-size.js';
export { ALLOC_ATTRIBUTES, ALLOC_LAYER_KIND } from './spans.js';
export type { AllocLayerOptions, AllocStats } from './types.js';
export const ALLOC_BUILT = false;
export const heapCounterSource = 'none' as const;

function needsAllocBuild(what: string): never {
  throw new Error(`${what} needs a build with the profiling-alloc feature (ZEPH_FEATURES=profiling-alloc)`);
}

export function createAllocLayer(_options?: AllocLayerOptions): TelemetryLayer | undefined {
  return undefined;
}

export function measureAllocations<R>(_fn: () => R): { result: R; stats: AllocStats } {
  return needsAllocBuild('measureAllocations');
}

export function enterAllocFrame(): void {
  needsAllocBuild('enterAllocFrame');
}

export function exitAllocFrame(): AllocStats {
  return needsAllocBuild('exitAllocFrame');
}
