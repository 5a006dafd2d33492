import { trace, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { PROFILE_LABELS, PYROSCOPE_ATTRIBUTES } from './spans.js';

export type SampleLabels = Readonly<Record<string, string>>;

/** A span of core's tracer, which keeps the labels in a field of its own. */
interface LabelledSpan {
  sampleLabels: SampleLabels | undefined;
}

const hasLabelField = (span: object): span is LabelledSpan => 'sampleLabels' in span;

/**
 * Decides which spans own a profile id and remembers, for every span, the labels its CPU samples
 * carry: those of the nearest enclosing profiled span. Looked up on every context switch. Core's
 * spans hold them in a field; a span from any other tracer gets an entry in a WeakMap keyed by the
 * span object (no id strings built on the hot path).
 */
export class SpanProfileLabels implements SpanProcessor {
  private readonly otherSpans = new WeakMap<object, SampleLabels>();

  constructor(private readonly profiledNames: ReadonlySet<string>) {}

  labelsFor(ctx: Context): SampleLabels | undefined {
    const span = trace.getSpan(ctx);
    return span ? this.labelsOf(span) : undefined;
  }

  onStart(span: Span, parentContext: Context): void {
    const parent = trace.getSpan(parentContext);
    const isRoot = !parent || parent.spanContext().isRemote === true;
    if (isRoot || this.profiledNames.has(span.name)) {
      const spanId = span.spanContext().spanId;
      span.setAttribute(PYROSCOPE_ATTRIBUTES.profileId, spanId);
      this.setLabels(span, Object.freeze({ [PROFILE_LABELS.spanId]: spanId, [PROFILE_LABELS.spanName]: span.name }));
      return;
    }
    const inherited = this.labelsOf(parent);
    if (inherited) this.setLabels(span, inherited);
  }

  onEnd(_span: ReadableSpan): void {}
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}

  private labelsOf(span: object): SampleLabels | undefined {
    return hasLabelField(span) ? span.sampleLabels : this.otherSpans.get(span);
  }

  private setLabels(span: object, labels: SampleLabels): void {
    if (hasLabelField(span)) span.sampleLabels = labels;
    else this.otherSpans.set(span, labels);
  }
}
