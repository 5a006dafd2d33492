import { describe, expect, it } from 'vitest';
import { demoTurnRows } from './demo-turn-rows.js';
import type { MeasureResult } from './measure-main.js';

function result(overrides: Partial<MeasureResult> = {}): MeasureResult {
  return {
    identity: { identical: true, profilingBuiltInNone: false },
    callCost: { plainNs: [1, 1, 1], instrumentedNs: [3, 4, 5] },
    turns: { a: [10, 20, 10], b: [10, 21, 10], c: [10.2, 20.4, 10.5], contextOnly: [10.1, 20.2, 10.1], turnsPerRun: 4, traceFiles: 5 },
    spanCost: {
      local: { oursNs: [900, 1000], rawNs: [1000, 1000] },
      sameExporter: { oursNs: [1100, 1200], rawNs: [1000, 1000] },
      batch: 100,
      runs: 2,
    },
    ...overrides,
  };
}

const byCase = (rows: ReturnType<typeof demoTurnRows>, prefix: string) => {
  const found = rows.find((r) => r.case.startsWith(prefix));
  if (!found) throw new Error(`no row starting with ${prefix}`);
  return found;
};

describe('demo-turn rows', () => {
  it('takes ratios within each round, so a slow round does not skew the turn ratio', () => {
    const rows = demoTurnRows(result());
    const c = byCase(rows, '(c)');
    // Per-round ratios 1.02, 1.02, 1.05: median 1.02 (the ratio of medians would also be 1.02 here,
    // but the spread comes from the per-round values).
    expect(c.ratio).toBeCloseTo(1.02, 5);
    expect(c.pass).toBe(true);
    expect(c.confidence).toBe('ratio ±2.9 % (3 runs)');
    expect(byCase(rows, '(a) demo turn').value).toBe(10);
  });

  it('fails the targets it should: no identity, too many ns per call, too slow a turn, dearer spans', () => {
    const rows = demoTurnRows(
      result({
        identity: { identical: false, profilingBuiltInNone: false },
        callCost: { plainNs: [1, 1, 1], instrumentedNs: [30, 40, 50] },
        turns: { a: [10, 10, 10], b: [10, 10, 10], c: [11, 11, 11], contextOnly: [10.5, 10.5, 10.5], turnsPerRun: 4, traceFiles: 3 },
        spanCost: { local: { oursNs: [1500, 1500], rawNs: [1000, 1000] }, sameExporter: { oursNs: [1, 1], rawNs: [1, 1] }, batch: 1, runs: 2 },
      }),
    );
    expect(byCase(rows, '(a) built without profiling').pass).toBe(false);
    expect(byCase(rows, '(b) instrumented').value).toBe(39);
    expect(byCase(rows, '(b) instrumented').pass).toBe(false);
    expect(byCase(rows, '(c)').pass).toBe(false);
    expect(byCase(rows, 'per span: withSpan with the local tier').pass).toBe(false);
  });

  it('passes identity only when the no-profiling build really lacks profiling', () => {
    const rows = demoTurnRows(result({ identity: { identical: true, profilingBuiltInNone: true } }));
    expect(byCase(rows, '(a) built without profiling').pass).toBe(false);
    expect(byCase(rows, '(b) instrumented').pass).toBe(true);
    expect(byCase(rows, 'per span: withSpan with the raw').pass).toBeUndefined();
  });
});
