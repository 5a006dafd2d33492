import { createLogger, isTelemetryActive, withSpan } from '@zeph/telemetry-core';
import { runDetached } from '#run-detached';
import { MEMORY_ATTRIBUTES, MEMORY_SPANS } from './spans.js';
import type { ConsolidationLoopHandle } from './types.js';

const log = createLogger('telemetry-memory');

/**
 * Runs `consolidate` every intervalMs on an unref'd timer, each run in a memory.consolidation_loop
 * span. A run never overlaps the previous one, and a failing run is logged, never thrown.
 */
export function startConsolidationTimer(consolidate: () => Promise<unknown>, intervalMs: number): ConsolidationLoopHandle {
  if (!(intervalMs > 0)) throw new RangeError(`memory consolidation loop: intervalMs must be > 0, got ${intervalMs}`);
  let runs = 0;
  let running = false;
  let current: Promise<void> = Promise.resolve();
  const tick = (): Promise<void> => {
    if (running) return current;
    running = true;
    const run = runs + 1;
    current = withSpan(
      MEMORY_SPANS.consolidationLoop,
      () => consolidate(),
      isTelemetryActive() ? { [MEMORY_ATTRIBUTES.loopRun]: run, [MEMORY_ATTRIBUTES.intervalMs]: intervalMs } : undefined,
    )
      .catch((error: unknown) => log.warn('consolidation run failed', { error: (error as Error).message }))
      .finally(() => {
        runs = run;
        running = false;
      })
      .then(() => undefined);
    return current;
  };
  // Each timed run is a root span of its own, whoever started the loop.
  const timer = runDetached(() => setInterval(tick, intervalMs));
  timer.unref();
  return {
    get runs() {
      return runs;
    },
    runNow: tick,
    stop: () => clearInterval(timer),
  };
}
