import { streamTraceEvents, type StreamOptions, type StreamResult } from './event-stream.js';
import type { TraceEvent } from './trace-event.js';

/** Complete events of a file, kept compactly for whole-trace analysis. */
export interface CollectedSpans {
  names: string[];
  /** Per span: index into names, index into lanes, ts, dur, alloc bytes (NaN when absent), event index. */
  nameId: number[];
  lane: number[];
  /** "pid/tid" of each lane id. */
  lanes: string[];
  ts: number[];
  dur: number[];
  allocBytes: number[];
  eventIndex: number[];
  /** Span and parent ids from args (our writer's span_id / parent_span_id / trace_id), '' when absent. */
  spanId: string[];
  parentId: string[];
  traceId: string[];
  categories: Map<number, string>;
  stream: StreamResult;
}

function subsystemOf(event: TraceEvent, name: string): string {
  return typeof event.cat === 'string' && event.cat !== '' ? event.cat : name.split('.')[0];
}

export async function collectSpans(file: string, options: StreamOptions = {}): Promise<CollectedSpans> {
  const nameIds = new Map<string, number>();
  // Interned: a multi-GB trace has millions of spans but only a handful of lanes.
  const laneIds = new Map<string, number>();
  const out: CollectedSpans = {
    names: [],
    nameId: [],
    lane: [],
    lanes: [],
    ts: [],
    dur: [],
    allocBytes: [],
    eventIndex: [],
    spanId: [],
    parentId: [],
    traceId: [],
    categories: new Map(),
    stream: { terminated: true, eventCount: 0, bytes: 0 },
  };
  out.stream = await streamTraceEvents(
    file,
    (event, index) => {
      if (event.ph !== 'X' || typeof event.name !== 'string' || typeof event.ts !== 'number' || typeof event.dur !== 'number') return;
      let id = nameIds.get(event.name);
      if (id === undefined) {
        id = out.names.length;
        nameIds.set(event.name, id);
        out.names.push(event.name);
        out.categories.set(id, subsystemOf(event, event.name));
      }
      const args = (event.args ?? {}) as Record<string, unknown>;
      const alloc = args['alloc.bytes'];
      out.spanId.push(typeof args.span_id === 'string' ? args.span_id : '');
      out.parentId.push(typeof args.parent_span_id === 'string' ? args.parent_span_id : '');
      out.traceId.push(typeof args.trace_id === 'string' ? args.trace_id : '');
      out.nameId.push(id);
      const laneKey = `${String(event.pid)}/${String(event.tid)}`;
      let lane = laneIds.get(laneKey);
      if (lane === undefined) {
        lane = out.lanes.length;
        laneIds.set(laneKey, lane);
        out.lanes.push(laneKey);
      }
      out.lane.push(lane);
      out.ts.push(event.ts);
      out.dur.push(Math.max(0, event.dur));
      out.allocBytes.push(typeof alloc === 'number' ? alloc : Number.NaN);
      out.eventIndex.push(index);
    },
    options,
  );
  return out;
}
