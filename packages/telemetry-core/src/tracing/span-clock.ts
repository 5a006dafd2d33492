import type { HrTime, TimeInput } from '@opentelemetry/api';
import { addHrTimes, isTimeInputHrTime, millisToHrTime } from '@opentelemetry/core';

// Spans keep performance.now() readings (a number, no allocation) and turn them into the HrTime of
// the ReadableSpan interface only when an exporter asks. The offset that maps the performance clock
// onto the wall clock is shared by all spans, so their wall times keep the monotonic clock's order
// (Date.now() per span would jitter by its millisecond resolution and reorder close spans). It
// follows the wall clock when the two drift apart by more than DRIFT_TOLERANCE_MS (an NTP step).
// The wall clock is read at most once per DRIFT_CHECK_INTERVAL_MS: in a turn's cold code Date.now()
// cost more than the rest of a span's clock work, and a step is still followed within a fifth of a second.
const DRIFT_TOLERANCE_MS = 50;
export const DRIFT_CHECK_INTERVAL_MS = 200;
let sharedEpochOffsetMs = performance.timeOrigin;
let nextDriftCheckAt = Number.NEGATIVE_INFINITY;

/** Wall-clock milliseconds minus performance.now(), given a performance.now() reading taken just now. */
export function epochOffsetAt(perfNow: number): number {
  if (perfNow < nextDriftCheckAt) return sharedEpochOffsetMs;
  nextDriftCheckAt = perfNow + DRIFT_CHECK_INTERVAL_MS;
  const drift = Date.now() - (perfNow + sharedEpochOffsetMs);
  if (drift > DRIFT_TOLERANCE_MS || drift < -DRIFT_TOLERANCE_MS) sharedEpochOffsetMs += drift;
  return sharedEpochOffsetMs;
}

/** A performance.now() reading as wall-clock HrTime. */
export function perfToHrTime(perfMs: number, epochOffsetMs: number): HrTime {
  return addHrTimes(millisToHrTime(epochOffsetMs), millisToHrTime(perfMs));
}

const hrTimeToMillis = (time: HrTime): number => time[0] * 1e3 + time[1] / 1e6;

/**
 * An explicit TimeInput as a performance.now() reading: a number not later than now is already one
 * (OpenTelemetry's rule), a larger number or a Date is wall-clock milliseconds, an HrTime is wall clock.
 */
export function timeInputToPerf(input: TimeInput, epochOffsetMs: number): number {
  if (typeof input === 'number') return input <= performance.now() ? input : input - epochOffsetMs;
  if (input instanceof Date) return input.getTime() - epochOffsetMs;
  if (isTimeInputHrTime(input)) return hrTimeToMillis(input) - epochOffsetMs;
  return performance.now();
}
