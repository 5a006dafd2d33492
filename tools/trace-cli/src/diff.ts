import type { SpanNameStats, TraceSummary } from './summary.js';

export interface SpanDiff {
  name: string;
  countBefore: number;
  countAfter: number;
  p50BeforeMs: number;
  p50AfterMs: number;
  /** Relative change of the median duration; null when the span is new or gone. */
  p50Change: number | null;
  /** Self time per turn (per trace when either trace has no turn), before and after. */
  selfBeforeMs: number;
  selfAfterMs: number;
  selfChange: number | null;
  status: 'both' | 'new' | 'gone';
  /** The median grew by more than the threshold, relatively and absolutely. */
  regressed: boolean;
}

export interface TraceDiff {
  /** What self time is divided by: turns of each trace, or 1 each when one has no turn. */
  perTurn: boolean;
  turnsBefore: number;
  turnsAfter: number;
  spans: SpanDiff[];
  regressions: SpanDiff[];
}

export interface DiffThresholds {
  /** Relative growth of a span's median that counts as a regression (0.1 = 10 %). */
  relative: number;
  /** And by at least this many milliseconds: a 20 µs span doubling is noise, not a regression. */
  minMs: number;
}

export const DEFAULT_DIFF_THRESHOLDS: DiffThresholds = { relative: 0.1, minMs: 0.1 };

const change = (before: number, after: number): number | null => (before > 0 ? after / before - 1 : null);

/**
 * Compares two summaries span name by span name. Medians compare what one call costs; self time is
 * divided by the number of turns so that runs of different length compare, and shows where a turn's
 * time went. Sorted by how much self time per turn grew, largest first.
 */
export function diffSummaries(before: TraceSummary, after: TraceSummary, thresholds: DiffThresholds = DEFAULT_DIFF_THRESHOLDS): TraceDiff {
  const perTurn = before.turnCount > 0 && after.turnCount > 0;
  const divisorBefore = perTurn ? before.turnCount : 1;
  const divisorAfter = perTurn ? after.turnCount : 1;
  const byName = (summary: TraceSummary) => new Map(summary.spans.map((s) => [s.name, s]));
  const beforeByName = byName(before);
  const afterByName = byName(after);
  const names = [...new Set([...beforeByName.keys(), ...afterByName.keys()])];

  const spans = names.map((name): SpanDiff => {
    const b: SpanNameStats | undefined = beforeByName.get(name);
    const a: SpanNameStats | undefined = afterByName.get(name);
    const p50BeforeMs = b?.p50Ms ?? 0;
    const p50AfterMs = a?.p50Ms ?? 0;
    const selfBeforeMs = (b?.selfMs ?? 0) / divisorBefore;
    const selfAfterMs = (a?.selfMs ?? 0) / divisorAfter;
    const status = b && a ? 'both' : a ? 'new' : 'gone';
    const p50Change = status === 'both' ? change(p50BeforeMs, p50AfterMs) : null;
    return {
      name,
      countBefore: b?.count ?? 0,
      countAfter: a?.count ?? 0,
      p50BeforeMs,
      p50AfterMs,
      p50Change,
      selfBeforeMs,
      selfAfterMs,
      selfChange: status === 'both' ? change(selfBeforeMs, selfAfterMs) : null,
      status,
      regressed: p50Change !== null && p50Change > thresholds.relative && p50AfterMs - p50BeforeMs >= thresholds.minMs,
    };
  });
  spans.sort((x, y) => y.selfAfterMs - y.selfBeforeMs - (x.selfAfterMs - x.selfBeforeMs) || x.name.localeCompare(y.name));
  return { perTurn, turnsBefore: before.turnCount, turnsAfter: after.turnCount, spans, regressions: spans.filter((s) => s.regressed) };
}

/** "+12.5 %", "-3.0 %", or a word when there is nothing to compare. */
export function formatChange(value: number | null, status: SpanDiff['status']): string {
  if (status !== 'both') return status;
  if (value === null) return 'n/a';
  return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)} %`;
}
