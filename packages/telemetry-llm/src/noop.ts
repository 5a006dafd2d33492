// The build without `profiling`: same surface, no instrumentation. The SDK wrappers hand the client
// back unchanged (with the SDK's own retries); nothing here imports @opentelemetry at run time.
import type { FetchFunction, InstrumentAnthropicOptions, InstrumentOpenAIOptions } from './types.js';

export * from './public-parts.js';

export function instrumentOpenAI<C extends object>(client: C, _options?: InstrumentOpenAIOptions): C {
  return client;
}

export function instrumentAnthropic<C extends object>(client: C, _options?: InstrumentAnthropicOptions): C {
  return client;
}

export function createInstrumentedFetch(inner: FetchFunction = globalThis.fetch.bind(globalThis)): FetchFunction {
  return inner;
}
