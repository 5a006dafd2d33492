// Runs the demo-turn suite in quick mode end to end (bundles, child process, real demo turns) and
// checks the shape of its rows. No timing is asserted: the machine is shared and noisy.
import { describe, expect, it } from 'vitest';
import suite from '../suites/demo-turn.js';

describe('demo-turn suite, quick mode', () => {
  it('measures every case with finite figures and writes Chrome traces for the local tier', async () => {
    const rows = await suite.run({ quick: true });
    expect(rows.map((r) => r.case.slice(0, 3))).toEqual(['(a)', '(b)', '(a)', '(b)', '(c)', '(a)', 'per', 'per']);
    for (const r of rows) {
      expect(r.suite).toBe('demo-turn');
      expect(Number.isFinite(r.value), r.case).toBe(true);
      if (r.baseline !== undefined) expect(r.baseline, r.case).toBeGreaterThan(0);
    }
    expect(rows[0]).toMatchObject({ value: 1, pass: true });
    expect(rows.find((r) => r.case.startsWith('(c)'))?.note).toMatch(/^[1-9]\d* trace files written$/);
  }, 180_000);
});
