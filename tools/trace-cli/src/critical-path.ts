import { streamTraceEvents, type StreamOptions } from './event-stream.js';
import { UnreadableSpans, type UnreadableSpansReport } from './unreadable-spans.js';

const TURN_SPAN = 'agent.turn';
/**
 * Spans held for a parent that has not arrived. A parent may never come (a killed writer, a span
 * from another file, or a file written parents first): beyond this many, the oldest are let go.
 */
const MAX_HELD_SPANS = 200_000;

/** Time a span name spent on the critical path of the turns: the chain each turn actually waited on. */
export interface CriticalPathEntry {
  name: string;
  /** Microseconds on the critical path, over all turns. */
  criticalUs: number;
  /** Share of the turns' total duration, 0..1. */
  share: number;
  /** Turns in which the name was on the path at all. */
  turns: number;
}

export interface CriticalPathReport {
  turnCount: number;
  turnTotalUs: number;
  entries: CriticalPathEntry[];
  /** Complete events without span ids, which the path cannot place. */
  spansWithoutIds: number;
  /** Spans let go while waiting for a parent that had not arrived (see MAX_HELD_SPANS). */
  spansLetGo: number;
  /** Complete events left out because they cannot be read as spans (no name, ts or dur not a number). */
  unreadableSpans: UnreadableSpansReport;
  terminated: boolean;
}

/** A span once it arrived: its interval and the critical time of its own path, by name. */
interface Settled {
  name: string;
  start: number;
  end: number;
  /** Absent for a span without children (most of them): its path is itself, start to end. */
  path?: Map<string, number>;
}

function addPathOf(path: Map<string, number>, span: Settled): void {
  if (!span.path) add(path, span.name, span.end - span.start);
  else for (const [name, us] of span.path) add(path, name, us);
}

function add(path: Map<string, number>, name: string, us: number): void {
  if (us > 0) path.set(name, (path.get(name) ?? 0) + us);
}

/**
 * The critical path inside one span: walking back from its end, the child that ended last (and not
 * after the point reached) is what the span was waiting for; the gaps between are the span's own
 * time. A concurrent child that ended earlier than the one taken is off the path: finishing it
 * sooner would not have made the span end sooner.
 */
function criticalPathOf(name: string, start: number, end: number, children: Settled[]): Map<string, number> | undefined {
  if (children.length === 0) return undefined;
  const path = new Map<string, number>();
  const byEnd = children.filter((c) => c.start >= start && c.end <= end).sort((a, b) => b.end - a.end);
  let reached = end;
  for (const child of byEnd) {
    if (child.end > reached) continue;
    add(path, name, reached - child.end);
    addPathOf(path, child);
    reached = child.start;
  }
  add(path, name, reached - start);
  return path;
}

/**
 * For every agent.turn, the chain of spans it waited on from start to end, summed per span name over
 * all turns: where making something faster would make turns shorter. One streaming pass; spans are
 * written when they end, after their children, so each is settled when it arrives and only spans
 * whose parent has not arrived yet are held.
 */
export async function criticalPath(file: string, options: StreamOptions & { maxHeldSpans?: number } = {}): Promise<CriticalPathReport> {
  const maxHeld = options.maxHeldSpans ?? MAX_HELD_SPANS;
  const waiting = new Map<string, Settled[]>();
  const totals = new Map<string, { us: number; turns: number }>();
  let turnCount = 0;
  let turnTotalUs = 0;
  let spansWithoutIds = 0;
  let held = 0;
  let spansLetGo = 0;
  const unreadable = new UnreadableSpans();

  const stream = await streamTraceEvents(
    file,
    (event, index, line) => {
      if (!unreadable.isSpan(event, index, line)) return;
      const args = (event.args ?? {}) as Record<string, unknown>;
      const spanId = typeof args.span_id === 'string' ? args.span_id : undefined;
      if (!spanId) {
        spansWithoutIds++;
        return;
      }
      const start = event.ts;
      const end = start + Math.max(0, event.dur);
      const children = waiting.get(spanId) ?? [];
      waiting.delete(spanId);
      held -= children.length;
      const settled: Settled = { name: event.name, start, end, path: criticalPathOf(event.name, start, end, children) };
      if (event.name === TURN_SPAN) {
        turnCount++;
        turnTotalUs += end - start;
        const path = new Map<string, number>();
        addPathOf(path, settled);
        for (const [name, us] of path) {
          const total = totals.get(name) ?? { us: 0, turns: 0 };
          total.us += us;
          total.turns++;
          totals.set(name, total);
        }
        return;
      }
      const parent = typeof args.parent_span_id === 'string' ? args.parent_span_id : undefined;
      if (!parent) return;
      const siblings = waiting.get(parent);
      if (siblings) siblings.push(settled);
      else waiting.set(parent, [settled]);
      if (++held <= maxHeld) return;
      // Maps keep insertion order: the parent waited for longest goes first.
      for (const [oldest, spans] of waiting) {
        waiting.delete(oldest);
        held -= spans.length;
        spansLetGo += spans.length;
        if (held <= maxHeld * 0.9) break;
      }
    },
    options,
  );

  const entries = [...totals]
    .map(([name, t]) => ({ name, criticalUs: t.us, share: turnTotalUs > 0 ? t.us / turnTotalUs : 0, turns: t.turns }))
    .sort((a, b) => b.criticalUs - a.criticalUs || a.name.localeCompare(b.name));
  return { turnCount, turnTotalUs, entries, spansWithoutIds, spansLetGo, unreadableSpans: unreadable.report, terminated: stream.terminated };
}
