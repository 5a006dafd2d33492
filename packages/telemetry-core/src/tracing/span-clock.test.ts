import { afterEach, describe, expect, it, vi } from 'vitest';
import { DRIFT_CHECK_INTERVAL_MS, epochOffsetAt } from './span-clock.js';

// The system clock cannot be stepped here (no privileges, a shared machine), so these tests move
// Date.now() with a spy: the one stand-in in this file.
describe('epochOffsetAt', () => {
  afterEach(() => vi.restoreAllMocks());

  it('maps the performance clock onto the wall clock within a few milliseconds', () => {
    const wall = Date.now();
    const offset = epochOffsetAt(performance.now());
    expect(Math.abs(performance.now() + offset - wall)).toBeLessThan(50);
  });

  it('reads the wall clock at most once per check interval and follows a step at the next check', () => {
    let perf = performance.now() + 100 * DRIFT_CHECK_INTERVAL_MS;
    const wallAt = (p: number) => p + performance.timeOrigin;
    let step = 0;
    const now = vi.spyOn(Date, 'now').mockImplementation(() => wallAt(perf) + step);
    const before = epochOffsetAt(perf);
    const readsAfterFirst = now.mock.calls.length;
    expect(readsAfterFirst).toBe(1);
    // An NTP step of +10 s: spans started before the next check keep the old offset, in order.
    step = 10_000;
    perf += DRIFT_CHECK_INTERVAL_MS / 2;
    expect(epochOffsetAt(perf)).toBe(before);
    expect(now.mock.calls.length).toBe(readsAfterFirst);
    perf += DRIFT_CHECK_INTERVAL_MS;
    const after = epochOffsetAt(perf);
    expect(now.mock.calls.length).toBe(readsAfterFirst + 1);
    expect(after - before).toBeCloseTo(10_000, 3);
    // A drift inside the tolerance is not followed: close spans keep the monotonic clock's order.
    step += 20;
    perf += DRIFT_CHECK_INTERVAL_MS;
    expect(epochOffsetAt(perf)).toBe(after);
  });
});
