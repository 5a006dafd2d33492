// The demo turn under six builds/tiers in one run, each a real bundle of the demo's workload entry
// (apps/demo-agent/src/workload.ts) made with the demo's own bundler for its feature set:
//   (a) built without profiling          (b) profiling built, telemetry.enabled=false
//   (c) local tier (Chrome trace)        (d) local tier + alloc layer (profiling-alloc build)
//   (e) OTLP to a loopback receiver      (f) OTLP + Pyroscope (profiling-pyroscope + otel build)
// and, to show what context tracking alone costs, (a) run inside an enabled AsyncLocalStorage.
// Last, (c) split in one process (demo-turn/recording-split.ts): recording against paused blocks of
// turns, which separates what recording costs from context tracking with far less noise.
// The receivers are loopback stand-ins answering 200 (no collector or Pyroscope server runs here).
// Rounds interleave the variants in a rotating order; every ratio is taken within a round, and the
// table gives the median and the interquartile range over rounds. A second (a) run per round measures the noise.
// Targets are checked on CPU time per turn (this process, all threads): the machine is shared, and
// wall time moves several-fold with other processes' load. Wall-time ratios are in the notes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { insideAsyncLocalStorage } from '../demo-turn/inside-async-local-storage.js';
import { DEMO_APP_ROOT, demoBundler } from '../demo-turn/workload-bundles.js';
import { startLoopbackSink } from '../loopback-sink.js';
import { describeSplit, measureRecordingSplit, type SplitWorkload } from '../demo-turn/recording-split.js';
import { mean, median, quartiles } from '../stats.js';
import type { BenchContext, BenchRow, BenchSuite } from '../types.js';

const SUITE = 'demo-turn-tiers';
const APP_ROOT = DEMO_APP_ROOT;
const WORKLOAD_ENTRY = join(APP_ROOT, 'src', 'workload.ts');
const HEADERS_KEY = 'ZEPH_BENCH_OTLP_HEADERS';

interface WorkloadBundle {
  runDemoTurns(options: {
    turns: number;
    telemetry: Record<string, unknown>;
    appRoot: string;
    workDir: string;
    warmupTurns?: number;
    pauseRecording?: (turn: number) => boolean;
  }): Promise<{ turnMs: number[]; turnCpuMs: number[]; layers: string[]; features: readonly string[] }>;
}

interface Variant {
  key: string;
  label: string;
  features: string;
  telemetry: (endpoints: Endpoints) => Record<string, unknown>;
  /** Run the turns inside an enabled AsyncLocalStorage (context tracking without any telemetry). */
  insideAsyncLocalStorage?: boolean;
}

interface Endpoints {
  otlp: string;
  pyroscope: string;
}

const local = { enabled: true, backend: 'local', system_metrics_interval_secs: 5 };
const otlp = (e: Endpoints) => ({ enabled: true, backend: 'otlp', otlp_endpoint: e.otlp, otlp_headers_vault_key: HEADERS_KEY, system_metrics_interval_secs: 5 });

const VARIANTS: readonly Variant[] = [
  { key: 'a', label: '(a) built without profiling', features: 'none', telemetry: () => local },
  { key: 'a2', label: '(a) again: noise between two identical runs', features: 'none', telemetry: () => local },
  { key: 'b', label: '(b) profiling built, telemetry.enabled=false', features: 'profiling', telemetry: () => ({ enabled: false }) },
  { key: 'c', label: '(c) local tier (Chrome trace)', features: 'profiling', telemetry: () => local },
  { key: 'd', label: '(d) local tier + alloc layer', features: 'profiling,profiling-alloc', telemetry: () => local },
  { key: 'e', label: '(e) OTLP to a loopback receiver', features: 'profiling,otel', telemetry: otlp },
  { key: 'f', label: '(f) OTLP + Pyroscope (loopback receivers)', features: 'profiling,profiling-pyroscope,otel', telemetry: (e) => ({ ...otlp(e), pyroscope_endpoint: e.pyroscope }) },
  {
    key: 'als',
    label: '(a) built without profiling, inside an enabled AsyncLocalStorage',
    features: 'none',
    telemetry: () => local,
    insideAsyncLocalStorage: true,
  },
];

async function loadBundles(outDir: string): Promise<Map<string, WorkloadBundle>> {
  const bundleDemo = await demoBundler();
  const byFeatures = new Map<string, WorkloadBundle>();
  for (const features of new Set(VARIANTS.map((v) => v.features))) {
    const outfile = join(outDir, features.replaceAll(',', '+'), 'workload.mjs');
    await bundleDemo({ entry: WORKLOAD_ENTRY, outfile, features });
    byFeatures.set(features, (await import(pathToFileURL(outfile).href)) as WorkloadBundle);
  }
  return byFeatures;
}

