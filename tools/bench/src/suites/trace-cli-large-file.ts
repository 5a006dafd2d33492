import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { criticalPath, summarizeTrace } from '@zeph/trace-cli';
import type { BenchSuite } from '../types.js';

// zeph-trace must stream files larger than memory would like. This writes a trace of 1 GiB (16 MiB
// in quick mode) in the writer's format, then summarises it and follows its turns' critical paths,
// recording each pass's throughput and how much the process grew compared to the file size.
async function writeLargeTrace(file: string, targetBytes: number): Promise<number> {
  const out = createWriteStream(file);
  out.write('[\n{"name":"process_name","ph":"M","pid":1,"tid":0,"args":{"name":"bench"}}');
  let written = 0;
  let events = 0;
  let ts = 1_764_000_000_000_000;
  const names = ['llm.chat', 'memory.recall', 'tool.execute_call', 'context.assembly'];
  let id = 0;
  // Ids as our writer records them: every span unique, children before their turn, one trace per turn.
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  while (written < targetBytes) {
    let chunk = '';
    for (let i = 0; i < 1000; i++) {
      const trace = hex(++id, 32);
      const turnId = hex(id, 16);
      const childId = hex(++id, 16);
      const line = `,\n{"name":"${names[i % 4]}","cat":"${names[i % 4].split('.')[0]}","ph":"X","ts":${ts + 10},"dur":500,"pid":1,"tid":2,"args":{"trace_id":"${trace}","span_id":"${childId}","parent_span_id":"${turnId}","alloc.bytes":${i * 16}}}`;
      chunk += `${line},\n{"name":"agent.turn","cat":"agent","ph":"X","ts":${ts},"dur":1000,"pid":1,"tid":1,"args":{"trace_id":"${trace}","span_id":"${turnId}"}}`;
      ts += 2000;
      events += 2;
    }
    written += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end('\n]\n');
  await once(out, 'finish');
  return events;
}

/** Runs one pass over the file; returns its result, seconds, and peak RSS growth over the file size. */
async function measurePass<R>(bytes: number, pass: () => Promise<R>): Promise<{ result: R; seconds: number; growthRatio: number }> {
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const started = performance.now();
  try {
    const result = await pass();
    const seconds = (performance.now() - started) / 1000;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    return { result, seconds, growthRatio: (peakRss - rssBefore) / bytes };
  } finally {
    clearInterval(sampler);
  }
}

const suite: BenchSuite = {
  name: 'trace-cli',
  async run({ quick }) {
    const dir = mkdtempSync(join(tmpdir(), 'zeph-bench-trace-'));
    const file = join(dir, 'large.json');
    try {
      const events = await writeLargeTrace(file, quick ? 16 << 20 : 1 << 30);
      const bytes = statSync(file).size;
      const { result: summary, seconds, growthRatio } = await measurePass(bytes, () => summarizeTrace(file));
      const path = await measurePass(bytes, () => criticalPath(file));
      const counted = summary.spans.reduce((sum, s) => sum + s.count, 0);
      const turn = summary.spans.find((s) => s.name === 'agent.turn');
      return [
        { suite: 'trace-cli', case: `summary of a ${(bytes / (1 << 20)).toFixed(0)} MiB trace`, value: bytes / (1 << 20) / seconds, unit: 'MiB/s', note: `${counted} of ${events} spans; agent.turn self ${turn?.selfMs.toFixed(0)} ms of ${turn?.totalMs.toFixed(0)} ms` },
        {
          suite: 'trace-cli',
          case: 'peak RSS growth / file size',
          value: growthRatio * 100,
          unit: '%',
          // In quick mode fixed costs dominate a 16 MiB file; the bound is meant for the 1 GiB run.
          target: quick ? undefined : '< 50 % (streamed, not loaded whole)',
          pass: quick ? undefined : growthRatio < 0.5 && counted === events,
        },
        {
          suite: 'trace-cli',
          case: `critical path of a ${(bytes / (1 << 20)).toFixed(0)} MiB trace`,
          value: bytes / (1 << 20) / path.seconds,
          unit: 'MiB/s',
          note: `${path.result.turnCount} turns; peak RSS growth ${(path.growthRatio * 100).toFixed(1)} % of the file`,
          target: quick ? undefined : 'peak RSS growth < 50 % of the file',
          pass: quick ? undefined : path.growthRatio < 0.5 && path.result.turnCount === events / 2,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default suite;
