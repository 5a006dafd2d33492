import { readChromeTrace } from '@zeph/telemetry-core/chrome-trace';

export interface SpanSummaryRow {
  name: string;
  count: number;
  totalMs: number;
  p95Ms: number;
}

function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return 0;
  const rank = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil(p * sortedMs.length) - 1));
  return sortedMs[rank];
}

/** Per span name: count, total and p95 duration, from the complete (X) events of a Chrome trace file. */
export async function summariseTraceFile(path: string): Promise<SpanSummaryRow[]> {
  const trace = await readChromeTrace(path);
  const durations = new Map<string, number[]>();
  for (const event of trace.events) {
    if (event.ph !== 'X' || typeof event.dur !== 'number') continue;
    let list = durations.get(event.name);
    if (!list) durations.set(event.name, (list = []));
    list.push(event.dur / 1000);
  }
  return [...durations.entries()]
    .map(([name, ms]) => {
      ms.sort((a, b) => a - b);
      return { name, count: ms.length, totalMs: ms.reduce((a, b) => a + b, 0), p95Ms: percentile(ms, 0.95) };
    })
    .sort((a, b) => b.totalMs - a.totalMs || a.name.localeCompare(b.name));
}

export function formatSpanSummary(rows: readonly SpanSummaryRow[]): string {
  const width = Math.max(4, ...rows.map((r) => r.name.length));
  const head = `${'span'.padEnd(width)}  ${'count'.padStart(6)}  ${'total ms'.padStart(10)}  ${'p95 ms'.padStart(9)}`;
  const lines = rows.map(
    (r) => `${r.name.padEnd(width)}  ${String(r.count).padStart(6)}  ${r.totalMs.toFixed(2).padStart(10)}  ${r.p95Ms.toFixed(2).padStart(9)}`,
  );
  return [head, ...lines].join('\n');
}
