import { argsOf, placeOf, type SpanIndex, type SpanPlace } from './merge-span-index.js';
import type { TraceEvent } from './trace-event.js';

type FlowKind = 'trace context' | 'link';

/**
 * Collects the flow arrows of the merge: trace-event flow v1, an 's' inside the source slice and an
 * 'f' with bp "e" that binds to the slice enclosing its ts (the target slice, from its start).
 * Places are given as in their input; pids and timestamps are translated here. The events wait in
 * memory until the data events are written: one pair per cross-process call or link, few next to
 * the spans.
 */
export class FlowCollector {
  readonly events: TraceEvent[] = [];
  flows = 0;
  linkFlows = 0;

  constructor(
    private readonly pidMaps: Array<Map<number, number>>,
    private readonly offsets: number[],
  ) {}

  add(kind: FlowKind, from: SpanPlace, to: SpanPlace): void {
    const id = ++this.flows;
    if (kind === 'link') this.linkFlows++;
    this.events.push(
      { ph: 's', id, name: kind, cat: 'flow', ...this.merged(from) },
      { ph: 'f', bp: 'e', id, name: kind, cat: 'flow', ...this.merged(to) },
    );
  }

  /** Arrows into one complete event of input `file`: from its parent in another input, and from each span it links to. */
  addFor(e: TraceEvent, file: number, spans: SpanIndex): void {
    const args = argsOf(e);
    if (!args) return;
    const hasParent = typeof args.parent_span_id === 'string';
    if (!hasParent && !Array.isArray(args.links)) return;
    const to = placeOf(e, file);
    if (!to) return;
    if (hasParent) {
      const parent = spans.get(args.parent_span_id as string);
      // A parent in the same input is already drawn as the enclosing slice (or on a lane of the same process).
      if (parent && parent.file !== file) this.add('trace context', parent, to);
    }
    // Span ids are 64 random bits, so the span id alone finds the linked span among all inputs.
    for (const link of Array.isArray(args.links) ? (args.links as unknown[]) : []) {
      const spanId = link !== null && typeof link === 'object' ? (link as { span_id?: unknown }).span_id : undefined;
      const linked = typeof spanId === 'string' && spanId !== args.span_id ? spans.get(spanId) : undefined;
      if (linked) this.add('link', linked, to);
    }
  }

  private merged(place: SpanPlace): { pid: number; tid: number; ts: number } {
    return { pid: this.pidMaps[place.file].get(place.pid) ?? place.pid, tid: place.tid, ts: place.ts + this.offsets[place.file] };
  }
}
