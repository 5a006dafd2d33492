import type { TraceEvent } from './trace-event.js';

/** Where a span's slice lies in its input, before pid remapping and clock offset (known only after all first passes). */
export interface SpanPlace {
  file: number;
  pid: number;
  tid: number;
  ts: number;
}

/**
 * span_id -> slice of every complete event of every input. The one thing the merge holds per span:
 * a child may come before its parent's file, so an arrow can only be drawn once all inputs have been
 * read. Places live in flat typed arrays (26 bytes a span) and the map holds only the id and a small
 * integer: about a hundred bytes a span (150 MB for 1.5 million), half of what an object per span
 * costs. When two inputs hold the same span_id, the first one read wins.
 */
export class SpanIndex {
  private readonly slots = new Map<string, number>();
  private files = new Uint16Array(1024);
  private places = new Float64Array(3 * 1024); // pid, tid, ts

  add(spanId: string, place: SpanPlace): void {
    if (this.slots.has(spanId)) return;
    const slot = this.slots.size;
    if (slot === this.files.length) this.grow();
    this.files[slot] = place.file;
    const at = 3 * slot;
    this.places[at] = place.pid;
    this.places[at + 1] = place.tid;
    this.places[at + 2] = place.ts;
    this.slots.set(spanId, slot);
  }

  get(spanId: string): SpanPlace | undefined {
    const slot = this.slots.get(spanId);
    if (slot === undefined) return undefined;
    const at = 3 * slot;
    return { file: this.files[slot], pid: this.places[at], tid: this.places[at + 1], ts: this.places[at + 2] };
  }

  private grow(): void {
    const files = new Uint16Array(this.files.length * 2);
    files.set(this.files);
    const places = new Float64Array(this.places.length * 2);
    places.set(this.places);
    this.files = files;
    this.places = places;
  }
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function argsOf(e: TraceEvent): Record<string, unknown> | undefined {
  return e.args !== null && typeof e.args === 'object' ? (e.args as Record<string, unknown>) : undefined;
}

/** The slice of a complete event, or undefined when it is not one that an arrow can be anchored at. */
export function placeOf(e: TraceEvent, file: number): SpanPlace | undefined {
  if (e.ph !== 'X' || !isNumber(e.pid) || !isNumber(e.tid) || !isNumber(e.ts)) return undefined;
  return { file, pid: e.pid, tid: e.tid, ts: e.ts };
}
