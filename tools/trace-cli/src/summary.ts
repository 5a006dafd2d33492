import { streamTraceEvents, type StreamOptions } from './event-stream.js';
import { nestLane, type LaneSpan } from './lane-nesting.js';
import type { TraceEvent } from './trace-event.js';
import { UnreadableSpans, type UnreadableSpansReport } from './unreadable-spans.js';

export interface SpanNameStats {
  name: string;
  count: number;
  totalMs: number;
  selfMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface TraceSummary {
  spans: SpanNameStats[];
  /**
   * Share of the turns' span time (self time) spent in each subsystem, 0..1, summing to 1. Without
   * concurrency that is the share of the turns' wall time; concurrent spans (a tool batch) each
   * count their own time, so the shares are of the work done, not of the clock.
   */
  turnShareBySubsystem: Record<string, number>;
  turnCount: number;
  topAllocating: Array<{ name: string; count: number; allocBytes: number; meanBytes: number }>;
  terminated: boolean;
  eventCount: number;
  /** Complete events left out because they cannot be read as spans (no name, ts or dur not a number). */
  unreadableSpans: UnreadableSpansReport;
}

const TURN_SPAN = 'agent.turn';
/** Traces that never end in a turn (background loops) are forgotten beyond this many. */
const MAX_OPEN_TRACES = 10_000;

interface NameEntry {
  name: string;
  category: string;
  durations: number[];
  selfUs: number;
  allocBytes: number;
  allocCount: number;
}

/** Microseconds of [start, end) covered by the intervals (flat start, end pairs), overlaps counted once. */
function coveredUs(intervals: number[] | undefined, start: number, end: number): number {
  if (!intervals) return 0;
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < intervals.length; i += 2) pairs.push([Math.max(start, intervals[i]), Math.min(end, intervals[i + 1])]);
  pairs.sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let reach = start;
  for (const [from, to] of pairs) {
    const begin = Math.max(from, reach);
    if (to > begin) {
      covered += to - begin;
      reach = to;
    }
  }
  return covered;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank];
}

/**
 * Summarises a trace in one streaming pass. Spans written by our Chrome layer carry span, parent and
 * trace ids, and a span is written when it ends, after its children: self time and each turn's
 * subsystem shares are settled as parents arrive, holding only what is still open. Spans without
 * ids (traces from other tools) fall back to nesting on their lane, which keeps 4 numbers per span.
 */
