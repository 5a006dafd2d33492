// The Chrome Trace Event Format subset Zeph writes and reads
// (https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU).

export type ChromePhase = 'X' | 'i' | 'C' | 'M' | (string & {});

export interface ChromeTraceEvent {
  name: string;
  ph: ChromePhase;
  /** Microseconds since the Unix epoch (absent on metadata events). */
  ts?: number;
  /** Duration in microseconds (complete events). */
  dur?: number;
  pid: number;
  tid?: number;
  cat?: string;
  /** Instant event scope: thread, process or global. */
  s?: 't' | 'p' | 'g';
  args?: Record<string, unknown>;
}

export interface ChromeTraceFile {
  events: ChromeTraceEvent[];
  /** False when the array lacks its closing `]` (the writing process was killed). */
  terminated: boolean;
  /** Which of the two layouts Perfetto accepts the file used. */
  layout: 'array' | 'object';
}

export interface ChromeTraceProblem {
  /** Index of the offending event in the array, or -1 for a problem of the whole file. */
  index: number;
  code:
    | 'not-an-object'
    | 'missing-field'
    | 'bad-field'
    | 'negative-duration'
    | 'overlap'
    | 'missing-thread-name'
    | 'missing-process-name';
  message: string;
}
