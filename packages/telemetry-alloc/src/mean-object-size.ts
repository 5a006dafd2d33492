// V8 picks an allocation for its sampling heap profile with probability p = 1 - exp(-size / interval),
// so weighting each sample by 1/p gives unbiased totals of objects and bytes (Horvitz–Thompson).
// Their ratio is the mean object size we divide span byte totals by to estimate object counts.
export function meanObjectSize(samples: ReadonlyArray<{ size: number }>, intervalBytes: number): number | undefined {
  let objects = 0;
  let bytes = 0;
  for (const { size } of samples) {
    if (size <= 0) continue;
    const p = 1 - Math.exp(-size / intervalBytes);
    objects += 1 / p;
    bytes += size / p;
  }
  return objects > 0 ? bytes / objects : undefined;
}
