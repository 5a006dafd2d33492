import { createLogger } from '@zeph/telemetry-core';

const log = createLogger('telemetry-llm');
let reported = false;

/**
 * Runs a piece of instrumentation (reading a response for attributes, building captured content)
 * so that its failure never reaches the call it observes: the first failure is logged, and the
 * fallback is used.
 */
export function guarded<T>(what: string, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (error) {
    if (!reported) {
      reported = true;
      log.warn(`could not ${what}; the call goes on without it`, { error: error instanceof Error ? error.message : String(error) });
    }
    return fallback;
  }
}
