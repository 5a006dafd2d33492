import { LatencyRecorder } from './latency-recorder.js';
import { recordersByKind, snapshotOf } from './latency-table.js';
import type { ManualTimer, MetricKind, MetricsSnapshot } from './types.js';

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as PromiseLike<unknown>).then === 'function';
}

/** Manual timing with performance.now(), the same monotonic clock OpenTelemetry spans use. */
export function createManualTimer(maxSamples?: number): ManualTimer {
  const recorders = recordersByKind(() => new LatencyRecorder(maxSamples));
  const timer: ManualTimer = {
    time<R>(kind: MetricKind, fn: () => R): R {
      const startedAt = performance.now();
      let result: R;
      try {
        result = fn();
      } catch (error) {
        recorders[kind].record(performance.now() - startedAt);
        throw error;
      }
      if (isPromiseLike(result)) {
        const done = () => recorders[kind].record(performance.now() - startedAt);
        return Promise.resolve(result).then(
          (value) => {
            done();
            return value;
          },
          (error: unknown) => {
            done();
            throw error;
          },
        ) as R;
      }
      recorders[kind].record(performance.now() - startedAt);
      return result;
    },
    start(kind) {
      const startedAt = performance.now();
      return () => {
        const elapsed = performance.now() - startedAt;
        recorders[kind].record(elapsed);
        return elapsed;
      };
    },
    record(kind, durationMs) {
      recorders[kind].record(durationMs);
    },
    snapshot: (): MetricsSnapshot => snapshotOf('manual', recorders),
  };
  return timer;
}
