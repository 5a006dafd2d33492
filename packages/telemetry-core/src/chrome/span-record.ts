import { SpanKind, SpanStatusCode, type Link } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { LaneEntry } from './lanes.js';
import { hrTimeToMicros } from './trace-clock.js';

/** Subsystem of a span name: the part before the first dot (`llm.chat` -> `llm`). */
export function categoryOf(name: string): string {
  const dot = name.indexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Lane number -> Chrome tid; tid 0 is avoided because some viewers treat it as "no thread". */
export function laneTid(lane: number): number {
  return lane + 1;
}

// Kinds other than internal, as OTLP spells them (lower case): kept so that an upload restores them.
const KIND_ARGS: Partial<Record<SpanKind, string>> = {
  [SpanKind.SERVER]: ',"span_kind":"server"',
  [SpanKind.CLIENT]: ',"span_kind":"client"',
  [SpanKind.PRODUCER]: ',"span_kind":"producer"',
  [SpanKind.CONSUMER]: ',"span_kind":"consumer"',
};

// A trace has a few dozen distinct span names: the start of each name's event line is built once.
const MAX_CACHED_HEADS = 4096;
const eventHeads = new Map<string, string>();

/** `{"name":…,"cat":…,"ph":"X","ts":` for a span name. */
function eventHead(name: string): string {
  let head = eventHeads.get(name);
  if (head === undefined) {
    head = `{"name":${JSON.stringify(name)},"cat":${JSON.stringify(categoryOf(name))},"ph":"X","ts":`;
    if (eventHeads.size < MAX_CACHED_HEADS) eventHeads.set(name, head);
  }
  return head;
}

/**
 * `,"links":[…]`: each link's trace and span id, its W3C trace flags when any is set (so a replay
 * knows the linked span was sampled), and its attributes when it has some. Only spans with
 * links come here, so the rest pay a length check. A link's context comes from the caller, not from
 * our id generator, so its ids are escaped: a malformed one stays a string that push can skip.
 */
function linksArg(links: readonly Link[]): string {
  let out = ',"links":[';
  for (let i = 0; i < links.length; i++) {
    const { context, attributes } = links[i];
    if (i > 0) out += ',';
    out += `{"trace_id":${JSON.stringify(String(context.traceId))},"span_id":${JSON.stringify(String(context.spanId))}`;
    const flags = context.traceFlags;
    if (Number.isInteger(flags) && flags > 0 && flags <= 0xff) out += `,"trace_flags":${flags}`;
    const json = attributes ? JSON.stringify(attributes) : '{}';
    out += json.length <= 2 ? '}' : `,"attributes":${json}}`;
  }
  return `${out}]`;
}

/** A number as JSON writes it: NaN and ±Infinity become null. */
const jsonNumber = (value: number): string => (Number.isFinite(value) ? String(value) : 'null');

const INT32_LIMIT = 2 ** 31;
const LOW_DIGITS = 1e8;
const LOW_PAD = '00000000';

/**
 * A trace timestamp (integer microseconds since the epoch, 16 digits) as JSON. V8 writes integers
 * beyond int32 through its general shortest-double algorithm; two int32 halves go through its fast
 * integer path, which halves the cost of the number that every event carries.
 */
function jsonMicros(value: number): string {
  if (value >= INT32_LIMIT && value <= Number.MAX_SAFE_INTEGER && Math.floor(value) === value) {
    const high = Math.floor(value / LOW_DIGITS);
    const low = String(value - high * LOW_DIGITS);
    return `${high}${LOW_PAD.slice(low.length)}${low}`;
  }
  return jsonNumber(value);
}

// Spans of one trace arrive together: the ids' common opening is built once per trace id.
let lastTraceId = '';
let lastTraceIdsHead = '"span_id":"';

/** `"trace_id":"…","span_id":"` for a trace id. */
function traceIdsHead(traceId: string): string {
  if (traceId !== lastTraceId) {
    lastTraceId = traceId;
    lastTraceIdsHead = `"trace_id":"${traceId}","span_id":"`;
  }
  return lastTraceIdsHead;
}

/**
 * One span from start to the moment it is written. It is both the lane allocator's entry and the
 * buffered event: `jsonLine` builds the complete event only when the writer serialises it, so the
 * span path allocates this object and nothing else.
 */
export class SpanRecord implements LaneEntry {
  lane = 0;
  childEndUs = 0;
  endUs = 0;
  /** Still open when the trace was closed: written with the close time as its end. */
  unfinished = false;
  constructor(
    readonly span: ReadableSpan,
    readonly startUs: number,
    readonly pid: number,
  ) {}

  get durUs(): number {
    return this.endUs - this.startUs;
  }

  /**
   * The complete X event as one JSON line. The span's attributes are stringified as they are and the
   * trace's own args (ids, parent, kind, status, links) appended, instead of copying everything into
   * a new object first (the writer's largest cost per span). An attribute named like one of those
   * args is overridden, as JSON.parse keeps the last of duplicate keys.
   */
  jsonLine(): string {
    const span = this.span;
    const ids = span.spanContext();
    let extra = `${traceIdsHead(ids.traceId)}${ids.spanId}"`;
    const parentId = span.parentSpanContext?.spanId;
    if (parentId) extra += `,"parent_span_id":"${parentId}"`;
    if (span.kind !== SpanKind.INTERNAL) extra += KIND_ARGS[span.kind] ?? '';
    if (this.unfinished) extra += ',"unfinished":true';
    if (span.status.code === SpanStatusCode.ERROR) {
      extra += ',"status":"ERROR"';
      if (span.status.message) extra += `,"status_message":${JSON.stringify(span.status.message)}`;
    } else if (span.status.code === SpanStatusCode.OK) {
      extra += ',"status":"OK"';
    }
    if (span.links.length > 0) extra += linksArg(span.links);
    const attributes = JSON.stringify(span.attributes);
    const args = attributes.length <= 2 ? `{${extra}}` : `${attributes.slice(0, -1)},${extra}}`;
    return `${eventHead(span.name)}${jsonMicros(this.startUs)},"dur":${jsonNumber(this.durUs)},"pid":${this.pid},"tid":${laneTid(this.lane)},"args":${args}}`;
  }

  /** Maps a span event's time onto the trace clock, inside the span's own interval. */
  eventMicros(eventTime: ReadableSpan['startTime']): number {
    const offset = hrTimeToMicros(eventTime) - hrTimeToMicros(this.span.startTime);
    const us = this.startUs + offset;
    return us < this.startUs ? this.startUs : us > this.endUs ? this.endUs : us;
  }
}
