import type { Attributes, Context } from '@opentelemetry/api';
import { markSpanError } from './span-api.js';
import { runtimeState } from './runtime-state.js';

export interface CompletedSpanOptions {
  attributes?: Attributes;
  /** Marks the span as failed, as withSpan does for a thrown error. */
  error?: unknown;
  /** Parent taken earlier with captureSpanParent(); default: the context active now. */
  parent?: SpanParent;
}

/** An opaque handle on the context active when it was taken. */
export type SpanParent = { readonly __zephSpanParent: true };

/** The active context, kept for a span recorded later from elsewhere (e.g. another task ended the wait). */
export function captureSpanParent(): SpanParent | undefined {
  return runtimeState.active ? (runtimeState.contextManager.active() as unknown as SpanParent) : undefined;
}

/**
 * Records a span after the fact from two performance.now() readings, under the active context. For
 * code that only learns at the end whether an interval deserves a span (a channel wait that turned
 * out long) and must not pay for a span up front on its fast path.
 */
export function recordCompletedSpan(name: string, startedAt: number, endedAt: number, options?: CompletedSpanOptions): void {
  if (!runtimeState.active) return;
  // OpenTelemetry reads numbers not later than performance.now() as performance timestamps.
  const parent = options?.parent ? (options.parent as unknown as Context) : runtimeState.contextManager.active();
  const span = runtimeState.tracer.startSpan(name, { attributes: options?.attributes, startTime: startedAt }, parent);
  if (options?.error !== undefined) markSpanError(span, options.error);
  span.end(endedAt);
}
