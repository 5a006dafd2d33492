// Public surface of @zeph/telemetry-llm (the `profiling` build).
export { instrumentOpenAI } from './openai-instrumentation.js';
export { instrumentAnthropic } from './anthropic-instrumentation.js';
export { createInstrumentedFetch } from './instrumented-fetch.js';
export * from './public-parts.js';
