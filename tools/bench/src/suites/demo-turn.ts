// The demo turn under three builds in one run: (a) built without profiling, (b) profiling built but
// telemetry.enabled=false, (c) the local tier (Chrome trace). Rounds interleave a, b, c so machine
// noise hits all three; ratios are medians of per-round ratios. Plus: ns per call of an
// instrumented trivial function in (b), and cost per span of withSpan against the raw OpenTelemetry
// SDK (BasicTracerProvider + BatchSpanProcessor + no-op exporter).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureCallCost } from '../demo-turn/call-cost.js';
import { NoopSpanExporter, measureSpanCost } from '../demo-turn/span-cost.js';
import { absoluteRange, median, relativeSpread } from '../demo-turn/stats.js';
import { DEMO_APP_ROOT, loadWorkloadBundle, type WorkloadModule } from '../demo-turn/workload-bundles.js';
import type { BenchContext, BenchRow, BenchSuite } from '../types.js';

const SUITE = 'demo-turn';
const MAX_OFF_NS_PER_CALL = 20;
const MAX_LOCAL_TURN_RATIO = 1.05;

function row(fields: Omit<BenchRow, 'suite'>): BenchRow {
  return { suite: SUITE, ...fields };
}

function identityRow(none: WorkloadModule): BenchRow {
  const fn = (x: number) => x + 1;
  const identical = !none.PROFILING_BUILT && none.instrument('bench.identity', fn) === fn;
  return row({
    case: '(a) built without profiling: instrument(name, fn) returns fn',
    value: identical ? 1 : 0,
    unit: 'identical',
    target: 'identity',
    pass: identical,
    note: 'so an instrumented call costs exactly the plain call',
  });
}

async function turnRows(none: WorkloadModule, profiling: WorkloadModule, work: string, quick: boolean): Promise<BenchRow[]> {
  const turnsPerRun = quick ? 3 : 12;
  const rounds = quick ? 3 : 9;
  const a = await none.startDemoTurnWorkload({ appRoot: DEMO_APP_ROOT, workDir: join(work, 'a') });
  const b = await profiling.startDemoTurnWorkload({ appRoot: DEMO_APP_ROOT, workDir: join(work, 'b') });
  const c = await profiling.startDemoTurnWorkload({ appRoot: DEMO_APP_ROOT, workDir: join(work, 'c') });
  try {
    // Warm-up: JIT, SQLite caches, memory seeding.
    for (let w = 0; w < 2; w++) {
      await a.runTurns(turnsPerRun);
      await b.runTurns(turnsPerRun);
      await c.runTurns(turnsPerRun, { trace: true });
    }
    const ms = { a: [] as number[], b: [] as number[], c: [] as number[] };
    const runners = { a: () => a.runTurns(turnsPerRun), b: () => b.runTurns(turnsPerRun), c: () => c.runTurns(turnsPerRun, { trace: true }) };
    const orders = [['a', 'b', 'c'], ['c', 'b', 'a'], ['b', 'c', 'a']] as const;
    for (let r = 0; r < rounds; r++) {
      for (const key of orders[r % orders.length]) ms[key].push((await runners[key]()) / turnsPerRun);
    }
    const ratiosB = ms.b.map((v, i) => v / ms.a[i]);
    const ratiosC = ms.c.map((v, i) => v / ms.a[i]);
    const ratioC = median(ratiosC);
    const runs = `${rounds} rounds × ${turnsPerRun} turns, interleaved`;
    return [
      row({ case: '(a) demo turn, built without profiling', value: median(ms.a), unit: 'ms/turn', confidence: relativeSpread(ms.a), note: runs }),
      row({
        case: '(b) demo turn, profiling built, telemetry.enabled=false',
        value: median(ms.b),
        unit: 'ms/turn',
        baseline: median(ms.a),
        ratio: median(ratiosB),
        confidence: `ratio ${relativeSpread(ratiosB)}`,
        note: 'the target for (b) is the per-call row below',
      }),
      row({
        case: '(c) demo turn, local tier (Chrome trace)',
        value: median(ms.c),
        unit: 'ms/turn',
        baseline: median(ms.a),
        ratio: ratioC,
        target: `ratio ≤ ${MAX_LOCAL_TURN_RATIO}`,
        pass: ratioC <= MAX_LOCAL_TURN_RATIO,
        confidence: `ratio ${relativeSpread(ratiosC)}`,
        note: `${c.traceFiles.length} trace files written`,
      }),
    ];
  } finally {
    await a.close();
    await b.close();
    await c.close();
  }
}

