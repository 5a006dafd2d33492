import { describe, expect, it } from 'vitest';
import { runCliCaptured as run } from './run-cli-captured.js';
import type { SpanDiff } from './diff.js';
import { writeSampleTrace } from './test-traces.js';


const spanNamed = (spans: SpanDiff[], name: string) => spans.find((s) => s.name === name)!;

describe('zeph-trace diff', () => {
  it('compares medians and self time per turn, slowest growth first', async () => {
    // memory.recall runs on its own lane under the turn: twice as long, 5 ms more per call.
    const before = writeSampleTrace();
    const after = writeSampleTrace({ turns: 4, slower: { 'memory.recall': 2 } });
    const { code, out } = await run('diff', before, after, '--json');
    expect(code).toBe(0);
    const diff = JSON.parse(out);
    expect(diff).toMatchObject({ perTurn: true, turnsBefore: 2, turnsAfter: 4 });
    expect(diff.spans[0].name).toBe('memory.recall');
    expect(spanNamed(diff.spans, 'memory.recall')).toMatchObject({ countBefore: 2, countAfter: 4, p50BeforeMs: 5, p50AfterMs: 10, p50Change: 1, status: 'both', regressed: true });
    expect(spanNamed(diff.spans, 'memory.recall').selfChange).toBeCloseTo(1, 9);
    // Twice as many turns, the same cost per turn: no change.
    expect(spanNamed(diff.spans, 'llm.chat')).toMatchObject({ p50Change: 0, selfChange: 0, regressed: false });
    expect(diff.regressions.map((s: SpanDiff) => s.name)).toEqual(['memory.recall']);
  });

  it('prints a table and, with --fail-above, exits 1 naming what got slower', async () => {
    const before = writeSampleTrace();
    const after = writeSampleTrace({ slower: { 'memory.recall': 2 } });
    const failing = await run('diff', before, after, '--fail-above', '50');
    expect(failing.code).toBe(1);
    expect(failing.out).toMatch(/^span\s+calls before\s+calls after\s+p50 before ms/m);
    expect(failing.out).toMatch(/^memory\.recall \(slower\)\s+2\s+2\s+5\s+10\s+\+100\.0 %/m);
    expect(failing.out).toContain('1 span name(s) slower by more than 50.0 % and 0.1 ms at the median: memory.recall (+100.0 %)');

    expect((await run('diff', before, after, '--fail-above', '150')).code).toBe(0);
    // 5 ms of growth is below a 10 ms floor.
    const floored = await run('diff', before, after, '--fail-above', '50', '--min-ms', '10');
    expect(floored.code).toBe(0);
    expect(floored.out).toContain('no span slower by more than 50.0 % and 10 ms at the median');
    // Without --fail-above the table marks regressions but the exit code stays 0.
    expect((await run('diff', before, after)).code).toBe(0);
  });

  it('shows span names that appear or disappear', async () => {
    const { out } = await run('diff', writeSampleTrace(), writeSampleTrace({ extraSpan: 'tool.execute' }), '--json');
    const diff = JSON.parse(out);
    expect(spanNamed(diff.spans, 'tool.execute')).toMatchObject({ status: 'new', countBefore: 0, countAfter: 2, p50Change: null, regressed: false });
    const reversed = JSON.parse((await run('diff', writeSampleTrace({ extraSpan: 'tool.execute' }), writeSampleTrace(), '--json')).out);
    expect(spanNamed(reversed.spans, 'tool.execute').status).toBe('gone');
  });

  it('rejects bad arguments with usage and names a file it cannot read', async () => {
    const one = await run('diff', writeSampleTrace());
    expect(one.code).toBe(2);
    expect(one.err).toContain('diff takes exactly two trace files: before and after');
    const negative = await run('diff', writeSampleTrace(), writeSampleTrace(), '--fail-above', '-5');
    expect(negative.code).toBe(2);
    expect(negative.err).toContain('--fail-above -5 is not a non-negative number');
    const word = await run('diff', writeSampleTrace(), writeSampleTrace(), '--min-ms', 'soon');
    expect(word.err).toContain('--min-ms soon is not a non-negative number');
    const missing = await run('diff', writeSampleTrace(), '/nonexistent/after.json');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('/nonexistent/after.json');
  });
});
