// Public surface of @zeph/telemetry-alloc (the `profiling-alloc` build).
export { createAllocLayer } from './alloc-layer.js';
export { allocStatsBetween } from './alloc-stats.js';
export { measureAllocations, enterAllocFrame, exitAllocFrame, heapCounterSource } from './measure-allocations.js';
export { AllocFrameStack, AllocLayerMisuseError } from './frame-stack.js';
export { meanObjectSize } from './mean-object-size.js';
export { ALLOC_ATTRIBUTES, ALLOC_LAYER_KIND } from './spans.js';
export type { AllocLayerOptions, AllocStats } from './types.js';
/** True in builds with the `profiling-alloc` feature. */
export const ALLOC_BUILT = true;
