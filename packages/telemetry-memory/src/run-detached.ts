import { context, ROOT_CONTEXT } from '@opentelemetry/api';

/**
 * Runs fn outside the active span, so that timers it creates start root spans instead of hanging
 * every periodic run under whatever span happened to start the timer.
 */
export function runDetached<T>(fn: () => T): T {
  return context.with(ROOT_CONTEXT, fn);
}
