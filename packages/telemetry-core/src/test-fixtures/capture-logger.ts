import type { Logger, LogLevel } from '../types.js';

export interface CapturedLog {
  level: LogLevel;
  message: string;
  fields?: Record<string, unknown>;
}

/** A Logger that keeps what it is told, for assertions on warnings and errors. */
export function captureLogger(): Logger & { records: CapturedLog[]; at(level: LogLevel): CapturedLog[] } {
  const records: CapturedLog[] = [];
  const push = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    records.push({ level, message, fields });
  };
  return {
    records,
    at: (level) => records.filter((r) => r.level === level),
    debug: push('debug'),
    info: push('info'),
    warn: push('warn'),
    error: push('error'),
  };
}
