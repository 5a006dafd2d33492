// Chrome trace writer: how many events per second it streams to a real file, what one append costs
// the caller, and how much it delays the event loop while writing, each against a baseline taken
// in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { ChromeTraceWriter } from '@zeph/telemetry-core/chrome-trace';
import type { BenchContext, BenchRow, BenchSuite } from '../types.js';

const SUITE = 'chrome-writer';
const quietLog = { debug() {}, info() {}, warn() {}, error() {} };

function spanEvent(i: number): object {
  return {
    name: 'llm.chat',
    cat: 'llm',
    ph: 'X',
    ts: 1_764_000_000_000_000 + i * 10,
    dur: 7,
    pid: 4242,
    tid: (i % 4) + 1,
    args: { 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': i % 900, trace_id: '0af7651916cd43dd8448eb211c80319c', span_id: 'b7ad6b7169203331' },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function spread(values: number[]): string {
  const m = median(values);
  const dev = Math.max(...values.map((v) => Math.abs(v - m)));
  return `±${((dev / m) * 100).toFixed(1)} % (${values.length} runs)`;
}

/** Events per second from first append to the closing bracket on disk, appending in bursts. */
async function writerThroughput(dir: string, events: number, run: number): Promise<number> {
  const writer = new ChromeTraceWriter({ filePath: join(dir, `throughput-${run}.json`), log: quietLog, maxBufferedEvents: 1 << 20 });
  await writer.open();
  const start = performance.now();
  for (let i = 0; i < events; i++) {
    writer.append(spanEvent(i));
    if (i % 2000 === 1999) await yieldToLoop();
  }
  await writer.close();
  const seconds = (performance.now() - start) / 1000;
  if (writer.stats().dropped > 0) throw new Error(`writer dropped ${writer.stats().dropped} events during the benchmark`);
  return events / seconds;
}

/** The same events serialised into memory only: the ceiling a writer could reach. */
async function serialiseOnlyThroughput(events: number): Promise<number> {
  const start = performance.now();
  let bytes = 0;
  for (let i = 0; i < events; i++) {
    bytes += JSON.stringify(spanEvent(i)).length;
    if (i % 2000 === 1999) await yieldToLoop();
  }
  if (bytes === 0) throw new Error('nothing serialised');
  return events / ((performance.now() - start) / 1000);
}

/** Nanoseconds one append costs the caller (the span path), against pushing onto an array. */
function appendCost(dir: string, events: number, rounds: number): { append: number; push: number } {
  const prepared = Array.from({ length: events }, (_, i) => spanEvent(i));
  const appendNs: number[] = [];
  const pushNs: number[] = [];
  // Alternating rounds; the first ones warm both loops up, the median is reported.
  for (let round = 0; round < rounds; round++) {
    const writer = new ChromeTraceWriter({ filePath: join(dir, `append-${round}.json`), log: quietLog, maxBufferedEvents: events + 1 });
    let start = performance.now();
    for (const event of prepared) writer.append(event);
    appendNs.push(((performance.now() - start) * 1e6) / events);
    const array: object[] = [];
    start = performance.now();
    for (const event of prepared) array.push(event);
    pushNs.push(((performance.now() - start) * 1e6) / events);
    void writer.close();
  }
  return { append: median(appendNs.slice(1)), push: Math.max(median(pushNs.slice(1)), 0.1) };
}

/** Event-loop delay p99 (ms) while a paced producer emits events into `sink` for `ms`. */
async function loopDelayWhile(ms: number, sink: (event: object) => void): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const end = performance.now() + ms;
  let i = 0;
  while (performance.now() < end) {
    // About 100 events per millisecond: a busy agent, far above a real turn's span rate.
    for (let k = 0; k < 100; k++) sink(spanEvent(i++));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  histogram.disable();
  return histogram.percentile(99) / 1e6;
}

const suite: BenchSuite = {
  name: SUITE,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const dir = mkdtempSync(join(tmpdir(), 'zeph-bench-chrome-'));
    try {
      const runs = ctx.quick ? 2 : 5;
      const events = ctx.quick ? 20_000 : 200_000;
      const windowMs = ctx.quick ? 200 : 1500;
      const written: number[] = [];
      const serialised: number[] = [];
      const idleDelay: number[] = [];
      const writingDelay: number[] = [];
      for (let run = 0; run < runs; run++) {
        serialised.push(await serialiseOnlyThroughput(events));
        written.push(await writerThroughput(dir, events, run));
        let counted = 0;
        idleDelay.push(await loopDelayWhile(windowMs, () => void counted++));
        const writer = new ChromeTraceWriter({ filePath: join(dir, `delay-${run}.json`), log: quietLog });
        await writer.open();
        writingDelay.push(await loopDelayWhile(windowMs, (event) => writer.append(event)));
        await writer.close();
      }
      const cost = appendCost(dir, events, ctx.quick ? 4 : 9);
      const writtenRate = median(written);
      const serialisedRate = median(serialised);
      const idleP99 = median(idleDelay);
      const writingP99 = median(writingDelay);
      return [
        {
          suite: SUITE,
          case: `throughput to a file, ${events} X events`,
          value: Math.round(writtenRate),
          unit: 'events/s',
          baseline: Math.round(serialisedRate),
          ratio: writtenRate / serialisedRate,
          target: '≥ 0.5 of serialise-only',
          pass: writtenRate / serialisedRate >= 0.5,
          confidence: spread(written),
          note: 'baseline: the same events JSON-serialised into memory, same bursts',
        },
        {
          suite: SUITE,
          case: 'append() cost on the span path',
          value: cost.append,
          unit: 'ns/event',
          baseline: cost.push,
          ratio: cost.append / cost.push,
          target: '≤ 5× array push',
          pass: cost.append <= cost.push * 5,
          note: 'baseline: Array.prototype.push of the same object',
        },
        {
          suite: SUITE,
          case: 'event-loop delay p99 while writing ~100k events/s',
          value: writingP99,
          unit: 'ms',
          baseline: idleP99,
          ratio: writingP99 / idleP99,
          target: '≤ 2× idle + 2 ms',
          pass: writingP99 <= idleP99 * 2 + 2,
          confidence: spread(writingDelay),
          note: 'baseline: same paced producer, events counted and discarded',
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default suite;
