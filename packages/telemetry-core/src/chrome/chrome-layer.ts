import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { CHROME_TRACE_NAMES } from '../spans.js';
import type { InstantEvent, Logger, MetricSample, TelemetryLayer } from '../types.js';
import { ChromeTraceWriter, type ChromeTraceWriterStats } from './chrome-writer.js';
import { LaneAllocator } from './lanes.js';
import { categoryOf, laneTid, SpanRecord } from './span-record.js';
import { hrTimeToMicros, nowMicros, perfToTraceMicros, wallMillisToMicros } from './trace-clock.js';
import { traceFilePath } from './trace-file-name.js';
import { LeanSpan } from '../tracing/lean-span.js';
import { frozenAttributesMemo } from '../frozen-attributes-memo.js';

/** A counter's track name carries its attributes, so that each series gets a track of its own. */
const attributesJson = frozenAttributesMemo((attributes) => JSON.stringify(attributes));

export interface ChromeLayerOptions {
  traceDir: string;
  sessionId: string;
  processName: string;
  log: Logger;
  /** Exact file path instead of `{traceDir}/{sessionId}_{timestamp}.json`. */
  filePath?: string;
  /** Events held in memory at most before dropping (see ChromeTraceWriter). */
  maxBufferedEvents?: number;
  flushIntervalMs?: number;
}

export type ChromeTraceLayer = TelemetryLayer & {
  readonly filePath: string;
  /** Writer counters: events written and dropped, bytes, failure. */
  stats(): ChromeTraceWriterStats;
};

// A span's own duration is trusted over the trace clock only when they disagree by more than this
// (an explicit `end(time)`); otherwise the monotonic clock keeps nesting exact. Small gaps between
// the SDK's timestamps and our hooks (GC, slow processors before ours) stay below it.
const EXPLICIT_TIME_TOLERANCE_US = 10_000;
/** Open spans tracked at most (each holds a reference to its span until it ends). */
const MAX_OPEN_SPANS = 100_000;

/** Whether the SDK span was given an explicit start time (SDK 2.x keeps that flag on the span). */
function hasExplicitStart(span: Span | ReadableSpan): boolean {
  return (span as { _startTimeProvided?: unknown })._startTimeProvided === true;
}

function ownDurationMicros(span: ReadableSpan): number {
  return hrTimeToMicros(span.endTime) - hrTimeToMicros(span.startTime);
}

/**
 * The local backend: spans, span events, samples and instants streamed into a Chrome trace file
 * that Perfetto opens. Every hook is synchronous and I/O-free; the writer flushes in batches.
 */
