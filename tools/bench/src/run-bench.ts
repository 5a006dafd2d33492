import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderChart, renderMarkdown, type SuiteOutcome } from './render-results.js';
import type { BenchSuite } from './types.js';

/**
 * Suites the published table must contain. One that has no file yet is reported as missing, so a
 * gap in the table is visible rather than silent.
 */
export const EXPECTED_SUITES = ['demo-turn', 'channels', 'chrome-writer', 'otlp', 'trace-cli-large-file'];

export interface RunOptions {
  suitesDir: string;
  outDir: string;
  quick: boolean;
  /** Only suites whose file name contains one of these. */
  filter?: string[];
  log?: (line: string) => void;
}

export async function runBenchmarks(options: RunOptions): Promise<SuiteOutcome[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const files = readdirSync(options.suitesDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  const present = new Set(files.map((f) => basename(f, '.ts')));
  const selected = files.filter((f) => !options.filter || options.filter.some((p) => f.includes(p)));
  const outcomes: SuiteOutcome[] = [];
  for (const file of selected) {
    const started = performance.now();
    const name = basename(file, '.ts');
    log(`bench: ${name} ...`);
    try {
      const suite = ((await import(pathToFileURL(join(options.suitesDir, file)).href)) as { default: BenchSuite }).default;
      const rows = await suite.run({ quick: options.quick });
      outcomes.push({ name: suite.name ?? name, status: 'ok', rows, seconds: (performance.now() - started) / 1000 });
      for (const r of rows) log(`  ${r.case}: ${r.value.toFixed(3)} ${r.unit}${r.pass === false ? '  (target missed)' : ''}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outcomes.push({ name, status: 'failed', rows: [], error: message, seconds: (performance.now() - started) / 1000 });
      log(`  failed: ${message}`);
    }
  }
  if (!options.filter) {
    for (const expected of EXPECTED_SUITES) {
      if (!present.has(expected)) outcomes.push({ name: expected, status: 'missing', rows: [], error: `no suite file ${expected}.ts yet`, seconds: 0 });
    }
  }
  mkdirSync(options.outDir, { recursive: true });
  // A filtered run updates its own suites in the published table and keeps the others' figures.
  const previous = join(options.outDir, 'latest.json');
  if (options.filter && existsSync(previous)) {
    const kept = (JSON.parse(readFileSync(previous, 'utf8')) as { outcomes: SuiteOutcome[] }).outcomes.filter(
      (old) => !outcomes.some((o) => o.name === old.name),
    );
    outcomes.unshift(...kept);
  }
  const meta = { date: new Date().toISOString(), node: process.version, cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`, quick: options.quick };
  writeFileSync(join(options.outDir, 'latest.md'), renderMarkdown(outcomes, meta));
  writeFileSync(join(options.outDir, 'latest.json'), `${JSON.stringify({ meta, outcomes }, null, 2)}\n`);
  writeFileSync(join(options.outDir, 'chart.svg'), renderChart(outcomes));
  return outcomes;
}
