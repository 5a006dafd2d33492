import { isTelemetryActive, withSpan } from '@zeph/telemetry-core';
import { MEMORY_ATTRIBUTES, MEMORY_SPANS } from './spans.js';

export interface SqliteOutcome {
  rows: number;
  bytes?: number;
}

/**
 * Runs one SQLite statement (or a transaction) in a memory.sqlite span carrying the table, the
 * operation and how many rows and bytes it touched.
 */
export function inSqliteSpan<R>(table: string, operation: string, run: () => R, measure: (result: R) => SqliteOutcome): R {
  const attributes = isTelemetryActive()
    ? { [MEMORY_ATTRIBUTES.dbSystem]: 'sqlite', [MEMORY_ATTRIBUTES.table]: table, [MEMORY_ATTRIBUTES.operation]: operation }
    : undefined;
  return withSpan(
    MEMORY_SPANS.sqlite,
    (span) => {
      const result = run();
      if (span.isRecording) {
        const outcome = measure(result);
        span.setAttribute(MEMORY_ATTRIBUTES.rows, outcome.rows);
        if (outcome.bytes !== undefined) span.setAttribute(MEMORY_ATTRIBUTES.bytes, outcome.bytes);
      }
      return result;
    },
    attributes,
  );
}
