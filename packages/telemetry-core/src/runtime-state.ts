import { trace, type Tracer } from '@opentelemetry/api';

// Process-wide switches decided once at start-up (see STYLE.md, "decide once"): the hot path reads
// one boolean and never re-reads the config.
export const runtimeState = {
  /** True once initTelemetry registered at least one layer. */
  active: false,
  includeArgs: false,
  /** The tracer of the provider initTelemetry built (a global proxy tracer would be lost on re-init). */
  tracer: trace.getTracer('@zeph/telemetry') as Tracer,
};
