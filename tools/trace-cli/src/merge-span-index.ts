import type { TraceEvent } from './trace-event.js';

/** Where a span's slice lies in its input, before pid remapping and clock offset (known only after all first passes). */
export interface SpanPlace {
  file: number;
  pid: number;
  tid: number;
  ts: number;
}

const HEX_SPAN_ID = /^[0-9a-f]{16}$/;
const EMPTY = -1;
const highHalf = (hexId: string) => parseInt(hexId.slice(0, 8), 16);
const lowHalf = (hexId: string) => parseInt(hexId.slice(8), 16);

/**
 * span_id -> slice of every complete event of every input. The one thing the merge holds per span:
 * a child may come before its parent's file, so an arrow can only be drawn once all inputs have been
 * read. Our ids (16 lower-case hex digits) are kept as two 32-bit halves in an open-addressing table
 * and places in flat typed arrays, so no string or object stays alive per span: about 70 bytes a span
 * with the arrays' spare room (a Map of id strings took about 155; 1.5 million random ids measured). Ids in other shapes (traces from other tools) go to a
 * plain Map. When two inputs hold the same span_id, the first one read wins.
 */
export class SpanIndex {
  private readonly otherIds = new Map<string, number>();
  private idHigh = new Uint32Array(2048);
  private idLow = new Uint32Array(2048);
  private slotOf = new Int32Array(2048).fill(EMPTY);
  private hexIds = 0;
  private count = 0;
  private files = new Uint16Array(1024);
  private places = new Float64Array(3 * 1024); // pid, tid, ts

  add(spanId: string, place: SpanPlace): void {
    if (HEX_SPAN_ID.test(spanId)) {
      const high = highHalf(spanId);
      const low = lowHalf(spanId);
      const bucket = this.bucketOf(high, low);
      if (this.slotOf[bucket] !== EMPTY) return;
      this.slotOf[bucket] = this.store(place);
      this.idHigh[bucket] = high;
      this.idLow[bucket] = low;
      // Half full at most, so that probes stay short.
      if (++this.hexIds * 2 > this.slotOf.length) this.growTable();
      return;
    }
    if (this.otherIds.has(spanId)) return;
    this.otherIds.set(spanId, this.store(place));
  }

  get(spanId: string): SpanPlace | undefined {
    let slot: number | undefined;
    if (HEX_SPAN_ID.test(spanId)) {
      slot = this.slotOf[this.bucketOf(highHalf(spanId), lowHalf(spanId))];
      if (slot === EMPTY) return undefined;
    } else {
      slot = this.otherIds.get(spanId);
      if (slot === undefined) return undefined;
    }
    const at = 3 * slot;
    return { file: this.files[slot], pid: this.places[at], tid: this.places[at + 1], ts: this.places[at + 2] };
  }

  /** The bucket that holds the id, or the empty one where it would go (linear probing). */
  private bucketOf(high: number, low: number): number {
    const mask = this.slotOf.length - 1;
    let bucket = Math.imul(low ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1) >>> 0;
    for (;;) {
      bucket &= mask;
      const slot = this.slotOf[bucket];
      if (slot === EMPTY || (this.idLow[bucket] === low && this.idHigh[bucket] === high)) return bucket;
      bucket++;
    }
  }

  private store(place: SpanPlace): number {
    const slot = this.count++;
    if (slot === this.files.length) this.growPlaces();
    this.files[slot] = place.file;
    const at = 3 * slot;
    this.places[at] = place.pid;
    this.places[at + 1] = place.tid;
    this.places[at + 2] = place.ts;
    return slot;
  }

  private growTable(): void {
    const { idHigh, idLow, slotOf } = this;
    this.idHigh = new Uint32Array(slotOf.length * 2);
    this.idLow = new Uint32Array(slotOf.length * 2);
    this.slotOf = new Int32Array(slotOf.length * 2).fill(EMPTY);
    for (let i = 0; i < slotOf.length; i++) {
      if (slotOf[i] === EMPTY) continue;
      const bucket = this.bucketOf(idHigh[i], idLow[i]);
      this.slotOf[bucket] = slotOf[i];
      this.idHigh[bucket] = idHigh[i];
      this.idLow[bucket] = idLow[i];
    }
  }

  private growPlaces(): void {
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
