import { streamTraceEvents, type StreamOptions } from './event-stream.js';
import { nestLane, type LaneSpan } from './lane-nesting.js';
import type { TraceEvent, TraceProblem } from './trace-event.js';

export interface ValidationReport {
  problems: TraceProblem[];
  eventCount: number;
  terminated: boolean;
}

const PHASES = new Set(['X', 'B', 'E', 'i', 'I', 'C', 'M', 'b', 'e', 'n', 's', 't', 'f', 'P', 'O', 'N', 'D', 'R']);
const MAX_PROBLEMS = 1000;

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Checks the rules of DESIGN.md's Chrome trace section: required fields per phase, complete events on
 * lanes that nest, process_name/thread_name metadata for every process and lane used, and span names
 * from the instrumentation map.
 */
export async function validateTrace(file: string, knownNames: Set<string>, options: StreamOptions = {}): Promise<ValidationReport> {
  const problems: TraceProblem[] = [];
  const report = (index: number, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ index, message });
  };
  const lanes = new Map<string, LaneSpan[]>();
  const processNames = new Set<string>();
  const threadNames = new Set<string>();
  const firstUseOfLane = new Map<string, number>();
  const firstUseOfPid = new Map<string, number>();

  const check = (e: TraceEvent, index: number) => {
    if (e === null || typeof e !== 'object' || Array.isArray(e)) return report(index, 'event is not an object');
    if (typeof e.ph !== 'string' || !PHASES.has(e.ph)) return report(index, `ph ${JSON.stringify(e.ph)} is not a trace event phase`);
    if (typeof e.name !== 'string' || e.name === '') report(index, `${e.ph} event has no name`);
    if (!isNumber(e.pid)) report(index, `${e.ph} event "${String(e.name)}" has no numeric pid`);
    if (e.ph === 'M') {
      if (e.name === 'process_name') processNames.add(String(e.pid));
      if (e.name === 'thread_name') threadNames.add(`${String(e.pid)}/${String(e.tid)}`);
      const named = e.name === 'process_name' || e.name === 'thread_name';
      if (named && typeof (e.args as { name?: unknown } | undefined)?.name !== 'string') report(index, `metadata ${String(e.name)} has no args.name`);
      return;
    }
    if (!isNumber(e.ts) || e.ts < 0) report(index, `${e.ph} event "${String(e.name)}" has no valid ts (got ${JSON.stringify(e.ts)})`);
    if (e.args !== undefined && (e.args === null || typeof e.args !== 'object')) report(index, `args of "${String(e.name)}" is not an object`);
    if (!firstUseOfPid.has(String(e.pid))) firstUseOfPid.set(String(e.pid), index);
    if (e.ph !== 'X') return;
    if (!isNumber(e.tid)) report(index, `X event "${String(e.name)}" has no numeric tid`);
    if (!isNumber(e.dur) || e.dur < 0) report(index, `X event "${String(e.name)}" has no valid dur (got ${JSON.stringify(e.dur)})`);
    if (typeof e.cat !== 'string' || e.cat === '') report(index, `X event "${String(e.name)}" has no cat (subsystem)`);
    if (typeof e.name === 'string' && !knownNames.has(e.name)) report(index, `span name "${e.name}" is not in the instrumentation map`);
    if (isNumber(e.ts) && isNumber(e.dur) && e.dur >= 0) {
      const lane = `${String(e.pid)}/${String(e.tid)}`;
      if (!firstUseOfLane.has(lane)) firstUseOfLane.set(lane, index);
      let list = lanes.get(lane);
      if (!list) lanes.set(lane, (list = []));
      list.push({ index, ts: e.ts, dur: e.dur });
    }
  };

  const stream = await streamTraceEvents(file, check, options);
  for (const [lane, spans] of lanes) {
    for (const [outer, inner] of nestLane(spans).overlaps) {
      report(inner, `overlaps event ${outer} on lane ${lane} without nesting inside it`);
    }
  }
  for (const [pid, index] of firstUseOfPid) if (!processNames.has(pid)) report(index, `process ${pid} has no process_name metadata`);
  for (const [lane, index] of firstUseOfLane) if (!threadNames.has(lane)) report(index, `lane ${lane} has no thread_name metadata`);
  problems.sort((a, b) => a.index - b.index);
  return { problems, eventCount: stream.eventCount, terminated: stream.terminated };
}
