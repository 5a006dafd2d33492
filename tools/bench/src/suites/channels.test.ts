import { describe, expect, it } from 'vitest';
import suite from './channels.js';

// A smoke run of the suite in quick mode: it must move every message and report both workloads
// against the plain channel. Speed itself is judged by `pnpm bench`, not here.
describe('channels benchmark suite', () => {
  it('reports an instrumented-vs-plain row per workload with a same-run baseline', async () => {
    const rows = await suite.run({ quick: true });
    expect(rows.map((r) => r.case)).toEqual([
      'consumer keeps up (capacity 1024): instrumented vs plain, 20000 messages',
      'backpressure (capacity 16, consumer does ~0.2 µs of work): instrumented vs plain, 20000 messages',
    ]);
    for (const row of rows) {
      expect(row).toMatchObject({ suite: 'channels', unit: '% CPU overhead', target: '< 1 %' });
      expect(row.baseline).toBeGreaterThan(0);
      expect(Number.isFinite(row.ratio)).toBe(true);
      expect(row.value).toBeCloseTo((row.ratio! - 1) * 100, 6);
      expect(row.pass).toBe(row.ratio! - 1 < 0.01);
    }
  }, 60_000);
});
