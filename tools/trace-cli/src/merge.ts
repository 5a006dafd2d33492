import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { streamTraceEvents } from './event-stream.js';
import { TraceFileError, type TraceEvent } from './trace-event.js';

export interface MergeResult {
  /** Events copied from the inputs (flow events not included). */
  events: number;
  /** Flow arrows (s/f event pairs) appended after the copied events, those of `linkFlows` included. */
  flows: number;
  /** Of `flows`, the arrows drawn for span links (`args.links`); the rest join a parent to its child in another input. */
  linkFlows: number;
  /** Offset in µs added to each input's timestamps. */
  offsets: number[];
  /** pid remappings applied when two inputs used the same pid. */
  remappedPids: Array<{ file: string; from: number; to: number }>;
}

// Our writer stamps events in µs since the Unix epoch, so traces of different processes already
// share a clock. Traces on a relative clock (e.g. process start) are shifted so that each one starts
// where the earliest epoch-based input starts.
const EPOCH_THRESHOLD_US = 1e15;

/** Where a span's slice lies in its input, before pid remapping and clock offset (known only after all first passes). */
interface SpanPlace {
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
class SpanIndex {
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

interface InputScan {
  /** Earliest timestamp of a non-metadata event. */
  min: number;
  pids: Set<number>;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function argsOf(e: TraceEvent): Record<string, unknown> | undefined {
  return e.args !== null && typeof e.args === 'object' ? (e.args as Record<string, unknown>) : undefined;
}

/** The slice of a complete event, or undefined when it is not one that an arrow can be anchored at. */
function placeOf(e: TraceEvent, file: number): SpanPlace | undefined {
  if (e.ph !== 'X' || !isNumber(e.pid) || !isNumber(e.tid) || !isNumber(e.ts)) return undefined;
  return { file, pid: e.pid, tid: e.tid, ts: e.ts };
}

/** First pass over one input: its clock start and pids, and its spans into the index. */
async function scanInput(file: string, fileIndex: number, spans: SpanIndex): Promise<InputScan> {
  let min = Number.POSITIVE_INFINITY;
  const pids = new Set<number>();
  await streamTraceEvents(file, (e) => {
    if (typeof e.ts === 'number' && e.ph !== 'M' && e.ts < min) min = e.ts;
    if (typeof e.pid === 'number') pids.add(e.pid);
    const spanId = argsOf(e)?.span_id;
    if (typeof spanId !== 'string') return;
    const place = placeOf(e, fileIndex);
    if (place) spans.add(spanId, place);
  });
  return { min, pids };
}

/**
 * Gives each input's pids new numbers where an earlier input already used them, so that processes
 * stay apart in the merged view.
 */
function remapPids(files: string[], scans: InputScan[], remappedPids: MergeResult['remappedPids']): Array<Map<number, number>> {
  const usedPids = new Set<number>();
  return scans.map((scan, fileIndex) => {
    const map = new Map<number, number>();
    for (const pid of scan.pids) {
      let target = pid;
      while (usedPids.has(target)) target += 100_000;
      if (target !== pid) remappedPids.push({ file: files[fileIndex], from: pid, to: target });
      map.set(pid, target);
    }
    for (const target of map.values()) usedPids.add(target);
    return map;
  });
}

function clockOffsets(scans: InputScan[]): number[] {
  const epochStarts = scans.map((s) => s.min).filter((m) => m >= EPOCH_THRESHOLD_US);
  const anchor = epochStarts.length > 0 ? Math.min(...epochStarts) : Math.min(...scans.map((s) => s.min));
  return scans.map((s) => (s.min >= EPOCH_THRESHOLD_US || !Number.isFinite(s.min) ? 0 : anchor - s.min));
}

/**
 * Appends events to the output file as a JSON array. Writes never block; the caller awaits
 * `drained()` between input chunks so that at most about one chunk waits in memory, whatever the
 * size of the merge. A write error (missing folder, full disk) is kept and thrown, naming the file,
 * from the next write, `drained()` or `close()`, so the merge stops instead of waiting for a 'drain'
 * that never comes.
 */
class TraceArrayWriter {
  private readonly out: WriteStream;
  private error: Error | undefined;
  count = 0;

  constructor(private readonly file: string) {
    this.out = createWriteStream(file);
    this.out.on('error', (error) => {
      this.error ??= error;
    });
  }

  /** False when the stream's buffer is full: the caller should await `drained()`. */
  write(event: TraceEvent): boolean {
    this.throwIfFailed();
    return this.out.write(`${this.count++ === 0 ? '[\n' : ',\n'}${JSON.stringify(event)}`);
  }

  async drained(): Promise<void> {
    this.throwIfFailed();
    if (!this.out.writableNeedDrain) return;
    try {
      await once(this.out, 'drain'); // rejects when 'error' comes first
    } catch (error) {
      this.throwIfFailed();
      throw error;
    }
  }

  async close(): Promise<void> {
    this.throwIfFailed();
    this.out.end(this.count === 0 ? '[]\n' : '\n]\n');
    try {
      await finished(this.out);
    } catch (error) {
      this.throwIfFailed();
      throw error;
    }
  }

  /** Releases the file after a failure elsewhere (e.g. a bad input); what was written stays. */
  abort(): void {
    this.out.destroy();
  }

  private throwIfFailed(): void {
    if (!this.error) return;
    throw new TraceFileError(this.file, `cannot write: ${this.error.message}`);
  }
}

type FlowKind = 'trace context' | 'link';

/**
 * Collects the flow arrows of the merge: trace-event flow v1, an 's' inside the source slice and an
 * 'f' with bp "e" that binds to the slice enclosing its ts (the target slice, from its start).
 * Places are given as in their input; pids and timestamps are translated here. The events wait in
 * memory until the data events are written: one pair per cross-process call or link, few next to
 * the spans.
 */
class FlowCollector {
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

/**
 * Merges the traces of several processes into one file: pids kept apart, clocks aligned, and a flow
 * arrow from each span to its child in another process (W3C context across a process boundary) and
 * from each linked span to the span linking it. Inputs are streamed twice (index, then copy) and
 * the output is written with backpressure, so memory stays bounded apart from the span index.
 */
export async function mergeTraces(files: string[], outFile: string): Promise<MergeResult> {
  const spans = new SpanIndex();
  const scans: InputScan[] = [];
  for (let f = 0; f < files.length; f++) scans.push(await scanInput(files[f], f, spans));
  const offsets = clockOffsets(scans);
  const remappedPids: MergeResult['remappedPids'] = [];
  const pidMaps = remapPids(files, scans, remappedPids);
  const flows = new FlowCollector(pidMaps, offsets);

  const writer = new TraceArrayWriter(outFile);
  try {
    for (let f = 0; f < files.length; f++) {
      await streamTraceEvents(
        files[f],
        (e) => {
          flows.addFor(e, f, spans);
          const copy: TraceEvent = { ...e };
          if (typeof copy.pid === 'number') copy.pid = pidMaps[f].get(copy.pid) ?? copy.pid;
          if (typeof copy.ts === 'number' && copy.ph !== 'M') copy.ts = copy.ts + offsets[f];
          writer.write(copy);
        },
        { afterChunk: () => writer.drained() },
      );
    }
    const events = writer.count;
    // After the data events, so every slice an arrow binds to is already declared.
    for (const flow of flows.events) if (!writer.write(flow)) await writer.drained();
    await writer.close();
    return { events, flows: flows.flows, linkFlows: flows.linkFlows, offsets, remappedPids };
  } catch (error) {
    writer.abort();
    throw error;
  }
}
