import { context, trace, type ContextManager, type Tracer } from '@opentelemetry/api';

// Process-wide switches decided once at start-up (see STYLE.md, "decide once"): the hot path reads
// one boolean and never re-reads the config.
export const runtimeState = {
  /** True once initTelemetry registered at least one layer. */
  active: false,
  includeArgs: false,
  /** The tracer of the provider initTelemetry built (a global proxy tracer would be lost on re-init). */
  tracer: trace.getTracer('@zeph/telemetry') as Tracer,
  /**
   * The context manager initTelemetry registered, called directly: the API's `context` facade looks
   * the global up again on every call, twice per span. Until then, the facade itself.
   */
  contextManager: context as Pick<ContextManager, 'active' | 'with'>,
};
