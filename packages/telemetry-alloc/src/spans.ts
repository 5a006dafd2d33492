// Attribute keys this package writes on every span. The only place they are spelled.
export const ALLOC_ATTRIBUTES = {
  allocCount: 'alloc.count',
  allocBytes: 'alloc.bytes',
  deallocCount: 'dealloc.count',
  deallocBytes: 'dealloc.bytes',
  netBytes: 'alloc.net_bytes',
  gcCount: 'alloc.gc_count',
  /** Which parts are estimates: see README ("What the numbers mean"). */
  estimated: 'alloc.estimated',
  /** How the bytes were obtained: "gc-counters" (addon) or "heap-delta" (fallback). */
  source: 'alloc.source',
} as const;

export const ALLOC_LAYER_KIND = 'alloc';
