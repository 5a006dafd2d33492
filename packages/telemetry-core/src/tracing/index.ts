export { LeanSpan, SPAN_LIMITS } from './lean-span.js';
export { LeanTracer, type LeanTracerSettings } from './lean-tracer.js';
export { LeanTracerProvider } from './lean-tracer-provider.js';
