import { join } from 'node:path';

/** UTC, sortable, no colons (Windows-safe): 20261128T023012.345Z */
export function traceFileTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '');
}

/** `{trace_dir}/{session_id}_{timestamp}.json` (DESIGN.md, "Chrome trace output"). */
export function traceFilePath(traceDir: string, sessionId: string, date?: Date): string {
  return join(traceDir, `${sessionId}_${traceFileTimestamp(date)}.json`);
}

/** Matches the base name of a trace file; group 1 is the session id, group 2 the timestamp. */
export const TRACE_FILE_NAME_PATTERN = /^(.+)_(\d{8}T\d{6}\.\d{3}Z)\.json$/;
