// Turns the demo-turn measurements into table rows: medians, per-round ratios, targets.
import type { BenchRow } from '../types.js';
import type { MeasureResult } from './measure-main.js';
import { absoluteRange, median, relativeSpread } from '../stats.js';

const SUITE = 'demo-turn';
export const MAX_OFF_NS_PER_CALL = 20;
export const MAX_LOCAL_TURN_RATIO = 1.05;

function row(fields: Omit<BenchRow, 'suite'>): BenchRow {
  return { suite: SUITE, ...fields };
}

function ratioRow(fields: Omit<BenchRow, 'suite' | 'value' | 'baseline' | 'ratio' | 'confidence'>, values: number[], baselines: number[], maxRatio?: number): BenchRow {
  const ratios = values.map((v, i) => v / baselines[i]);
  const ratio = median(ratios);
  return row({
    ...fields,
    value: median(values),
    baseline: median(baselines),
    ratio,
    pass: maxRatio === undefined ? undefined : ratio <= maxRatio,
    confidence: `ratio ${relativeSpread(ratios)}`,
  });
}

export function demoTurnRows(result: MeasureResult): BenchRow[] {
  const { identity, callCost, turns, spanCost } = result;
  const identical = identity.identical && !identity.profilingBuiltInNone;
  const extra = callCost.instrumentedNs.map((v, i) => v - callCost.plainNs[i]);
  const extraNs = median(extra);
  const spanNote = `${spanCost.runs} batches of ${spanCost.batch} spans each side, ABBA`;
  return [
    row({
      case: '(a) built without profiling: instrument(name, fn) returns fn',
      value: identical ? 1 : 0,
      unit: 'identical',
      target: 'identity',
      pass: identical,
      note: 'so an instrumented call costs exactly the plain call',
    }),
    row({
      case: '(b) instrumented trivial function, telemetry off: extra time per call',
      value: extraNs,
      unit: 'ns/call',
      baseline: median(callCost.plainNs),
      ratio: median(callCost.instrumentedNs) / median(callCost.plainNs),
      target: `≤ ${MAX_OFF_NS_PER_CALL} ns`,
      pass: extraNs <= MAX_OFF_NS_PER_CALL,
      confidence: absoluteRange(extra, 'ns'),
      note: `baseline: the plain call, ${median(callCost.plainNs).toFixed(2)} ns`,
    }),
    row({
      case: '(a) demo turn, built without profiling',
      value: median(turns.a),
      unit: 'ms/turn',
      confidence: relativeSpread(turns.a),
      note: `${turns.a.length} rounds × ${turns.turnsPerRun} turns, a/b/c interleaved`,
    }),
    ratioRow({ case: '(b) demo turn, profiling built, telemetry.enabled=false', unit: 'ms/turn', note: 'its target is the per-call row' }, turns.b, turns.a),
    ratioRow(
      { case: '(c) demo turn, local tier (Chrome trace)', unit: 'ms/turn', target: `ratio ≤ ${MAX_LOCAL_TURN_RATIO}`, note: `${turns.traceFiles} trace files written` },
      turns.c,
      turns.a,
      MAX_LOCAL_TURN_RATIO,
    ),
    ratioRow(
      {
        case: '(a) demo turn inside an enabled AsyncLocalStorage, no spans',
        unit: 'ms/turn',
        note: 'the share of (c) that is context tracking: Node 20 runs promise hooks for every promise while one is enabled',
      },
      turns.contextOnly,
      turns.a,
    ),
    ratioRow(
      { case: 'per span: withSpan with the local tier (Chrome trace) vs raw SDK', unit: 'ns/span', target: 'ratio ≤ 1', note: spanNote },
      spanCost.local.oursNs,
      spanCost.local.rawNs,
      1,
    ),
    ratioRow(
      { case: 'per span: withSpan with the raw SDK’s no-op exporter vs raw SDK', unit: 'ns/span', note: `${spanNote}; the cost of our span API alone` },
      spanCost.sameExporter.oursNs,
      spanCost.sameExporter.rawNs,
    ),
  ];
}
