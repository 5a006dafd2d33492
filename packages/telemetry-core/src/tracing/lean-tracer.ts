import {
  context as contextApi,
  INVALID_SPAN_CONTEXT,
  isSpanContextValid,
  SamplingDecision,
  SpanKind,
  trace,
  TraceFlags,
  type Context,
  type Span as ApiSpan,
  type SpanContext,
  type SpanOptions,
  type Tracer,
} from '@opentelemetry/api';
import { isTracingSuppressed, type InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import { TraceIdRatioBasedSampler, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { contextWithSpan } from './context-link.js';
import { LeanSpan } from './lean-span.js';
import { epochOffsetAt, timeInputToPerf } from './span-clock.js';
import { newSpanId, newTraceId } from './span-ids.js';

export interface LeanTracerSettings {
  resource: Resource;
  processors: readonly SpanProcessor[];
  /** Share of new traces kept (parent-based: a child follows its parent's decision). */
  sampleRate: number;
  /**
   * While `active` is false (telemetry paused or shut down) every tracer hands out non-recording
   * spans: OpenTelemetry instrumentations the user registered stop with ours.
   */
  gate?: { readonly active: boolean };
}

/**
 * A Tracer with the SDK's semantics (parent-based ratio sampling, suppressed tracing, explicit
 * times, links, kinds) whose spans are LeanSpans. The root decision at a ratio below 1 is the SDK's
 * own TraceIdRatioBasedSampler, so a trace id is kept or dropped exactly as the SDK would.
 */
export class LeanTracer implements Tracer {
  private readonly rootSampler: TraceIdRatioBasedSampler | undefined;

  constructor(
    private readonly settings: LeanTracerSettings,
    readonly instrumentationScope: InstrumentationScope,
  ) {
    this.rootSampler = settings.sampleRate >= 1 ? undefined : new TraceIdRatioBasedSampler(settings.sampleRate);
  }

  startSpan(name: string, options?: SpanOptions, ctx: Context = contextApi.active()): ApiSpan {
    if (isTracingSuppressed(ctx) || this.settings.gate?.active === false) return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    const parentSpan = options?.root ? undefined : trace.getSpan(ctx);
    // Our own spans always carry valid ids; any other parent is checked.
    let parent: SpanContext | undefined;
    if (parentSpan instanceof LeanSpan) parent = parentSpan.spanContext();
    else if (parentSpan) {
      const candidate = parentSpan.spanContext();
      if (isSpanContextValid(candidate)) parent = candidate;
    }
    const traceId = parent ? parent.traceId : newTraceId();
    const sampled = parent ? (parent.traceFlags & TraceFlags.SAMPLED) !== 0 : this.keepsRoot(ctx, traceId);
    const spanContext: SpanContext = {
      traceId,
      spanId: newSpanId(),
      traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
      traceState: parent?.traceState,
    };
    if (!sampled) return trace.wrapSpanContext(spanContext);

    const now = performance.now();
    const epochOffsetMs = epochOffsetAt(now);
    const startTime = options?.startTime;
    const settings = this.settings;
    const span = new LeanSpan({
      name,
      kind: options?.kind ?? SpanKind.INTERNAL,
      spanContext,
      parentSpanContext: parent,
      resource: settings.resource,
      instrumentationScope: this.instrumentationScope,
      processors: settings.processors,
      startPerf: startTime === undefined ? now : timeInputToPerf(startTime, epochOffsetMs),
      epochOffsetMs,
      startTimeProvided: startTime !== undefined,
    });
    if (options?.links) span.addLinks(options.links);
    if (options?.attributes) span.setAttributes(options.attributes);
    const processors = settings.processors;
    for (let i = 0; i < processors.length; i++) processors[i].onStart(span, ctx);
    return span;
  }

  startActiveSpan<F extends (span: ApiSpan) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: ApiSpan) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: ApiSpan) => unknown>(name: string, options: SpanOptions, ctx: Context, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: ApiSpan) => unknown>(name: string, a2: SpanOptions | F, a3?: Context | F, a4?: F): ReturnType<F> {
    let options: SpanOptions | undefined;
    let ctx: Context | undefined;
    let fn: F;
    if (typeof a2 === 'function') fn = a2;
    else if (typeof a3 === 'function') {
      options = a2;
      fn = a3;
    } else {
      options = a2;
      ctx = a3;
      fn = a4!;
    }
    const parentContext = ctx ?? contextApi.active();
    const span = this.startSpan(name, options, parentContext);
    return contextApi.with(contextWithSpan(parentContext, span), fn as (span: ApiSpan) => ReturnType<F>, undefined, span);
  }

  private keepsRoot(ctx: Context, traceId: string): boolean {
    if (!this.rootSampler) return true;
    return this.rootSampler.shouldSample(ctx, traceId).decision === SamplingDecision.RECORD_AND_SAMPLED;
  }
}
