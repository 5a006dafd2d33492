import { isValidSpanId, isValidTraceId, SpanKind, SpanStatusCode, TraceFlags, type Attributes, type AttributeValue, type HrTime, type Link, type SpanStatus } from '@opentelemetry/api';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { CORE_ATTRIBUTES, OTLP_ATTRIBUTES } from '@zeph/telemetry-core/spans';
import type { TraceEvent } from './trace-event.js';
import { unreadableSpanReason } from './unreadable-spans.js';

// Our Chrome layer writes each span as an X event whose args hold the span's attributes plus the
// trace's own fields; these are the latter, which become ids and status again, not attributes.
const TRACE_ARGS = new Set(['trace_id', 'span_id', 'parent_span_id', 'span_kind', 'status', 'status_message', 'unfinished', 'links']);
const KINDS: Record<string, SpanKind> = { server: SpanKind.SERVER, client: SpanKind.CLIENT, producer: SpanKind.PRODUCER, consumer: SpanKind.CONSUMER };
// A span event's args are its attributes plus the id of its span.
const EVENT_ARGS = new Set(['span_id']);
const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

/** Where the spans were recorded; the resource of every span of one process. */
export interface ProcessInfo {
  serviceName: string;
  sessionId?: string;
}

/** Microseconds since the Unix epoch (the Chrome layer's clock) as OpenTelemetry's [seconds, nanos]. */
export function microsToHrTime(us: number): HrTime {
  const seconds = Math.floor(us / 1e6);
  return [seconds, Math.round((us - seconds * 1e6) * 1000)];
}

function attributeValue(value: unknown): AttributeValue | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value as number[];
  if (Array.isArray(value) && value.every((v) => typeof v === 'boolean')) return value as boolean[];
  // Anything else was not an OpenTelemetry attribute: keep it readable rather than lose it.
  return value === null || value === undefined ? undefined : JSON.stringify(value);
}

function attributesOf(args: Record<string, unknown>, skip: ReadonlySet<string>): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(args)) {
    if (skip.has(key)) continue;
    const converted = attributeValue(value);
    if (converted !== undefined) out[key] = converted;
  }
  return out;
}

function statusOf(args: Record<string, unknown>): SpanStatus {
  if (args.status === 'ERROR') return { code: SpanStatusCode.ERROR, message: typeof args.status_message === 'string' ? args.status_message : undefined };
  if (args.status === 'OK') return { code: SpanStatusCode.OK };
  return { code: SpanStatusCode.UNSET };
}

export function argsOf(event: TraceEvent): Record<string, unknown> {
  return event.args !== null && typeof event.args === 'object' && !Array.isArray(event.args) ? (event.args as Record<string, unknown>) : {};
}

/** True for an X event that our Chrome layer wrote for a span (it carries valid trace and span ids). */
export function isRecordedSpan(event: TraceEvent): boolean {
  if (event.ph !== 'X' || unreadableSpanReason(event) !== undefined) return false;
  const args = argsOf(event);
  return typeof args.trace_id === 'string' && TRACE_ID.test(args.trace_id) && typeof args.span_id === 'string' && SPAN_ID.test(args.span_id);
}

const SCOPE = { name: '@zeph/telemetry' };

const NO_KEYS: ReadonlySet<string> = new Set();
const isPlainObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isTraceId = (value: unknown): value is string => typeof value === 'string' && TRACE_ID.test(value) && isValidTraceId(value);
const isSpanId = (value: unknown): value is string => typeof value === 'string' && SPAN_ID.test(value) && isValidSpanId(value);

/** Counts of what a rebuilt span had to leave out. */
export interface SkipCounts {
  /** `links` entries that are not an object with a valid trace and span id (and object attributes). */
  skippedLinks: number;
}

/**
 * The span's links from its `links` arg (`[{trace_id, span_id, trace_flags?, attributes?}]`). The
 * flags (sampled = 1) are kept when written; a file without them gives no flags. The file does not
 * say whether the linked span was remote, so it is not marked so. Malformed entries are left out and
 * counted; a `links` that is not an array counts as one.
 */
const isTraceFlags = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 0xff;

export function linksFrom(value: unknown, counts?: SkipCounts): Link[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    if (counts) counts.skippedLinks++;
    return [];
  }
  const links: Link[] = [];
  for (const entry of value) {
    if (
      !isPlainObject(entry) ||
      !isTraceId(entry.trace_id) ||
      !isSpanId(entry.span_id) ||
      (entry.trace_flags !== undefined && !isTraceFlags(entry.trace_flags)) ||
      (entry.attributes !== undefined && !isPlainObject(entry.attributes))
    ) {
      if (counts) counts.skippedLinks++;
      continue;
    }
    const context = { traceId: entry.trace_id, spanId: entry.span_id, traceFlags: entry.trace_flags ?? TraceFlags.NONE };
    links.push(entry.attributes ? { context, attributes: attributesOf(entry.attributes, NO_KEYS), droppedAttributesCount: 0 } : { context, droppedAttributesCount: 0 });
  }
  return links;
}

/**
 * A finished span rebuilt from its X event, for the OTLP encoder; a span without `span_kind` was
 * internal. Links that cannot be rebuilt are counted in `counts`.
 */
export function spanFromEvent(event: TraceEvent, resource: Resource, counts?: SkipCounts): ReadableSpan & { events: TimedEvent[] } {
  const args = argsOf(event);
  const traceId = args.trace_id as string;
  const spanId = args.span_id as string;
  const parentId = typeof args.parent_span_id === 'string' && SPAN_ID.test(args.parent_span_id) ? args.parent_span_id : undefined;
  const startUs = event.ts as number;
  const endUs = startUs + Math.max(0, event.dur as number);
  const attributes = attributesOf(args, TRACE_ARGS);
  if (args.unfinished === true) attributes['zeph.span.unfinished'] = true;
  const startTime = microsToHrTime(startUs);
  const endTime = microsToHrTime(endUs);
  const spanContext = { traceId, spanId, traceFlags: TraceFlags.SAMPLED };
  return {
    name: event.name as string,
    kind: (typeof args.span_kind === 'string' && KINDS[args.span_kind]) || SpanKind.INTERNAL,
    spanContext: () => spanContext,
    parentSpanContext: parentId ? { traceId, spanId: parentId, traceFlags: TraceFlags.SAMPLED } : undefined,
    startTime,
    endTime,
    duration: microsToHrTime(endUs - startUs),
    status: statusOf(args),
    attributes,
    links: linksFrom(args.links, counts),
    events: [],
    ended: true,
    resource,
    instrumentationScope: SCOPE,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

/** A span event (an `i` event naming its span) in the span's terms. */
export function timedEventFrom(event: TraceEvent): TimedEvent {
  return {
    name: typeof event.name === 'string' ? event.name : 'event',
    time: microsToHrTime(typeof event.ts === 'number' ? event.ts : 0),
    attributes: attributesOf(argsOf(event), EVENT_ARGS),
    droppedAttributesCount: 0,
  };
}

export function resourceFor(info: ProcessInfo): Resource {
  return resourceFromAttributes({
    [OTLP_ATTRIBUTES.serviceName]: info.serviceName,
    ...(info.sessionId ? { [CORE_ATTRIBUTES.sessionId]: info.sessionId } : {}),
  });
}
