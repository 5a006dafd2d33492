import type { LatencySummary } from './types.js';

export const DEFAULT_MAX_SAMPLES = 4096;

/**
 * Count, mean and max are exact; percentiles come from the kept samples: all of them up to
 * maxSamples, then a uniform reservoir (Vitter's algorithm R) so memory stays bounded in long runs.
 */
export class LatencyRecorder {
  private readonly samples: number[] = [];
  private count = 0;
  private sum = 0;
  private max = 0;

  constructor(private readonly maxSamples = DEFAULT_MAX_SAMPLES) {}

  record(durationMs: number): void {
    if (!Number.isFinite(durationMs) || durationMs < 0) return;
    this.count++;
    this.sum += durationMs;
    if (durationMs > this.max) this.max = durationMs;
    if (this.samples.length < this.maxSamples) {
      this.samples.push(durationMs);
    } else {
      const slot = Math.floor(Math.random() * this.count);
      if (slot < this.maxSamples) this.samples[slot] = durationMs;
    }
  }

  summary(): LatencySummary {
    if (this.count === 0) return { count: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, maxMs: 0 };
    const sorted = [...this.samples].sort((a, b) => a - b);
    return {
      count: this.count,
      meanMs: this.sum / this.count,
      p50Ms: nearestRank(sorted, 0.5),
      p95Ms: nearestRank(sorted, 0.95),
      maxMs: this.max,
    };
  }
}

function nearestRank(sorted: number[], quantile: number): number {
  const rank = Math.max(1, Math.ceil(quantile * sorted.length));
  return sorted[rank - 1];
}