export function createChromeTraceLayer(options: ChromeLayerOptions): ChromeTraceLayer {
  const filePath = options.filePath ?? traceFilePath(options.traceDir, options.sessionId);
  const pid = process.pid;
  const log = options.log;
  const writer = new ChromeTraceWriter({
    filePath,
    log,
    pid,
    maxBufferedEvents: options.maxBufferedEvents,
    flushIntervalMs: options.flushIntervalMs,
  });
  const lanes = new LaneAllocator((lane) => {
    const tid = laneTid(lane);
    const name = lane === 0 ? CHROME_TRACE_NAMES.mainLane : `${CHROME_TRACE_NAMES.asyncLanePrefix}${lane}`;
    writer.append({ name: CHROME_TRACE_NAMES.threadName, ph: 'M', pid, tid, args: { name } }, true);
    writer.append({ name: CHROME_TRACE_NAMES.threadSortIndex, ph: 'M', pid, tid, args: { sort_index: lane } }, true);
  });
  const open = new Map<string, SpanRecord>();
  let warnedNegative = false;
  let warnedOpen = false;
  let closed = false;

  /** `ownTime`: take the start from the span itself (explicit start, or a span we did not see start). */
  const startRecord = (span: Span | ReadableSpan, ownTime: boolean): SpanRecord => {
    let startUs: number;
    // Core's spans read the same monotonic clock at start and end: their own readings are used
    // instead of a second one here (an explicit start time is already on that clock).
    if (span instanceof LeanSpan) startUs = perfToTraceMicros(span.startPerf);
    else {
      const clockUs = nowMicros();
      startUs = ownTime ? hrTimeToMicros(span.startTime) + (clockUs - Date.now() * 1000) : clockUs;
    }
    const record = new SpanRecord(span, startUs, pid);
    const parentId = span.parentSpanContext?.spanId;
    lanes.assign(record, parentId === undefined ? undefined : open.get(parentId));
    return record;
  };

  const finishRecord = (record: SpanRecord, clockEndUs: number): void => {
    const span = record.span;
    let endUs = clockEndUs;
    // A LeanSpan's end was read off the trace clock already (see startRecord).
    if (span.ended && !(span instanceof LeanSpan)) {
      const ownDurUs = ownDurationMicros(span);
      if (Math.abs(endUs - record.startUs - ownDurUs) > EXPLICIT_TIME_TOLERANCE_US) endUs = record.startUs + ownDurUs;
    }
    if (endUs < record.startUs) {
      if (!warnedNegative) {
        warnedNegative = true;
        log.warn(`span ${span.name} ends before it starts (clock skew); writing duration 0`, {
          span: span.name,
          duration_us: endUs - record.startUs,
        });
      }
      endUs = record.startUs;
    }
    // A child written earlier must stay inside its parent, whatever the parent's own clock says.
    if (record.childEndUs > endUs) endUs = record.childEndUs;
    record.endUs = endUs;
    lanes.release(record, endUs);
    writer.append(record);
    const events = span.events;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      writer.append({
        name: event.name,
        cat: categoryOf(span.name),
        ph: 'i',
        s: 't',
        ts: record.eventMicros(event.time),
        pid,
        tid: laneTid(record.lane),
        args: { ...event.attributes, span_id: span.spanContext().spanId },
      });
    }
  };

  /** Spans still open (the turn a signal or process.exit() interrupted) are written as far as they got. */
  const writeUnfinished = (): void => {
    if (closed || open.size === 0) return;
    const endUs = nowMicros();
    // Innermost first, so each parent's end covers its children.
    const unfinished = [...open.values()].sort((a, b) => b.startUs - a.startUs);
    open.clear();
    for (const record of unfinished) {
      record.unfinished = true;
      finishRecord(record, endUs);
    }
  };

  const processor: SpanProcessor = {
    onStart(span: Span, _parentContext: Context) {
      if (closed) return;
      if (open.size >= MAX_OPEN_SPANS) {
        // Spans the app never ends must not grow memory without bound; this one is placed at its end.
        if (!warnedOpen) {
          warnedOpen = true;
          log.warn(`more than ${MAX_OPEN_SPANS} spans open at once; further spans get their lane when they end`);
        }
        return;
      }
      open.set(span.spanContext().spanId, startRecord(span, hasExplicitStart(span)));
    },
    onEnd(span: ReadableSpan) {
      if (closed) return;
      const id = span.spanContext().spanId;
      const clockEndUs = span instanceof LeanSpan ? perfToTraceMicros(span.endPerf) : nowMicros();
      let record = open.get(id);
      if (record) open.delete(id);
      else record = startRecord(span, true); // not seen starting (before this layer, or over the cap)
      finishRecord(record, clockEndUs);
    },
    forceFlush: () => writer.flush(),
    // The file is closed by the layer's shutdown, after every other layer had its say.
    shutdown: async () => {},
  };

  return {
    kind: 'chrome',
    filePath,
    spanProcessor: processor,
    stats: () => writer.stats(),
    start() {
      writer.append({ name: CHROME_TRACE_NAMES.processName, ph: 'M', pid, args: { name: options.processName } }, true);
      // Registered before the writer's own 'exit' hook, so these spans are in what it writes last.
      process.on('exit', writeUnfinished);
      return writer.open();
    },
    onSample(sample: MetricSample) {
      if (closed) return;
      writer.append({
        name: sample.attributes ? `${sample.name} ${attributesJson(sample.attributes)}` : sample.name,
        ph: 'C',
        ts: wallMillisToMicros(sample.time),
        pid,
        args: { value: sample.value },
      });
    },
    onInstant(event: InstantEvent) {
      if (closed) return;
      writer.append({
        name: event.name,
        cat: event.category,
        ph: 'i',
        s: 'p',
        ts: wallMillisToMicros(event.time),
        pid,
        args: event.attributes ?? {},
      });
    },
    forceFlush: () => writer.flush(),
    async shutdown() {
      if (closed) return;
      process.removeListener('exit', writeUnfinished);
      writeUnfinished();
      closed = true;
      await writer.close();
    },
  };
}
