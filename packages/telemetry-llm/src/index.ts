// Public surface of @zeph/telemetry-llm (the `profiling` build).
export { instrumentOpenAI } from './openai-instrumentation.js';
export { instrumentAnthropic } from './anthropic-instrumentation.js';
export { createInstrumentedFetch } from './instrumented-fetch.js';
export { LlmHttpError, LlmResponseFormatError } from './llm-errors.js';
export * from './spans.js';
export type * from './types.js';
