import { describe, expect, it } from 'vitest';
import suite from './channels.js';

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
