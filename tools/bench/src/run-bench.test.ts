import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPECTED_SUITES, runBenchmarks } from './run-bench.js';

describe('benchmark runner', () => {
  it('runs suite files, writes markdown, JSON and a chart, and reports missing and failing suites', async () => {
    const suites = mkdtempSync(join(tmpdir(), 'zeph-bench-suites-'));
    const out = mkdtempSync(join(tmpdir(), 'zeph-bench-out-'));
    writeFileSync(
      join(suites, 'fake.ts'),
      `export default { name: 'fake', async run({ quick }) { return [{ suite: 'fake', case: quick ? 'quick case' : 'full case', value: 1.5, unit: '%', baseline: 100, ratio: 1.015, target: '< 5 %', pass: true, confidence: '±0.1 % (3 runs)' }]; } };\n`,
    );
    writeFileSync(join(suites, 'broken.ts'), `export default { name: 'broken', async run() { throw new Error('receiver refused'); } };\n`);
    const lines: string[] = [];
    const outcomes = await runBenchmarks({ suitesDir: suites, outDir: out, quick: true, log: (l) => lines.push(l) });
    expect(outcomes.find((o) => o.name === 'fake')).toMatchObject({ status: 'ok', rows: [{ case: 'quick case' }] });
    expect(outcomes.find((o) => o.name === 'broken')).toMatchObject({ status: 'failed', error: 'receiver refused' });
    for (const expected of EXPECTED_SUITES) expect(outcomes.find((o) => o.name === expected)?.status).toBe('missing');
    const md = readFileSync(join(out, 'latest.md'), 'utf8');
    expect(md).toContain('| quick case | 1.500 | % | 100.0 | 1.015 | < 5 % | yes | ±0.1 % (3 runs) |');
    expect(md).toContain('**failed**: receiver refused');
    expect(md).toContain('**missing**: no suite file demo-turn.ts yet');
    expect(readFileSync(join(out, 'chart.svg'), 'utf8')).toContain('fake: quick case');
    expect(JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')).outcomes).toHaveLength(outcomes.length);

    // A filtered rerun replaces only its own suite's rows.
    // (a new file: the first one is cached by the module loader)
    writeFileSync(join(suites, 'fake-rerun.ts'), `export default { name: 'fake', async run() { return [{ suite: 'fake', case: 'rerun case', value: 2, unit: '%' }]; } };\n`);
    await runBenchmarks({ suitesDir: suites, outDir: out, quick: true, filter: ['fake-rerun'], log: () => {} });
    const rerun = readFileSync(join(out, 'latest.md'), 'utf8');
    expect(rerun).toContain('| rerun case |');
    expect(rerun).not.toContain('| quick case |');
    expect(rerun).toContain('**failed**: receiver refused');
  });
});
