import {
  diag,
  SpanStatusCode,
  type Attributes,
  type AttributeValue,
  type Exception,
  type HrTime,
  type Link,
  type SpanContext,
  type SpanKind,
  type SpanStatus,
  type TimeInput,
} from '@opentelemetry/api';
import { isAttributeValue, millisToHrTime, type InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { Span, SpanProcessor, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { perfToHrTime, timeInputToPerf } from './span-clock.js';

/** The SDK's default span limits (OTEL_SPAN_*_COUNT_LIMIT unset). */
export const SPAN_LIMITS = { attributes: 128, events: 128, links: 128 } as const;

const UNSET_STATUS: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET });

export interface LeanSpanInit {
  name: string;
  kind: SpanKind;
  spanContext: SpanContext;
  parentSpanContext: SpanContext | undefined;
  resource: Resource;
  instrumentationScope: InstrumentationScope;
  processors: readonly SpanProcessor[];
  startPerf: number;
  epochOffsetMs: number;
  startTimeProvided: boolean;
}

/** Copies the valid attributes of `input` (a bad value is dropped with a diag warning, as the SDK does). */
function validAttributes(input: Attributes | undefined): Attributes {
  const out: Attributes = {};
  if (!input) return out;
  for (const key in input) {
    const value = input[key];
    if (value == null || key.length === 0) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || isAttributeValue(value)) out[key] = value;
    else diag.warn(`Invalid attribute value set for key: ${key}`);
  }
  return out;
}

/**
 * A recording span that implements both the API Span and the SDK's ReadableSpan, so every span
 * processor and exporter takes it as it takes the SDK's own. It costs less on the span path: times
 * are performance.now() numbers until someone reads an HrTime, attributes are checked by a typeof
 * for the common primitive case, and processors are called straight from an array.
 */
export class LeanSpan implements Span {
  name: string;
  readonly kind: SpanKind;
  readonly parentSpanContext: SpanContext | undefined;
  readonly attributes: Attributes = {};
  readonly links: Link[] = [];
  readonly events: TimedEvent[] = [];
  readonly resource: Resource;
  readonly instrumentationScope: InstrumentationScope;
  status: SpanStatus = UNSET_STATUS;
  ended = false;
  droppedAttributesCount = 0;
  droppedEventsCount = 0;
  droppedLinksCount = 0;
  /** performance.now() at start and at end (NaN while open; an explicit time may be negative). */
  readonly startPerf: number;
  endPerf = Number.NaN;
  /** Same name and meaning as the SDK span's flag, which layers read: the start time was given. */
  readonly _startTimeProvided: boolean;
  /**
   * The labels CPU samples taken under this span carry, set by a profiling layer when the span
   * starts. A field, so that the layer needs no side table keyed by span: a WeakMap insertion for
   * every span cost more than all the rest of that layer's work on it.
   */
  sampleLabels: Readonly<Record<string, string>> | undefined = undefined;
  private readonly epochOffsetMs: number;
  private readonly ids: SpanContext;
  private readonly processors: readonly SpanProcessor[];
  private attributeSets = 0;
  private startHrTime: HrTime | undefined;
  private endHrTime: HrTime | undefined;

  constructor(init: LeanSpanInit) {
    this.name = init.name;
    this.kind = init.kind;
    this.ids = init.spanContext;
    this.parentSpanContext = init.parentSpanContext;
    this.resource = init.resource;
    this.instrumentationScope = init.instrumentationScope;
    this.processors = init.processors;
    this.startPerf = init.startPerf;
    this.epochOffsetMs = init.epochOffsetMs;
    this._startTimeProvided = init.startTimeProvided;
  }

  spanContext(): SpanContext {
    return this.ids;
  }

  get startTime(): HrTime {
    return (this.startHrTime ??= perfToHrTime(this.startPerf, this.epochOffsetMs));
  }

  get endTime(): HrTime {
    if (Number.isNaN(this.endPerf)) return [0, 0];
    return (this.endHrTime ??= perfToHrTime(this.endPerf, this.epochOffsetMs));
  }

