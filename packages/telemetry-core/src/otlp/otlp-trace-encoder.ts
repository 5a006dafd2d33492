import type { Attributes, AttributeValue, HrTime, Link, SpanContext, SpanStatus } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { ProtoWriter } from './proto-writer.js';

// ExportTraceServiceRequest in one pass, byte for byte what @opentelemetry/otlp-transformer's
// ProtobufTraceSerializer writes for the same spans (otlp-trace-encoder.test.ts compares the two),
// for less: that serializer measures every message before writing it, and encodes the resource,
// the scope and every attribute key again for each batch and span. Here the resource and scope
// messages are encoded once per object and attribute keys once per distinct key.
// Field numbers are those of opentelemetry/proto/trace/v1/trace.proto and common/v1/common.proto.

const LENGTH_DELIMITED = 2;
const VARINT = 0;
const FIXED64 = 1;
const FIXED32 = 5;
const tag = (field: number, wireType: number) => (field << 3) | wireType;

const SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE = 0x100;
const SPAN_FLAGS_CONTEXT_IS_REMOTE = 0x200;
const MIN_INT64 = -(2 ** 63);
const MAX_INT64 = 2 ** 63;

// A session has a few hundred attribute keys at most; the bound only guards against unbounded key sets.
const MAX_CACHED_KEYS = 4096;
const encodedKeys = new Map<string, Buffer>();
const encodedResources = new WeakMap<Resource, Buffer>();
const encodedScopes = new WeakMap<InstrumentationScope, Buffer>();
/** The last request's size: the next one starts with a buffer that fits it. */
let lastRequestBytes = 16 * 1024;

export function encodeTraceExportRequest(spans: readonly ReadableSpan[]): Uint8Array {
  const writer = new ProtoWriter(lastRequestBytes + 1024);
  for (const [resource, scopes] of groupByResourceAndScope(spans)) {
    writer.varint32(tag(1, LENGTH_DELIMITED)); // ExportTraceServiceRequest.resource_spans
    const resourceSpans = writer.begin(3);
    writer.raw(resourceMessage(resource));
    for (const scopeSpans of scopes.values()) {
      writer.varint32(tag(2, LENGTH_DELIMITED)); // ResourceSpans.scope_spans
      const start = writer.begin(3);
      const scope = scopeSpans[0].instrumentationScope;
      writer.raw(scopeMessage(scope));
      for (const span of scopeSpans) writeSpan(writer, span);
      if (scope.schemaUrl) {
        writer.varint32(tag(3, LENGTH_DELIMITED));
        writer.string(scope.schemaUrl);
      }
      writer.end(start, 3);
    }
    if (resource.schemaUrl) {
      writer.varint32(tag(3, LENGTH_DELIMITED));
      writer.string(resource.schemaUrl);
    }
    writer.end(resourceSpans, 3);
  }
  lastRequestBytes = writer.pos;
  return writer.finish();
}

/** Grouped by object identity, in first-seen order, as the SDK's serializer groups them. */
function groupByResourceAndScope(spans: readonly ReadableSpan[]): Map<Resource, Map<InstrumentationScope, ReadableSpan[]>> {
  const byResource = new Map<Resource, Map<InstrumentationScope, ReadableSpan[]>>();
  for (const span of spans) {
    let byScope = byResource.get(span.resource);
    if (!byScope) byResource.set(span.resource, (byScope = new Map()));
    let group = byScope.get(span.instrumentationScope);
    if (!group) byScope.set(span.instrumentationScope, (group = []));
    group.push(span);
  }
  return byResource;
}

