import { CHROME_TRACE_NAMES } from '../spans.js';
import type { ChromeTraceProblem } from './chrome-trace-types.js';

interface Interval {
  index: number;
  start: number;
  end: number;
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Checks what Zeph's tools and Perfetto rely on: required fields per phase, per-lane nesting of
 * complete events (disjoint or properly nested on every pid/tid), a thread_name for every lane that
 * carries spans and a process_name per process. Returns the problems, each with its event index.
 */
export function validateChromeTrace(events: readonly unknown[]): ChromeTraceProblem[] {
  const problems: ChromeTraceProblem[] = [];
  const lanes = new Map<string, Interval[]>();
  const namedThreads = new Set<string>();
  const namedProcesses = new Set<number>();
  const processesSeen = new Map<number, number>();

  events.forEach((raw, index) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push({ index, code: 'not-an-object', message: `event ${index} is not an object` });
      return;
    }
    const e = raw as Record<string, unknown>;
    const missing = (field: string) =>
      problems.push({ index, code: 'missing-field', message: `event ${index} (${String(e.name ?? e.ph)}) has no ${field}` });
    const bad = (field: string, why: string) =>
      problems.push({ index, code: 'bad-field', message: `event ${index} (${String(e.name ?? e.ph)}): ${field} ${why}` });

    if (typeof e.ph !== 'string') return missing('ph');
    if (typeof e.name !== 'string') missing('name');
    if (!isFiniteNumber(e.pid)) return missing('pid');
    if (!processesSeen.has(e.pid)) processesSeen.set(e.pid, index);

    switch (e.ph) {
      case 'M': {
        const args = e.args as Record<string, unknown> | undefined;
        if (e.name === CHROME_TRACE_NAMES.processName || e.name === CHROME_TRACE_NAMES.threadName) {
          if (typeof args?.name !== 'string') bad('args.name', 'must be a string');
          else if (e.name === CHROME_TRACE_NAMES.processName) namedProcesses.add(e.pid);
          else if (isFiniteNumber(e.tid)) namedThreads.add(`${e.pid}:${e.tid}`);
          else missing('tid');
        }
        return;
      }
      case 'X': {
        if (!isFiniteNumber(e.ts)) return missing('ts');
        if (!isFiniteNumber(e.tid)) return missing('tid');
        if (!isFiniteNumber(e.dur)) return missing('dur');
        if (e.dur < 0) {
          problems.push({ index, code: 'negative-duration', message: `event ${index} (${String(e.name)}) has negative dur ${e.dur}` });
          return;
        }
        const key = `${e.pid}:${e.tid}`;
        let lane = lanes.get(key);
        if (!lane) lanes.set(key, (lane = []));
        lane.push({ index, start: e.ts, end: e.ts + e.dur });
        return;
      }
      case 'i':
      case 'I': {
        if (!isFiniteNumber(e.ts)) return missing('ts');
        if (e.s !== undefined && e.s !== 't' && e.s !== 'p' && e.s !== 'g') bad('s', `must be t, p or g, not ${JSON.stringify(e.s)}`);
        if ((e.s === undefined || e.s === 't') && !isFiniteNumber(e.tid)) missing('tid');
        return;
      }
      case 'C': {
        if (!isFiniteNumber(e.ts)) return missing('ts');
        const args = e.args as Record<string, unknown> | undefined;
        if (!args || typeof args !== 'object') return missing('args');
        const values = Object.values(args);
        if (values.length === 0 || !values.every(isFiniteNumber)) bad('args', 'of a counter must be numbers');
        return;
      }
      default:
        if (!isFiniteNumber(e.ts)) missing('ts');
    }
  });

  for (const [key, intervals] of lanes) {
    if (!namedThreads.has(key)) {
      problems.push({
        index: intervals[0].index,
        code: 'missing-thread-name',
        message: `lane pid:tid ${key} carries spans but has no thread_name metadata (first span: event ${intervals[0].index})`,
      });
    }
    checkNesting(intervals, key, problems);
  }
  for (const [pid, index] of processesSeen) {
    if (!namedProcesses.has(pid)) {
      problems.push({ index, code: 'missing-process-name', message: `process ${pid} has no process_name metadata` });
    }
  }
  return problems;
}

/** On one lane, sorted by start (longer first on ties), each span must end within the open one. */
function checkNesting(intervals: Interval[], key: string, problems: ChromeTraceProblem[]): void {
  intervals.sort((a, b) => a.start - b.start || b.end - a.end);
  const stack: Interval[] = [];
  for (const current of intervals) {
    while (stack.length > 0 && stack[stack.length - 1].end <= current.start) stack.pop();
    const enclosing = stack[stack.length - 1];
    if (enclosing && current.end > enclosing.end) {
      problems.push({
        index: current.index,
        code: 'overlap',
        message: `event ${current.index} [${current.start}, ${current.end}] overlaps event ${enclosing.index} [${enclosing.start}, ${enclosing.end}] on lane pid:tid ${key} without nesting`,
      });
      continue;
    }
    stack.push(current);
  }
}