  get duration(): HrTime {
    return Number.isNaN(this.endPerf) ? [-1, -1] : millisToHrTime(this.endPerf - this.startPerf);
  }

  /** Milliseconds between start and end, without building HrTimes (NaN while open). */
  get durationMs(): number {
    return this.endPerf - this.startPerf;
  }

  isRecording(): boolean {
    return !this.ended;
  }

  setAttribute(key: string, value?: AttributeValue): this {
    if (value == null || this.ended) return this;
    if (key.length === 0) {
      diag.warn(`Invalid attribute key: ${key}`);
      return this;
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean' && !isAttributeValue(value)) {
      diag.warn(`Invalid attribute value set for key: ${key}`);
      return this;
    }
    const attributes = this.attributes;
    // Counting every set (overwrites included) spares a lookup per set; the exact count of distinct
    // keys is taken only once that tally reaches the limit, which few spans ever do.
    if (++this.attributeSets > SPAN_LIMITS.attributes && attributes[key] === undefined && Object.keys(attributes).length >= SPAN_LIMITS.attributes) {
      this.droppedAttributesCount++;
      return this;
    }
    attributes[key] = value;
    return this;
  }

  setAttributes(attributes: Attributes): this {
    for (const key in attributes) this.setAttribute(key, attributes[key]);
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.ended) return this;
    let attributes: Attributes | undefined;
    if (isTimeInput(attributesOrTime)) time ??= attributesOrTime;
    else attributes = attributesOrTime;
    if (this.events.length >= SPAN_LIMITS.events) {
      this.events.shift();
      this.droppedEventsCount++;
    }
    const perf = time === undefined ? performance.now() : timeInputToPerf(time, this.epochOffsetMs);
    this.events.push({ name, attributes: validAttributes(attributes), time: perfToHrTime(perf, this.epochOffsetMs), droppedAttributesCount: 0 });
    return this;
  }

  addLink(link: Link): this {
    if (this.ended) return this;
    if (this.links.length >= SPAN_LIMITS.links) {
      this.links.shift();
      this.droppedLinksCount++;
    }
    this.links.push(link.attributes ? { context: link.context, attributes: validAttributes(link.attributes) } : { context: link.context });
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status: SpanStatus): this {
    // The SDK's rules: UNSET changes nothing, OK is final, only ERROR carries a message.
    if (this.ended || status.code === SpanStatusCode.UNSET || this.status.code === SpanStatusCode.OK) return this;
    this.status = status.code === SpanStatusCode.ERROR && typeof status.message === 'string' ? { code: status.code, message: status.message } : { code: status.code };
    return this;
  }

  updateName(name: string): this {
    if (!this.ended) this.name = name;
    return this;
  }

  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Attributes = {};
    if (typeof exception === 'string') {
      attributes['exception.message'] = exception;
    } else if (exception) {
      const type = exception.code ? String(exception.code) : exception.name;
      if (type) attributes['exception.type'] = type;
      if (exception.message) attributes['exception.message'] = exception.message;
      if (exception.stack) attributes['exception.stacktrace'] = exception.stack;
    }
    if (attributes['exception.type'] || attributes['exception.message']) this.addEvent('exception', attributes, time);
    else diag.warn(`Failed to record an exception ${String(exception)}`);
  }

  end(endTime?: TimeInput): void {
    if (this.ended) {
      diag.error(`${this.name} ${this.ids.traceId}-${this.ids.spanId} - You can only call end() on a span once.`);
      return;
    }
    let endPerf = endTime === undefined ? performance.now() : timeInputToPerf(endTime, this.epochOffsetMs);
    if (endPerf < this.startPerf) {
      diag.warn('Inconsistent start and end time, startTime > endTime. Setting span duration to 0ms.');
      endPerf = this.startPerf;
    }
    this.endPerf = endPerf;
    const processors = this.processors;
    for (let i = 0; i < processors.length; i++) processors[i].onEnding?.(this);
    this.ended = true;
    for (let i = 0; i < processors.length; i++) processors[i].onEnd(this);
  }
}

function isTimeInput(value: unknown): value is TimeInput {
  return typeof value === 'number' || value instanceof Date || (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number');
}
