import type { HrTime, TimeInput } from '@opentelemetry/api';
import { addHrTimes, isTimeInputHrTime, millisToHrTime } from '@opentelemetry/core';

// Spans keep performance.now() readings (a number, no allocation) and turn them into the HrTime of
// the ReadableSpan interface only when an exporter asks. The offset that maps the performance clock
// onto the wall clock is shared by all spans, so their wall times keep the monotonic clock's order
// (Date.now() per span would jitter by its millisecond resolution and reorder close spans). It
// follows the wall clock when the two drift apart by more than DRIFT_TOLERANCE_MS (an NTP step).
const DRIFT_TOLERANCE_MS = 50;
let sharedEpochOffsetMs = performance.timeOrigin;

/** Wall-clock milliseconds minus performance.now(), given a performance.now() reading taken just now. */
export function epochOffsetAt(perfNow: number): number {
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