const range = (values: readonly number[]) => {
  const [q1, q3] = quartiles(values);
  return `${q1.toFixed(3)}..${q3.toFixed(3)} (interquartile, ${values.length} rounds)`;
};

/** (c) split in one process: recording against paused blocks, and the method's control series. */
async function recordingSplitRows(workload: SplitWorkload, ctx: BenchContext, workDir: () => string): Promise<BenchRow[]> {
  const options = { telemetry: local, appRoot: APP_ROOT, workDir, runs: ctx.quick ? 1 : 4, turnsPerRun: ctx.quick ? 20 : 1000 };
  const split = await measureRecordingSplit(workload, options, true);
  const control = await measureRecordingSplit(workload, { ...options, runs: ctx.quick ? 1 : 2 }, false);
  const row = (label: string, result: typeof split, note: string): BenchRow => ({
    suite: SUITE,
    case: label,
    value: result.recordingMs,
    unit: 'CPU ms/turn',
    baseline: result.otherMs,
    ratio: result.recordingMs / result.otherMs,
    confidence: describeSplit(result),
    note,
  });
  return [
    row(
      '(c) in one process: recording vs paused blocks of 5 turns',
      split,
      `the part of (c) over (a) that is not context tracking: spans, layers and attribute work in place, context tracking on in both blocks; value and baseline are means over all blocks, ${options.runs} runs × ${options.turnsPerRun} turns`,
    ),
    row('(c) in one process, control: both blocks recording', control, 'what the method reads when both sides are the same; its distance from 1 is its bias'),
  ];
}

