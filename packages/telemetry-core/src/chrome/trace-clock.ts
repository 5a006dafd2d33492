import { performance } from 'node:perf_hooks';
import type { HrTime } from '@opentelemetry/api';

// One monotonic clock for every timestamp in a trace file. OpenTelemetry's span start times come
// from Date.now() with a per-span offset (millisecond resolution), which lets a child appear to
// start before its parent; performance.now() on a single time origin keeps nesting exact.
const TIME_ORIGIN_MICROS = performance.timeOrigin * 1000;

/** Microseconds since the Unix epoch, monotonic within this process, as an integer. */
export function nowMicros(): number {
  return perfToTraceMicros(performance.now());
}

/** A performance.now() reading (such as a LeanSpan's start and end) on the trace clock. */
export function perfToTraceMicros(perfMs: number): number {
  // Flooring both ends of every interval keeps `a <= b` true after rounding, so nesting survives.
  return Math.floor(TIME_ORIGIN_MICROS + perfMs * 1000);
}

export function hrTimeToMicros(time: HrTime): number {
  return time[0] * 1e6 + Math.floor(time[1] / 1e3);
}

/** Maps a wall-clock instant (Date.now() milliseconds) onto the trace clock. */
export function wallMillisToMicros(ms: number): number {
  return Math.floor(ms * 1000 + (nowMicros() - Date.now() * 1000));
}
