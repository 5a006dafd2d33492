import { SpanKind, SpanStatusCode, trace, type Attributes, type Span, type SpanOptions } from '@opentelemetry/api';
import { contextWithSpan } from './tracing/context-link.js';
import { redactArgument, scrubSecrets } from './redact.js';
import { runtimeState } from './runtime-state.js';
import { CORE_ATTRIBUTES } from './spans.js';
import type { AttributeValue, InstrumentOptions, SpanKindName, WithSpanOptions, ZephSpan } from './types.js';
import { NOOP_SPAN } from './noop-span.js';

class RecordingSpan implements ZephSpan {
  readonly isRecording = true;
  constructor(readonly otelSpan: Span) {}
  get spanId(): string {
    return this.otelSpan.spanContext().spanId;
  }
  get traceId(): string {
    return this.otelSpan.spanContext().traceId;
  }
  setAttribute(key: string, value: AttributeValue): void {
    this.otelSpan.setAttribute(key, value);
  }
  setAttributes(attributes: Attributes): void {
    this.otelSpan.setAttributes(attributes);
  }
  addEvent(name: string, attributes?: Attributes): void {
    this.otelSpan.addEvent(name, attributes);
  }
  recordError(error: unknown): void {
    markSpanError(this.otelSpan, error);
  }
}

export { NOOP_SPAN };

export function markSpanError(span: Span, error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  span.recordException({ name: err.name, message: scrubSecrets(err.message), stack: err.stack && scrubSecrets(err.stack) });
  span.setAttribute('error.type', (error as { code?: unknown })?.code?.toString?.() ?? err.name ?? 'Error');
  span.setStatus({ code: SpanStatusCode.ERROR, message: scrubSecrets(err.message) });
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as PromiseLike<unknown>).then === 'function';
}

function endWithError(span: Span, error: unknown): void {
  markSpanError(span, error);
  span.end();
}

/** The body of runInSpan once the span is active: top level, so a call allocates no closure for it. */
function callInActiveSpan<R>(otelSpan: Span, fn: (span: ZephSpan) => R): R {
  let result: R;
  try {
    result = fn(new RecordingSpan(otelSpan));
  } catch (error) {
    endWithError(otelSpan, error);
    throw error;
  }
  if (isPromiseLike(result)) {
    return Promise.resolve(result).then(
      (value) => {
        otelSpan.end();
        return value;
      },
      (error: unknown) => {
        endWithError(otelSpan, error);
        throw error;
      },
    ) as R;
  }
  otelSpan.end();
  return result;
}

const SPAN_KINDS: Record<SpanKindName, SpanKind> = {
  internal: SpanKind.INTERNAL,
  client: SpanKind.CLIENT,
  server: SpanKind.SERVER,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
};

/** Runs fn inside an active span; ends it when fn returns, throws, or its promise settles. */
function runInSpan<R>(name: string, attributes: Attributes | undefined, fn: (span: ZephSpan) => R, kind?: SpanKindName): R {
  const contextManager = runtimeState.contextManager;
  const parent = contextManager.active();
  let options: SpanOptions | undefined;
  if (attributes || kind) options = kind ? { attributes, kind: SPAN_KINDS[kind] } : { attributes };
  const otelSpan = runtimeState.tracer.startSpan(name, options, parent);
  return contextManager.with(contextWithSpan(parent, otelSpan), callInActiveSpan<R>, undefined, otelSpan, fn);
}

function argumentAttributes(argNames: readonly string[], args: readonly unknown[]): Attributes {
  const out: Attributes = {};
  for (let i = 0; i < argNames.length && i < args.length; i++) {
    out[CORE_ATTRIBUTES.argPrefix + argNames[i]] = redactArgument(argNames[i], args[i]);
  }
  return out;
}

/**
 * Wraps fn at definition time. While telemetry is inactive a call costs one branch; with it active
 * each call runs in a span named `name`. Sync functions stay sync, async ones stay async.
 */
export function instrument<A extends unknown[], R>(
  name: string,
  fn: (...args: A) => R,
  options?: InstrumentOptions<A>,
): (...args: A) => R {
  const staticAttributes = typeof options?.attributes === 'object' ? options.attributes : undefined;
  const computeAttributes = typeof options?.attributes === 'function' ? options.attributes : undefined;
  const argNames = options?.argNames;
  // The span path lives in its own function: a closure over `args` inside the wrapper would make
  // V8 allocate the arguments on every call, even with telemetry off (about 100 ns instead of ~0).
  const callInSpan = (self: unknown, args: A): R => {
    let attributes = staticAttributes;
    if (computeAttributes) attributes = { ...attributes, ...computeAttributes(...args) };
    if (argNames && runtimeState.includeArgs) attributes = { ...attributes, ...argumentAttributes(argNames, args) };
    return runInSpan(name, attributes, () => fn.apply(self, args));
  };
  const wrapped = function (this: unknown, ...args: A): R {
    if (!runtimeState.active) return fn.apply(this, args);
    return callInSpan(this, args);
  };
  Object.defineProperty(wrapped, 'name', { value: fn.name || name });
  return wrapped;
}

/** Runs a block in a span. The block receives the span to add attributes and events to. */
export function withSpan<R>(name: string, fn: (span: ZephSpan) => R, attributes?: Attributes, options?: WithSpanOptions): R {
  if (!runtimeState.active) return fn(NOOP_SPAN);
  return runInSpan(name, attributes, fn, options?.kind);
}

/** The span active in the current async context, or the no-op span. */
export function currentSpan(): ZephSpan {
  if (!runtimeState.active) return NOOP_SPAN;
  const span = trace.getSpan(runtimeState.contextManager.active());
  return span ? new RecordingSpan(span) : NOOP_SPAN;
}

/** True when spans are being recorded: guard payload building with it (STYLE.md rule 3). */
export function isTelemetryActive(): boolean {
  return runtimeState.active;
}
