import { SpanStatusCode, type Attributes } from '@opentelemetry/api';
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
 * One span from start to the moment it is written. It is both the lane allocator's entry and the
 * buffered event: `toJSON` builds the complete event only when the writer serialises it, so the
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

  toJSON(): object {
    const span = this.span;
    const ids = span.spanContext();
    const args: Attributes & Record<string, unknown> = { ...span.attributes, trace_id: ids.traceId, span_id: ids.spanId };
    const parentId = span.parentSpanContext?.spanId;
    if (parentId) args.parent_span_id = parentId;
    if (this.unfinished) args.unfinished = true;
    if (span.status.code === SpanStatusCode.ERROR) {
      args.status = 'ERROR';
      if (span.status.message) args.status_message = span.status.message;
    } else if (span.status.code === SpanStatusCode.OK) {
      args.status = 'OK';
    }
    return {
      name: span.name,
      cat: categoryOf(span.name),
      ph: 'X',
      ts: this.startUs,
      dur: this.durUs,
      pid: this.pid,
      tid: laneTid(this.lane),
      args,
    };
  }

  /**
   * The same event as toJSON, serialised straight into one line: the span's attributes are
   * stringified as they are and the ids appended, instead of copying them into a new object first
   * (the writer's largest cost per span). A duplicate key resolves as in toJSON: the id wins.
   */
  jsonLine(): string {
    if (!Number.isFinite(this.startUs) || !Number.isFinite(this.endUs)) return JSON.stringify(this);
    const span = this.span;
    const ids = span.spanContext();
    let extra = `"trace_id":"${ids.traceId}","span_id":"${ids.spanId}"`;
    const parentId = span.parentSpanContext?.spanId;
    if (parentId) extra += `,"parent_span_id":"${parentId}"`;
    if (this.unfinished) extra += ',"unfinished":true';
    if (span.status.code === SpanStatusCode.ERROR) {
      extra += ',"status":"ERROR"';
      if (span.status.message) extra += `,"status_message":${JSON.stringify(span.status.message)}`;
    } else if (span.status.code === SpanStatusCode.OK) {
      extra += ',"status":"OK"';
    }
    const attributes = JSON.stringify(span.attributes);
    const args = attributes.length <= 2 ? `{${extra}}` : `${attributes.slice(0, -1)},${extra}}`;
    return `${eventHead(span.name)}${this.startUs},"dur":${this.durUs},"pid":${this.pid},"tid":${laneTid(this.lane)},"args":${args}}`;
  }

  /** Maps a span event's time onto the trace clock, inside the span's own interval. */
  eventMicros(eventTime: ReadableSpan['startTime']): number {
    const offset = hrTimeToMicros(eventTime) - hrTimeToMicros(this.span.startTime);
    const us = this.startUs + offset;
    return us < this.startUs ? this.startUs : us > this.endUs ? this.endUs : us;
  }
}