function writeSpan(writer: ProtoWriter, span: ReadableSpan): void {
  writer.varint32(tag(2, LENGTH_DELIMITED)); // ScopeSpans.spans
  const start = writer.begin(2);
  const ids = span.spanContext();
  writeIds(writer, ids);
  const parentId = span.parentSpanContext?.spanId;
  if (parentId) {
    writer.varint32(tag(4, LENGTH_DELIMITED));
    writer.hexBytes(parentId);
  }
  writer.varint32(tag(5, LENGTH_DELIMITED));
  writer.string(span.name);
  // OTLP's SpanKind counts from UNSPECIFIED = 0; the API's from INTERNAL = 0.
  const kind = span.kind == null ? 0 : span.kind + 1;
  if (kind !== 0) {
    writer.varint32(tag(6, VARINT));
    writer.varint32(kind);
  }
  writer.varint32(tag(7, FIXED64));
  writeHrTime(writer, span.startTime);
  writer.varint32(tag(8, FIXED64));
  writeHrTime(writer, span.endTime);
  writeAttributes(writer, span.attributes, 9);
  writer.varint32(tag(10, VARINT));
  writer.varint32(span.droppedAttributesCount);
  for (const event of span.events) writeEvent(writer, event);
  writer.varint32(tag(12, VARINT));
  writer.varint32(span.droppedEventsCount);
  for (const link of span.links) writeLink(writer, link);
  writer.varint32(tag(14, VARINT));
  writer.varint32(span.droppedLinksCount);
  writeStatus(writer, span.status);
  writer.varint32(tag(16, FIXED32));
  writer.fixed32(spanFlags(ids.traceFlags, span.parentSpanContext?.isRemote));
  writer.end(start, 2);
}

/** trace_id, span_id and trace_state: fields 1 to 3 of both Span and Span.Link. */
function writeIds(writer: ProtoWriter, ids: SpanContext): void {
  writer.varint32(tag(1, LENGTH_DELIMITED));
  writer.hexBytes(ids.traceId);
  writer.varint32(tag(2, LENGTH_DELIMITED));
  writer.hexBytes(ids.spanId);
  const traceState = ids.traceState?.serialize();
  if (traceState) {
    writer.varint32(tag(3, LENGTH_DELIMITED));
    writer.string(traceState);
  }
}

function spanFlags(traceFlags: number, isRemote: boolean | undefined): number {
  return (traceFlags & 0xff) | SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE | (isRemote ? SPAN_FLAGS_CONTEXT_IS_REMOTE : 0);
}

function writeStatus(writer: ProtoWriter, status: SpanStatus): void {
  writer.varint32(tag(15, LENGTH_DELIMITED));
  const start = writer.begin();
  if (status.message) {
    writer.varint32(tag(2, LENGTH_DELIMITED));
    writer.string(status.message);
  }
  writer.varint32(tag(3, VARINT));
  writer.varint32(status.code);
  writer.end(start);
}

function writeEvent(writer: ProtoWriter, event: TimedEvent): void {
  writer.varint32(tag(11, LENGTH_DELIMITED));
  const start = writer.begin();
  writer.varint32(tag(1, FIXED64));
  writeHrTime(writer, event.time);
  writer.varint32(tag(2, LENGTH_DELIMITED));
  writer.string(event.name);
  writeAttributes(writer, event.attributes, 3);
  writer.varint32(tag(4, VARINT));
  writer.varint32(event.droppedAttributesCount || 0);
  writer.end(start);
}

function writeLink(writer: ProtoWriter, link: Link): void {
  writer.varint32(tag(13, LENGTH_DELIMITED));
  const start = writer.begin();
  const ids = link.context;
  writeIds(writer, ids);
  writeAttributes(writer, link.attributes, 4);
  writer.varint32(tag(5, VARINT));
  writer.varint32(link.droppedAttributesCount || 0);
  writer.varint32(tag(6, FIXED32));
  writer.fixed32(spanFlags(ids.traceFlags, ids.isRemote));
  writer.end(start);
}

/** An HrTime as fixed64 nanoseconds, exact: seconds × 1e9 exceeds 2^53, so the halves are built in 32-bit parts. */
function writeHrTime(writer: ProtoWriter, [seconds, nanos]: HrTime): void {
  const fromLow16 = (seconds & 0xffff) * 1e9; // < 2^46
  const fromHigh = ((seconds / 0x1_0000) >>> 0) * 1e9; // times 2^16
  const low = (fromLow16 >>> 0) + (((fromHigh & 0xffff) * 0x1_0000) >>> 0) + nanos;
  const high = Math.floor(fromLow16 / 0x1_0000_0000) + ((fromHigh / 0x1_0000) >>> 0) + Math.floor(low / 0x1_0000_0000);
  writer.fixed64(low >>> 0, high >>> 0);
}

function writeAttributes(writer: ProtoWriter, attributes: Attributes | undefined, field: number): void {
  if (!attributes) return;
  for (const key in attributes) {
    if (!Object.prototype.hasOwnProperty.call(attributes, key)) continue;
    writer.varint32(tag(field, LENGTH_DELIMITED));
    const start = writer.begin();
    writer.raw(encodedKey(key));
    writeValueField(writer, attributes[key]);
    writer.end(start);
  }
}

