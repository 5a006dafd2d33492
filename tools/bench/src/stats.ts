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
