// `@zeph/telemetry-core/chrome-trace`: reading and checking Chrome trace files, for tools.
export { readChromeTrace, parseChromeTrace, ChromeTraceReadError } from './read-chrome-trace.js';
export { validateChromeTrace } from './validate-chrome-trace.js';
export { TRACE_FILE_NAME_PATTERN, traceFilePath, traceFileTimestamp } from './trace-file-name.js';
export type { ChromePhase, ChromeTraceEvent, ChromeTraceFile, ChromeTraceProblem } from './chrome-trace-types.js';
export { ChromeTraceWriter } from './chrome-writer.js';
export type { ChromeTraceWriterOptions, ChromeTraceWriterStats } from './chrome-writer.js';