export async function summarizeTrace(file: string, options: StreamOptions = {}): Promise<TraceSummary> {
  const names = new Map<string, NameEntry>();
  // Children end, and are written, before their parent: their intervals wait for it here.
  const childIntervalsByParent = new Map<string, number[]>();
  const selfByTrace = new Map<string, Map<string, number>>();
  const turnShareUs: Record<string, number> = {};
  let turnSpanUs = 0;
  let turnCount = 0;
  // Fallback for spans without ids: per lane, flattened [ts, dur, selfIndex] plus entries to credit.
  const laneless: Array<{ entry: NameEntry; ts: number; dur: number; lane: string }> = [];
  const unreadable = new UnreadableSpans();

  const entryFor = (event: TraceEvent, name: string): NameEntry => {
    let entry = names.get(name);
    if (!entry) {
      const category = typeof event.cat === 'string' && event.cat !== '' ? event.cat : name.split('.')[0];
      entry = { name, category, durations: [], selfUs: 0, allocBytes: 0, allocCount: 0 };
      names.set(name, entry);
    }
    return entry;
  };

  const creditTrace = (traceId: string, category: string, selfUs: number) => {
    let perCategory = selfByTrace.get(traceId);
    if (!perCategory) {
      if (selfByTrace.size >= MAX_OPEN_TRACES) selfByTrace.delete(selfByTrace.keys().next().value!);
      selfByTrace.set(traceId, (perCategory = new Map()));
    }
    perCategory.set(category, (perCategory.get(category) ?? 0) + selfUs);
  };

  const stream = await streamTraceEvents(
    file,
    (event, index, line) => {
      if (!unreadable.isSpan(event, index, line)) return;
      const dur = Math.max(0, event.dur);
      const entry = entryFor(event, event.name);
      entry.durations.push(dur);
      const args = (event.args ?? {}) as Record<string, unknown>;
      if (typeof args['alloc.bytes'] === 'number') {
        entry.allocBytes += args['alloc.bytes'];
        entry.allocCount++;
      }
      const spanId = typeof args.span_id === 'string' ? args.span_id : undefined;
      if (!spanId) {
        laneless.push({ entry, ts: event.ts, dur, lane: `${String(event.pid)}/${String(event.tid)}` });
        return;
      }
      // Concurrent children overlap: the parent waited once for all of them, not for their sum.
      const selfUs = Math.max(0, dur - coveredUs(childIntervalsByParent.get(spanId), event.ts, event.ts + dur));
      childIntervalsByParent.delete(spanId);
      entry.selfUs += selfUs;
      if (typeof args.parent_span_id === 'string') {
        const siblings = childIntervalsByParent.get(args.parent_span_id);
        if (siblings) siblings.push(event.ts, event.ts + dur);
        else childIntervalsByParent.set(args.parent_span_id, [event.ts, event.ts + dur]);
      }
      const traceId = typeof args.trace_id === 'string' ? args.trace_id : undefined;
      if (!traceId) return;
      creditTrace(traceId, entry.category, selfUs);
      if (event.name === TURN_SPAN) {
        turnCount++;
        for (const [category, us] of selfByTrace.get(traceId) ?? []) {
          turnShareUs[category] = (turnShareUs[category] ?? 0) + us;
          turnSpanUs += us;
        }
        selfByTrace.delete(traceId);
      }
    },
    options,
  );

  if (laneless.length > 0) {
    const fallback = lanelessShares(laneless);
    turnCount += fallback.turns;
    // Spans on one lane never overlap, so their self times add up to the turns' duration.
    turnSpanUs += fallback.turnTotalUs;
    for (const [category, us] of Object.entries(fallback.shareUs)) turnShareUs[category] = (turnShareUs[category] ?? 0) + us;
  }

  const spans: SpanNameStats[] = [...names.values()].map((e) => {
    const sorted = Float64Array.from(e.durations).sort();
    const total = sorted.reduce((a, b) => a + b, 0);
    return {
      name: e.name,
      count: sorted.length,
      totalMs: total / 1000,
      selfMs: e.selfUs / 1000,
      p50Ms: percentile(sorted, 0.5) / 1000,
      p95Ms: percentile(sorted, 0.95) / 1000,
      maxMs: (sorted[sorted.length - 1] ?? 0) / 1000,
    };
  });
  spans.sort((a, b) => b.totalMs - a.totalMs);
  const topAllocating = [...names.values()]
    .filter((e) => e.allocCount > 0)
    .map((e) => ({ name: e.name, count: e.allocCount, allocBytes: e.allocBytes, meanBytes: e.allocBytes / e.allocCount }))
    .sort((a, b) => b.allocBytes - a.allocBytes)
    .slice(0, 10);
  const turnShareBySubsystem: Record<string, number> = {};
  for (const [category, us] of Object.entries(turnShareUs)) turnShareBySubsystem[category] = turnSpanUs > 0 ? us / turnSpanUs : 0;
  return { spans, turnShareBySubsystem, turnCount, topAllocating, terminated: stream.terminated, eventCount: stream.eventCount, unreadableSpans: unreadable.report };
}

/** Self time by lane nesting, and turn shares by time containment, for spans that carry no ids. */
function lanelessShares(spans: Array<{ entry: NameEntry; ts: number; dur: number; lane: string }>) {
  const self = spans.map((s) => s.dur);
  const byLane = new Map<string, number[]>();
  spans.forEach((s, i) => {
    const list = byLane.get(s.lane);
    if (list) list.push(i);
    else byLane.set(s.lane, [i]);
  });
  for (const members of byLane.values()) {
    const laneSpans: LaneSpan[] = members.map((i) => ({ index: i, ts: spans[i].ts, dur: spans[i].dur }));
    const { parent } = nestLane(laneSpans);
    members.forEach((i, k) => {
      if (parent[k] !== -1) self[members[parent[k]]] -= spans[i].dur;
    });
  }
  spans.forEach((s, i) => (s.entry.selfUs += Math.max(0, self[i])));
  const turns = spans.filter((s) => s.entry.name === TURN_SPAN).map((s) => [s.ts, s.ts + s.dur] as const).sort((a, b) => a[0] - b[0]);
  const shareUs: Record<string, number> = {};
  spans.forEach((s, i) => {
    // A span belongs to the turn whose interval contains its start.
    let lo = 0;
    let hi = turns.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (turns[mid][0] > s.ts) hi = mid - 1;
      else if (turns[mid][1] < s.ts) lo = mid + 1;
      else {
        shareUs[s.entry.category] = (shareUs[s.entry.category] ?? 0) + Math.max(0, self[i]);
        return;
      }
    }
  });
  return { shareUs, turns: turns.length, turnTotalUs: turns.reduce((sum, [a, b]) => sum + (b - a), 0) };
}
