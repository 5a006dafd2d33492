// Public surface of @zeph/telemetry-core (the `profiling` build).
export { instrument, withSpan, currentSpan, isTelemetryActive, NOOP_SPAN, markSpanError } from './span-api.js';
export { initTelemetry, newSessionId } from './init-telemetry.js';
export { createLogger, recordSample, recordInstant } from './global-registry.js';
export { createCounter, createHistogram, installMeterProvider } from './metric-instruments.js';
export { createObservedCounter } from './observed-counters.js';
export * from './metrics-bridge/index.js';
export * from './shared-exports.js';
export { recordCompletedSpan, captureSpanParent } from './completed-span.js';
export { withConversation, currentConversationId } from './conversation-context.js';
/** True in builds with the `profiling` feature. */
export const PROFILING_BUILT = true;