/** `KeyValue.key` (tag, length and bytes), encoded once per distinct key. */
function encodedKey(key: string): Buffer {
  let encoded = encodedKeys.get(key);
  if (encoded === undefined) {
    const writer = new ProtoWriter(key.length * 3 + 8);
    writer.varint32(tag(1, LENGTH_DELIMITED));
    writer.string(key);
    encoded = Buffer.from(writer.finish());
    if (encodedKeys.size >= MAX_CACHED_KEYS) encodedKeys.clear();
    encodedKeys.set(key, encoded);
  }
  return encoded;
}

/** `KeyValue.value`: an AnyValue message. */
function writeValueField(writer: ProtoWriter, value: AttributeValue | undefined): void {
  writer.varint32(tag(2, LENGTH_DELIMITED));
  const start = writer.begin();
  writeAnyValue(writer, value);
  writer.end(start);
}

function writeAnyValue(writer: ProtoWriter, value: unknown): void {
  if (typeof value === 'string') {
    writer.varint32(tag(1, LENGTH_DELIMITED));
    writer.string(value);
  } else if (typeof value === 'boolean') {
    writer.varint32(tag(2, VARINT));
    writer.varint32(value ? 1 : 0);
  } else if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= MIN_INT64 && value < MAX_INT64) {
      writer.varint32(tag(3, VARINT));
      writer.varint64(value);
    } else {
      writer.varint32(tag(4, FIXED64));
      writer.double(value);
    }
  } else if (value instanceof Uint8Array) {
    writer.varint32(tag(7, LENGTH_DELIMITED));
    writer.bytes(value);
  } else if (Array.isArray(value)) {
    writer.varint32(tag(5, LENGTH_DELIMITED)); // ArrayValue
    const start = writer.begin();
    for (const item of value) {
      writer.varint32(tag(1, LENGTH_DELIMITED));
      const itemStart = writer.begin();
      writeAnyValue(writer, item);
      writer.end(itemStart);
    }
    writer.end(start);
  } else if (typeof value === 'object' && value !== null) {
    writer.varint32(tag(6, LENGTH_DELIMITED)); // KeyValueList
    const start = writer.begin();
    writeAttributes(writer, value as Attributes, 1);
    writer.end(start);
  }
}

/** `ResourceSpans.resource` (tag included), encoded once per Resource object. */
function resourceMessage(resource: Resource): Buffer {
  let encoded = encodedResources.get(resource);
  if (encoded === undefined) {
    const writer = new ProtoWriter(1024);
    writer.varint32(tag(1, LENGTH_DELIMITED));
    const start = writer.begin(2);
    writeAttributes(writer, resource.attributes, 1);
    writer.varint32(tag(2, VARINT)); // dropped_attributes_count
    writer.varint32(0);
    writer.end(start, 2);
    encoded = Buffer.from(writer.finish());
    // Attributes still being detected would change: such a resource is encoded again next time.
    if (!resource.asyncAttributesPending) encodedResources.set(resource, encoded);
  }
  return encoded;
}

/** `ScopeSpans.scope` (tag included), encoded once per scope object. */
function scopeMessage(scope: InstrumentationScope): Buffer {
  let encoded = encodedScopes.get(scope);
  if (encoded === undefined) {
    const writer = new ProtoWriter(256);
    writer.varint32(tag(1, LENGTH_DELIMITED));
    const start = writer.begin();
    writer.varint32(tag(1, LENGTH_DELIMITED));
    writer.string(scope.name);
    if (scope.version) {
      writer.varint32(tag(2, LENGTH_DELIMITED));
      writer.string(scope.version);
    }
    // Newer scopes may carry attributes of their own.
    const withAttributes = scope as InstrumentationScope & { attributes?: Attributes; droppedAttributesCount?: number };
    writeAttributes(writer, withAttributes.attributes, 3);
    if (withAttributes.droppedAttributesCount) {
      writer.varint32(tag(4, VARINT));
      writer.varint32(withAttributes.droppedAttributesCount);
    }
    writer.end(start);
    encoded = Buffer.from(writer.finish());
    encodedScopes.set(scope, encoded);
  }
  return encoded;
}
