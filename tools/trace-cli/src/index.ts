// Programmatic surface of zeph-trace, for the benchmark suite and other tools.
export { streamTraceEvents } from './event-stream.js';
export { summarizeTrace } from './summary.js';
export { criticalPath } from './critical-path.js';
export type { CriticalPathReport, CriticalPathEntry } from './critical-path.js';
export type { TraceSummary, SpanNameStats } from './summary.js';
export { validateTrace } from './validate.js';
export { mergeTraces } from './merge.js';
export { runCli } from './cli.js';
