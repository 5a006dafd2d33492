import { streamTraceEvents } from './event-stream.js';
import { FlowCollector } from './merge-flows.js';
import { argsOf, placeOf, SpanIndex } from './merge-span-index.js';
import { TraceArrayWriter } from './trace-array-writer.js';
import type { TraceEvent } from './trace-event.js';

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

interface InputScan {
  /** Earliest timestamp of a non-metadata event. */
  min: number;
  pids: Set<number>;
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
