import type { CollectedSpans } from './collect-spans.js';
import { nestLane, type LaneSpan } from './lane-nesting.js';

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
  /** Share of agent.turn time spent (self time) in each subsystem, 0..1. */
  turnShareBySubsystem: Record<string, number>;
  turnCount: number;
  topAllocating: Array<{ name: string; count: number; allocBytes: number; meanBytes: number }>;
  terminated: boolean;
  eventCount: number;
}

const TURN_SPAN = 'agent.turn';

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank];
}

/**
 * Self time: duration minus the time of direct children. Children are known from parent span ids
 * where the writer recorded them (they may sit on other lanes), else from nesting on the lane.
 */
function selfTimes(spans: CollectedSpans): Float64Array {
  const self = Float64Array.from(spans.dur);
  const hasIds = spans.spanId.some((id) => id !== '');
  if (hasIds) {
    const indexOfSpan = new Map<string, number>();
    for (let i = 0; i < spans.spanId.length; i++) if (spans.spanId[i]) indexOfSpan.set(spans.spanId[i], i);
    for (let i = 0; i < spans.parentId.length; i++) {
      const parent = spans.parentId[i] ? indexOfSpan.get(spans.parentId[i]) : undefined;
      if (parent !== undefined) self[parent] -= spans.dur[i];
    }
    for (let i = 0; i < self.length; i++) if (self[i] < 0) self[i] = 0;
    return self;
  }
  const byLane = new Map<number, number[]>();
  for (let i = 0; i < spans.lane.length; i++) {
    let list = byLane.get(spans.lane[i]);
    if (!list) byLane.set(spans.lane[i], (list = []));
    list.push(i);
  }
  for (const members of byLane.values()) {
    const laneSpans: LaneSpan[] = members.map((i) => ({ index: i, ts: spans.ts[i], dur: spans.dur[i] }));
    const { parent } = nestLane(laneSpans);
    for (let k = 0; k < members.length; k++) {
      if (parent[k] !== -1) self[members[parent[k]]] -= spans.dur[members[k]];
    }
  }
  for (let i = 0; i < self.length; i++) if (self[i] < 0) self[i] = 0;
  return self;
}

function turnShares(spans: CollectedSpans, self: Float64Array): { shares: Record<string, number>; turns: number } {
  const turnId = spans.names.indexOf(TURN_SPAN);
  if (turnId === -1) return { shares: {}, turns: 0 };
  const turns: Array<[number, number]> = [];
  for (let i = 0; i < spans.nameId.length; i++) if (spans.nameId[i] === turnId) turns.push([spans.ts[i], spans.ts[i] + spans.dur[i]]);
  turns.sort((a, b) => a[0] - b[0]);
  const turnTotal = turns.reduce((sum, [s, e]) => sum + (e - s), 0);
  const bySubsystem: Record<string, number> = {};
  // With trace ids, a span counts for a turn when it belongs to that turn's trace; spans of other
  // traces running meanwhile (background loops, channel waits) do not.
  const turnTraces = new Set<string>();
  for (let i = 0; i < spans.nameId.length; i++) if (spans.nameId[i] === turnId && spans.traceId[i]) turnTraces.add(spans.traceId[i]);
  if (turnTraces.size > 0) {
    for (let i = 0; i < spans.nameId.length; i++) {
      if (!turnTraces.has(spans.traceId[i])) continue;
      const cat = spans.categories.get(spans.nameId[i]) ?? 'other';
      bySubsystem[cat] = (bySubsystem[cat] ?? 0) + self[i];
    }
    const shares: Record<string, number> = {};
    for (const [cat, us] of Object.entries(bySubsystem)) shares[cat] = turnTotal > 0 ? us / turnTotal : 0;
    return { shares, turns: turns.length };
  }
  for (let i = 0; i < spans.nameId.length; i++) {
    // Attributed by time: a span belongs to the turn whose interval contains its start.
    const start = spans.ts[i];
    let lo = 0;
    let hi = turns.length - 1;
    let found = false;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (turns[mid][0] > start) hi = mid - 1;
      else if (turns[mid][1] < start) lo = mid + 1;
      else {
        found = true;
        break;
      }
    }
    if (!found) continue;
    const cat = spans.categories.get(spans.nameId[i]) ?? 'other';
    bySubsystem[cat] = (bySubsystem[cat] ?? 0) + self[i];
  }
  const shares: Record<string, number> = {};
  for (const [cat, us] of Object.entries(bySubsystem)) shares[cat] = turnTotal > 0 ? us / turnTotal : 0;
  return { shares, turns: turns.length };
}

export function summarize(spans: CollectedSpans): TraceSummary {
  const self = selfTimes(spans);
  const perName = spans.names.map(() => ({ durations: [] as number[], self: 0, alloc: 0, allocSeen: 0 }));
  for (let i = 0; i < spans.nameId.length; i++) {
    const entry = perName[spans.nameId[i]];
    entry.durations.push(spans.dur[i]);
    entry.self += self[i];
    if (!Number.isNaN(spans.allocBytes[i])) {
      entry.alloc += spans.allocBytes[i];
      entry.allocSeen++;
    }
  }
  const stats: SpanNameStats[] = spans.names.map((name, id) => {
    const sorted = Float64Array.from(perName[id].durations).sort();
    const total = sorted.reduce((a, b) => a + b, 0);
    return {
      name,
      count: sorted.length,
      totalMs: total / 1000,
      selfMs: perName[id].self / 1000,
      p50Ms: percentile(sorted, 0.5) / 1000,
      p95Ms: percentile(sorted, 0.95) / 1000,
      maxMs: (sorted[sorted.length - 1] ?? 0) / 1000,
    };
  });
  stats.sort((a, b) => b.totalMs - a.totalMs);
  const topAllocating = spans.names
    .map((name, id) => ({ name, count: perName[id].allocSeen, allocBytes: perName[id].alloc, meanBytes: perName[id].allocSeen ? perName[id].alloc / perName[id].allocSeen : 0 }))
    .filter((a) => a.count > 0)
    .sort((a, b) => b.allocBytes - a.allocBytes)
    .slice(0, 10);
  const { shares, turns } = turnShares(spans, self);
  return { spans: stats, turnShareBySubsystem: shares, turnCount: turns, topAllocating, terminated: spans.stream.terminated, eventCount: spans.stream.eventCount };
}