const suite: BenchSuite = {
  name: SUITE,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    // Long runs: what a run costs once (layer start, first export, JIT of per-run objects) must not
    // weigh on the per-turn figure; with 10-turn runs it added a third to every ratio. Seven rounds,
    // each variant's run taking a few seconds, keep the interleaving fine enough for a shared
    // machine whose load drifts. Each run is twenty whole cycles of the five kinds of turn.
    const rounds = ctx.quick ? 3 : 7;
    const turns = ctx.quick ? 5 : 100;
    const work = mkdtempSync(join(tmpdir(), 'zeph-bench-tiers-'));
    const otlpSink = await startLoopbackSink('application/x-protobuf');
    const pyroscopeSink = await startLoopbackSink('text/plain');
    const hadHeaders = process.env[HEADERS_KEY];
    process.env[HEADERS_KEY] = '{}';
    try {
      const bundles = await loadBundles(join(work, 'bundles'));
      const endpoints = { otlp: otlpSink.url, pyroscope: pyroscopeSink.url };
      const perTurn = new Map<string, number[]>(VARIANTS.map((v) => [v.key, []]));
      const wallPerTurn = new Map<string, number[]>(VARIANTS.map((v) => [v.key, []]));
      const layers = new Map<string, string[]>();
      let run = 0;
      for (let round = 0; round < rounds; round++) {
        // Rotate the order so that no variant always runs first or right after the same neighbour.
        const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]);
        for (const variant of order) {
          const runTurns = () =>
            bundles.get(variant.features)!.runDemoTurns({
              turns,
              telemetry: variant.telemetry(endpoints),
              appRoot: APP_ROOT,
              workDir: join(work, `run-${(run += 1)}`),
            });
          const result = variant.insideAsyncLocalStorage ? await insideAsyncLocalStorage(runTurns) : await runTurns();
          // CPU: the mean over whole cycles of the workload's five kinds of turn (their costs differ, so
          // a median would jump between kinds). Wall: the median turn, so that one turn stalled by
          // another process on this shared machine does not move it.
          perTurn.get(variant.key)!.push(mean(result.turnCpuMs));
          wallPerTurn.get(variant.key)!.push(median(result.turnMs));
          layers.set(variant.key, result.layers);
        }
      }
      const a = perTurn.get('a')!;
      const ratiosVs = (key: string, base: readonly number[]) => perTurn.get(key)!.map((v, i) => v / base[i]);
      const wallNote = (key: string, baseKey: string) => {
        const base = wallPerTurn.get(baseKey)!;
        const ratios = wallPerTurn.get(key)!.map((v, i) => v / base[i]);
        return `wall ${median(wallPerTurn.get(key)!).toFixed(1)} ms/turn, ratio ${median(ratios).toFixed(3)} (${range(ratios)})`;
      };
      const noise = ratiosVs('a2', a);
      // How far apart two identical runs land in the middle half of the rounds.
      const noiseBand = Math.max(0.02, ...quartiles(noise).map((r) => Math.abs(r - 1)));
      const rows: BenchRow[] = [
        {
          suite: SUITE,
          case: `${VARIANTS[0].label}: CPU ms per turn`,
          value: median(a),
          unit: 'CPU ms/turn',
          confidence: `per-round medians ${range(a)}`,
          note: `${rounds} rounds × ${turns} turns (after 2 warm-up turns), variants interleaved; value = median over rounds of each run's mean CPU per turn; wall ${median(wallPerTurn.get('a')!).toFixed(1)} ms/turn`,
        },
        {
          suite: SUITE,
          case: VARIANTS[1].label,
          value: median(perTurn.get('a2')!),
          unit: 'CPU ms/turn',
          baseline: median(a),
          ratio: median(noise),
          confidence: `ratio ${range(noise)}`,
          note: `noise band used for (b): ±${(noiseBand * 100).toFixed(1)} %; ${wallNote('a2', 'a')}`,
        },
      ];
      const targets: Record<string, { limit: number; base: 'a' | 'c'; target: string }> = {
        b: { limit: 1 + noiseBand, base: 'a', target: 'within noise of (a)' },
        c: { limit: 1.05, base: 'a', target: '≤ 5 % over (a)' },
        d: { limit: 1.02, base: 'c', target: '≤ 2 % over (c)' },
        e: { limit: 1.05, base: 'a', target: '≤ 5 % over (a)' },
        f: { limit: 1.1, base: 'a', target: '≤ 10 % over (a)' },
      };
      for (const variant of VARIANTS.filter((v) => targets[v.key])) {
        const t = targets[variant.key];
        const base = perTurn.get(t.base)!;
        const ratios = ratiosVs(variant.key, base);
        const ratio = median(ratios);
        rows.push({
          suite: SUITE,
          case: `${variant.label}${t.base === 'c' ? ' vs (c)' : ''}`,
          value: median(perTurn.get(variant.key)!),
          unit: 'CPU ms/turn',
          baseline: median(base),
          ratio,
          target: t.target,
          pass: variant.key === 'b' ? Math.abs(ratio - 1) <= noiseBand : ratio <= t.limit,
          confidence: `ratio ${range(ratios)}`,
          note: `layers: ${layers.get(variant.key)!.join(', ') || 'none'}; ${wallNote(variant.key, t.base)}`,
        });
      }
      // What context tracking alone costs on Node 20: promise hooks on every promise while an
      // AsyncLocalStorage holds a store. Every OpenTelemetry setup pays it; it is part of (c)-(f).
      const alsVsA = ratiosVs('als', a);
      rows.push({
        suite: SUITE,
        case: VARIANTS.find((v) => v.key === 'als')!.label,
        value: median(perTurn.get('als')!),
        unit: 'CPU ms/turn',
        baseline: median(a),
        ratio: median(alsVsA),
        confidence: `ratio ${range(alsVsA)}`,
        note: `the share of (c)-(f) that is context tracking alone; ${wallNote('als', 'a')}`,
      });
      // The same (d) against (a), for reading the table top to bottom.
      const dVsA = ratiosVs('d', a);
      rows.push({ suite: SUITE, case: '(d) local tier + alloc layer vs (a)', value: median(perTurn.get('d')!), unit: 'CPU ms/turn', baseline: median(a), ratio: median(dVsA), confidence: `ratio ${range(dVsA)}`, note: wallNote('d', 'a') });
      rows.push(...(await recordingSplitRows(bundles.get('profiling')!, ctx, () => join(work, `run-${(run += 1)}`))));
      rows.push({
        suite: SUITE,
        case: 'loopback receivers: requests answered',
        value: otlpSink.requests() + pyroscopeSink.requests(),
        unit: 'requests',
        note: `OTLP ${otlpSink.requests()}, Pyroscope ${pyroscopeSink.requests()}: proof that (e) and (f) really exported`,
        pass: otlpSink.requests() > 0 && pyroscopeSink.requests() > 0,
        target: '> 0 each',
      });
      return rows;
    } finally {
      if (hadHeaders === undefined) delete process.env[HEADERS_KEY];
      else process.env[HEADERS_KEY] = hadHeaders;
      await otlpSink.close();
      await pyroscopeSink.close();
      rmSync(work, { recursive: true, force: true });
    }
  },
};

export default suite;
