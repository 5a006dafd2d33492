// The build without `profiling-alloc`: no addon is loaded, no layer exists, nothing is measured.
import type { TelemetryLayer } from '@zeph/telemetry-core';
import type { AllocLayerOptions } from './types.js';

export { ALLOC_ATTRIBUTES, ALLOC_LAYER_KIND } from './spans.js';
export type { AllocLayerOptions, AllocStats } from './types.js';
export const ALLOC_BUILT = false;

export function createAllocLayer(_options?: AllocLayerOptions): TelemetryLayer | undefined {
  return undefined;
}
