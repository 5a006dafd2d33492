import { recordSample, type Attributes } from '@zeph/telemetry-core';
import { CHANNEL_METRICS } from './spans.js';

/**
 * Queue-depth samples kept in two arrays and handed to core in batches, each with the time it was
 * taken. Handing one sample over walks core's registry and every layer; on a busy channel that code
 * runs cold at tens of µs a time, a hundred times a second, while a batch pays that once.
 */
export class DepthSamples {
  private readonly times: number[] = [];
  private readonly depths: number[] = [];

  constructor(private readonly attributes: Attributes) {}

  get size(): number {
    return this.depths.length;
  }

  /** Date.now() milliseconds of the oldest sample not yet handed over. */
  get oldestTime(): number {
    return this.times.length > 0 ? this.times[0] : Number.POSITIVE_INFINITY;
  }

  add(time: number, depth: number): void {
    this.times.push(time);
    this.depths.push(depth);
  }

  /** Hands every held sample to recordSample, oldest first. */
  handOver(): void {
    for (let i = 0; i < this.depths.length; i++) recordSample(CHANNEL_METRICS.queueDepth, this.depths[i], this.attributes, this.times[i]);
    this.times.length = 0;
    this.depths.length = 0;
  }
}
