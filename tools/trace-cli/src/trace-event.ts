/** One Chrome trace event as read from a file; fields are checked by validate, not assumed. */
export interface TraceEvent {
  name?: unknown;
  cat?: unknown;
  ph?: unknown;
  ts?: unknown;
  dur?: unknown;
  pid?: unknown;
  tid?: unknown;
  args?: unknown;
  [key: string]: unknown;
}

/** A problem in a trace file, located by event index (0-based, in file order). */
export interface TraceProblem {
  index: number;
  message: string;
}

export class TraceFileError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'TraceFileError';
  }
}
