import { createWriteStream } from 'node:fs';
import { streamTraceEvents } from './event-stream.js';
import type { TraceEvent } from './trace-event.js';

export interface MergeResult {
  events: number;
  /** Offset in µs added to each input's timestamps. */
  offsets: number[];
  /** pid remappings applied when two inputs used the same pid. */
  remappedPids: Array<{ file: string; from: number; to: number }>;
}

// Our writer stamps events in µs since the Unix epoch, so traces of different processes already
// share a clock. Traces on a relative clock (e.g. process start) are shifted so that each one starts
// where the earliest epoch-based input starts.
const EPOCH_THRESHOLD_US = 1e15;

async function firstTimestamp(file: string): Promise<{ min: number; pids: Set<number> }> {
  let min = Number.POSITIVE_INFINITY;
  const pids = new Set<number>();
  await streamTraceEvents(file, (e) => {
    if (typeof e.ts === 'number' && e.ph !== 'M' && e.ts < min) min = e.ts;
    if (typeof e.pid === 'number') pids.add(e.pid);
  });
  return { min, pids };
}

export async function mergeTraces(files: string[], outFile: string): Promise<MergeResult> {
  const infos = [];
  for (const file of files) infos.push(await firstTimestamp(file));
  const epochStarts = infos.map((i) => i.min).filter((m) => m >= EPOCH_THRESHOLD_US);
  const anchor = epochStarts.length > 0 ? Math.min(...epochStarts) : Math.min(...infos.map((i) => i.min));
  const offsets = infos.map((i) => (i.min >= EPOCH_THRESHOLD_US || !Number.isFinite(i.min) ? 0 : anchor - i.min));

  const usedPids = new Set<number>();
  const remappedPids: MergeResult['remappedPids'] = [];
  const pidMaps = infos.map((info, fileIndex) => {
    const map = new Map<number, number>();
    for (const pid of info.pids) {
      let target = pid;
      while (usedPids.has(target)) target += 100_000;
      if (target !== pid) remappedPids.push({ file: files[fileIndex], from: pid, to: target });
      map.set(pid, target);
    }
    for (const target of map.values()) usedPids.add(target);
    return map;
  });

  const out = createWriteStream(outFile);
  let count = 0;
  const write = (event: TraceEvent) => {
    const ok = out.write(`${count === 0 ? '[\n' : ',\n'}${JSON.stringify(event)}`);
    count++;
    return ok;
  };
  for (let f = 0; f < files.length; f++) {
    const pending: TraceEvent[] = [];
    await streamTraceEvents(files[f], (e) => {
      const copy: TraceEvent = { ...e };
      if (typeof copy.pid === 'number') copy.pid = pidMaps[f].get(copy.pid) ?? copy.pid;
      if (typeof copy.ts === 'number' && copy.ph !== 'M') copy.ts = copy.ts + offsets[f];
      pending.push(copy);
      if (pending.length >= 1000) for (const ev of pending.splice(0)) write(ev);
    });
    for (const ev of pending) write(ev);
  }
  await new Promise<void>((resolve, reject) => {
    out.on('error', reject);
    out.end(count === 0 ? '[]\n' : '\n]\n', () => resolve());
  });
  return { events: count, offsets, remappedPids };
}
