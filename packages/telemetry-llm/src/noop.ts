// The build without `profiling`: same surface, no instrumentation. The SDK wrappers hand the client
// back unchanged; nothing here imports @opentelemetry at run time.
import type { FetchFunction, InstrumentAnthropicOptions, InstrumentOpenAIOptions } from './types.js';

export { LlmHttpError, LlmResponseFormatError } from './llm-errors.js';
export * from './spans.js';
export type * from './types.js';

export function instrumentOpenAI<C extends object>(client: C, _options?: InstrumentOpenAIOptions): C {
  return client;
}

export function instrumentAnthropic<C extends object>(client: C, _options?: InstrumentAnthropicOptions): C {
  return client;
}

export function createInstrumentedFetch(inner: FetchFunction = globalThis.fetch.bind(globalThis)): FetchFunction {
  return inner;
}
