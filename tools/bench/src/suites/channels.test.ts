import { describe, expect, it } from 'vitest';
import suite, { comparisonRow } from './channels.js';

// A smoke run of the suite in quick mode: it must move every message and report both workloads
// against the plain channel. Speed itself is judged by `pnpm bench`, not here.
describe('channels benchmark suite', () => {
  it('reports an instrumented-vs-plain row per workload with a same-run baseline, and a plain-vs-plain control', async () => {
    const all = await suite.run({ quick: true });
    expect(all.map((r) => r.case)).toEqual([
      'consumer keeps up (capacity 1024): instrumented vs plain, 5000 messages',
      'consumer keeps up (capacity 1024): plain vs plain (control), 5000 messages',
      'backpressure (capacity 16, consumer does ~0.2 µs of work): instrumented vs plain, 5000 messages',
      'backpressure (capacity 16, consumer does ~0.2 µs of work): plain vs plain (control), 5000 messages',
    ]);
    const controls = all.filter((r) => r.case.includes('(control)'));
    for (const row of controls) {
      expect(row.target).toBeUndefined();
      expect(row.value).toBeCloseTo((row.ratio! - 1) * 100, 6);
    }
    // Measured in two fresh processes, each listed.
    for (const row of all) expect(row.confidence).toMatch(/^median of 2 processes' medians; each process: -?\d+\.\d+, -?\d+\.\d+ %/);
    const rows = all.filter((r) => !controls.includes(r));
    for (const row of rows) {
      expect(row).toMatchObject({ suite: 'channels', unit: '% CPU overhead', target: '< 1 %' });
      expect(row.baseline).toBeGreaterThan(0);
      expect(Number.isFinite(row.ratio)).toBe(true);
      expect(row.value).toBeCloseTo((row.ratio! - 1) * 100, 6);
      expect(row.pass).toBe(row.ratio! - 1 < 0.01);
    }
  }, 60_000);
});

describe('comparisonRow', () => {
  it('takes the median of the per-process medians, so that one odd process does not move the figure', () => {
    const process = (ratios: number[]) => ({
      workload: 'w',
      control: false,
      ratios,
      plainCpuNs: ratios.map(() => 100),
      otherCpuNs: ratios.map((r) => 100 * r),
      plainWallNs: ratios.map(() => 110),
      otherWallNs: ratios.map((r) => 110 * r),
    });
    // Medians 1.002, 1.004 and 1.05: the pooled median would be 1.004 too, the mean of medians 1.0187.
    const row = comparisonRow([process([1.001, 1.002, 1.003]), process([1.003, 1.004, 1.2]), process([1.04, 1.05, 1.06])], 1000);
    expect(row.ratio).toBeCloseTo(1.004, 9);
    expect(row.value).toBeCloseTo(0.4, 6);
    expect(row.pass).toBe(true);
    expect(row.confidence).toContain('each process: 0.20, 0.40, 5.00 %');
    expect(row.case).toBe('w: instrumented vs plain, 1000 messages');
  });
});