async function callCostRow(profiling: WorkloadModule, quick: boolean): Promise<BenchRow> {
  // The profiling bundle without initTelemetry is exactly "built with profiling, enabled=false".
  const cost = measureCallCost(profiling.instrument, quick ? 2_000_000 : 20_000_000, quick ? 3 : 9);
  const extra = cost.instrumentedNs.map((v, i) => v - cost.plainNs[i]);
  const extraNs = median(extra);
  return row({
    case: '(b) instrumented trivial function, telemetry off: extra time per call',
    value: extraNs,
    unit: 'ns/call',
    baseline: median(cost.plainNs),
    ratio: median(cost.instrumentedNs) / median(cost.plainNs),
    target: `≤ ${MAX_OFF_NS_PER_CALL} ns`,
    pass: extraNs <= MAX_OFF_NS_PER_CALL,
    confidence: absoluteRange(extra, 'ns'),
    note: `baseline: plain call ${median(cost.plainNs).toFixed(2)} ns`,
  });
}

async function spanCostRows(profiling: WorkloadModule, work: string, quick: boolean): Promise<BenchRow[]> {
  const options = { batch: quick ? 2_000 : 10_000, runs: quick ? 4 : 12 };
  const localConfig = profiling.telemetryConfigSchema.parse({ enabled: true, backend: 'local', trace_dir: join(work, 'span-traces') });
  const local = await measureSpanCost(profiling, () => profiling.initTelemetry({ config: localConfig, logFile: false, handleSignals: false }), options);
  const { BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const noopLayer = { kind: 'bench-noop-export', spanProcessor: new BatchSpanProcessor(new NoopSpanExporter(), { maxQueueSize: 1 << 16, maxExportBatchSize: 2048 }) };
  const bareConfig = profiling.telemetryConfigSchema.parse({ enabled: true });
  const same = await measureSpanCost(
    profiling,
    () => profiling.initTelemetry({ config: bareConfig, logFile: false, handleSignals: false, withoutBackend: true, layers: [noopLayer] }),
    options,
  );
  const rows: BenchRow[] = [];
  for (const [label, cost, target] of [
    ['withSpan, local tier (Chrome trace file) vs raw SDK', local, true],
    ['withSpan, same no-op exporter as the raw SDK vs raw SDK', same, false],
  ] as const) {
    const ratios = cost.oursNs.map((v, i) => v / cost.rawNs[i]);
    const ratio = median(ratios);
    rows.push(
      row({
        case: `per span: ${label}`,
        value: median(cost.oursNs),
        unit: 'ns/span',
        baseline: median(cost.rawNs),
        ratio,
        target: target ? 'ratio ≤ 1' : undefined,
        pass: target ? ratio <= 1 : undefined,
        confidence: `ratio ${relativeSpread(ratios)}`,
        note: `${options.runs} batches of ${options.batch} spans each side, ABBA`,
      }),
    );
  }
  return rows;
}

const suite: BenchSuite = {
  name: SUITE,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const work = mkdtempSync(join(tmpdir(), 'zeph-bench-demo-turn-'));
    try {
      // Bundles go inside the demo app folder's dist/: their external imports are pinned paths,
      // but keeping them there also keeps temp space clean.
      const none = await loadWorkloadBundle(join(work, 'bundles'), 'none');
      const profiling = await loadWorkloadBundle(join(work, 'bundles'), 'profiling');
      const rows = [identityRow(none), await callCostRow(profiling, ctx.quick)];
      rows.push(...(await turnRows(none, profiling, work, ctx.quick)));
      rows.push(...(await spanCostRows(profiling, work, ctx.quick)));
      return rows;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

export default suite;
