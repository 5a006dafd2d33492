import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBenchmarks } from './run-bench.js';

// pnpm bench [--quick] [suite-name-part...]
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const unknown = args.find((a) => a.startsWith('--') && a !== '--quick');
if (unknown) {
  console.error(`bench: unknown option ${unknown} (usage: pnpm bench [--quick] [suite...])`);
  process.exit(2);
}
const filter = args.filter((a) => !a.startsWith('--'));
const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', '..', '..', 'bench', 'results');
const outcomes = await runBenchmarks({ suitesDir: join(here, 'suites'), outDir, quick, filter: filter.length ? filter : undefined });
console.log(`\nresults written to ${join(outDir, 'latest.md')}`);
const missed = outcomes.flatMap((o) => o.rows.filter((r) => r.pass === false).map((r) => `${o.name}: ${r.case}`));
if (missed.length) console.log(`targets missed:\n  ${missed.join('\n  ')}`);
process.exitCode = outcomes.some((o) => o.status === 'failed') ? 1 : 0;
