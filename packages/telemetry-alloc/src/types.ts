export interface AllocLayerOptions {
  /** Estimate alloc.count / dealloc.count from a sampled mean object size (default true). */
  estimateCounts?: boolean;
  /** How often the mean object size is re-measured, in ms (default 10 000). */
  countRefreshMs?: number;
}

export interface AllocStats {
  allocBytes: number;
  deallocBytes: number;
  netBytes: number;
  gcCount: number;
  /** Estimated; undefined until a mean object size is known. */
  allocCount?: number;
  deallocCount?: number;
}
