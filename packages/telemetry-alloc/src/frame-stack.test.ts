import { describe, expect, it } from 'vitest';
import { AllocFrameStack, AllocLayerMisuseError } from './frame-stack.js';
import { enterAllocFrame, exitAllocFrame, heapCounterSource, measureAllocations } from './measure-allocations.js';
import { meanObjectSize } from './mean-object-size.js';

describe('alloc frames', () => {
  it('throws a misuse error when popping an empty stack', () => {
    const stack = new AllocFrameStack();
    expect(() => stack.pop()).toThrow(AllocLayerMisuseError);
    expect(() => stack.pop()).toThrow(/alloc layer misused: exit without a matching enter/);
  });

  it('pairs nested synchronous frames and reports inclusive totals', () => {
    enterAllocFrame();
    enterAllocFrame();
    const inner = new Array(65_536).fill(1);
    const innerStats = exitAllocFrame();
    const outerStats = exitAllocFrame();
    expect(inner.length).toBe(65_536);
    expect(innerStats.allocBytes).toBeGreaterThanOrEqual(65_536 * 8);
    expect(outerStats.allocBytes).toBeGreaterThanOrEqual(innerStats.allocBytes);
    expect(() => exitAllocFrame()).toThrow(AllocLayerMisuseError);
  });

  it('keeps the stack balanced when the measured block throws', () => {
    expect(() =>
      measureAllocations(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(() => exitAllocFrame()).toThrow(AllocLayerMisuseError);
  });

  it('uses the GC counters addon built at install', () => {
    expect(heapCounterSource).toBe('gc-counters');
  });
});

describe('mean object size estimate', () => {
  it('weights samples by the inverse of their sampling probability', () => {
    const interval = 1024;
    // Small objects are rarely sampled, so each sample stands for many: the mean leans small.
    const mean = meanObjectSize([{ size: 32 }, { size: 32 }, { size: 4096 }], interval)!;
    const naive = (32 + 32 + 4096) / 3;
    expect(mean).toBeGreaterThan(32);
    expect(mean).toBeLessThan(naive / 4);
    expect(meanObjectSize([], interval)).toBeUndefined();
  });

  it('recovers the size of same-sized objects exactly', () => {
    expect(meanObjectSize([{ size: 40 }, { size: 40 }], 128 * 1024)).toBeCloseTo(40, 6);
  });
});
