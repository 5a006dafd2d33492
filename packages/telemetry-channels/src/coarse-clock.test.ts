import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { COARSE_TICK_MS, coarseClockRunning, coarseTicks } from './coarse-clock.js';

describe('coarse clock', () => {
  it('advances while read, stops when nobody reads, and resumes counting real time', async () => {
    const first = coarseTicks();
    expect(coarseClockRunning()).toBe(true);
    for (let i = 0; i < 20; i++) {
      await sleep(5);
      coarseTicks();
    }
    const afterReads = coarseTicks();
    // 100 ms of reads: the timer ticked, although a loaded machine may run it late.
    expect(afterReads).toBeGreaterThan(first);

    // Ten idle ticks stop it; give a busy machine plenty of slack.
    const deadline = performance.now() + 5000;
    while (coarseClockRunning() && performance.now() < deadline) await sleep(20);
    expect(coarseClockRunning()).toBe(false);

    const pausedAt = performance.now();
    await sleep(200);
    const resumed = coarseTicks();
    expect(coarseClockRunning()).toBe(true);
    // The pause is counted: at least the 200 ms slept, read from the real clock on restart.
    expect(performance.now() - pausedAt).toBeGreaterThanOrEqual(199);
    expect(resumed).toBeGreaterThanOrEqual(afterReads + 200 / COARSE_TICK_MS - 1);
  });
});
