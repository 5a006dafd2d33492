import { context, propagation, type Context } from '@opentelemetry/api';

/** Writes the active W3C trace context (traceparent, tracestate) into an MCP `_meta` object. */
export function injectTraceContext(meta: Record<string, unknown>): Record<string, unknown> {
  propagation.inject(context.active(), meta);
  return meta;
}

/** The context carried in a request's `_meta`, on top of the active one (unchanged when absent). */
export function extractTraceContext(meta: Record<string, unknown> | undefined): Context {
  const active = context.active();
  if (!meta || typeof meta !== 'object') return active;
  return propagation.extract(active, meta);
}
