import type { LogLevel } from './types.js';

/** Levels in order of severity, for "this level and above" filters. */
export const LOG_LEVEL_RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };
