import { describe, expect, it } from 'vitest';
import { median, medianInterval95 } from './stats.js';

describe('medianInterval95', () => {
  it('brackets the median with order statistics about a standard error either side of the middle', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    // n = 100: ranks 50 ± 9.8 → the 41st and 60th smallest values (1-based), i.e. 41 and 60.
    expect(medianInterval95(values)).toEqual([41, 60]);
    const [low, high] = medianInterval95(values);
    expect(low).toBeLessThanOrEqual(median(values));
    expect(high).toBeGreaterThanOrEqual(median(values));
  });

  it('narrows as the sample grows', () => {
    const uniform = (n: number) => Array.from({ length: n }, (_, i) => i / (n - 1));
    const width = (n: number) => {
      const [low, high] = medianInterval95(uniform(n));
      return high - low;
    };
    expect(width(400)).toBeLessThan(width(100) * 0.6);
    expect(width(100)).toBeCloseTo(0.19, 1);
  });

  it('stays inside the data for small samples', () => {
    expect(medianInterval95([3, 1, 2])).toEqual([1, 3]);
  });
});
