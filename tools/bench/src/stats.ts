// Median and spread of repeated measurements, for the confidence column.

/** Arithmetic mean (NaN for no values). */
export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The middle half of the values: first and third quartile (nearest rank, outward). */
export function quartiles(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((x, y) => x - y);
  return [sorted[Math.floor((sorted.length - 1) * 0.25)], sorted[Math.ceil((sorted.length - 1) * 0.75)]];
}

/** "±x % (n runs)": the largest deviation from the median, relative to it. */
export function relativeSpread(values: readonly number[]): string {
  const m = median(values);
  const dev = Math.max(...values.map((v) => Math.abs(v - m)));
  return `±${m === 0 ? '0' : ((dev / Math.abs(m)) * 100).toFixed(1)} % (${values.length} runs)`;
}

/** "min..max unit (n runs)": for differences whose median may sit near zero. */
export function absoluteRange(values: readonly number[], unit: string, digits = 1): string {
  return `${Math.min(...values).toFixed(digits)}..${Math.max(...values).toFixed(digits)} ${unit} (${values.length} runs)`;
}

/**
 * A 95 % confidence interval for the median that assumes nothing about the distribution: the order
 * statistics whose ranks sit 1.96·√n/2 either side of the middle (the normal approximation of the
 * binomial count of values below the median). Needs at least 10 values to mean anything.
 */
export function medianInterval95(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((x, y) => x - y);
  const n = sorted.length;
  const halfWidth = 0.98 * Math.sqrt(n);
  const low = Math.max(0, Math.floor(n / 2 - halfWidth));
  const high = Math.min(n - 1, Math.ceil(n / 2 + halfWidth) - 1);
  return [sorted[low], sorted[high]];
}
