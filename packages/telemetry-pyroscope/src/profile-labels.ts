import { trace, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { PROFILE_LABELS, PYROSCOPE_ATTRIBUTES } from './spans.js';

export type SampleLabels = Readonly<Record<string, string>>;

/**
 * Decides which spans own a profile id and remembers, for every span, the labels its CPU samples
 * carry: those of the nearest enclosing profiled span. Looked up on every context switch, so the
 * map is a WeakMap keyed by the span object (no id strings built on the hot path).
 */
export class SpanProfileLabels implements SpanProcessor {
  private readonly labels = new WeakMap<object, SampleLabels>();

  constructor(private readonly profiledNames: ReadonlySet<string>) {}

  labelsFor(ctx: Context): SampleLabels | undefined {
    const span = trace.getSpan(ctx);
    return span ? this.labels.get(span) : undefined;
  }

  onStart(span: Span, parentContext: Context): void {
    const parent = trace.getSpan(parentContext);
    const isRoot = !parent || parent.spanContext().isRemote === true;
    if (isRoot || this.profiledNames.has(span.name)) {
      const spanId = span.spanContext().spanId;
      span.setAttribute(PYROSCOPE_ATTRIBUTES.profileId, spanId);
      this.labels.set(span, Object.freeze({ [PROFILE_LABELS.spanId]: spanId, [PROFILE_LABELS.spanName]: span.name }));
      return;
    }
    const inherited = this.labels.get(parent);
    if (inherited) this.labels.set(span, inherited);
  }

  onEnd(_span: ReadableSpan): void {}
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}
