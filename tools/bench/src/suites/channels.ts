// Channels: a high-rate producer/consumer through InstrumentedChannel against the plain
// BoundedChannel, measured in several fresh processes (see channels/measure-channels.ts for one
// process's share). What the JIT makes of the hot path differs from process to process, and the
// same comparison has read a point apart in two processes: the headline figure is the median of
// the processes' medians, and each process's median is listed beside it.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ComparisonRuns, MeasureRequest } from '../channels/measure-channels.js';
import { median, medianInterval95, quartiles } from '../stats.js';
import type { BenchContext, BenchRow, BenchSuite } from '../types.js';

const SUITE = 'channels';
const TARGET_OVERHEAD = 0.01;
const run = promisify(execFile);
const BENCH_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHILD_ENTRY = fileURLToPath(new URL('../channels/channels-child.ts', import.meta.url));

/** Runs one measuring process (plain Node with the profiling build's conditions and tsx). */
async function measureInFreshProcess(request: MeasureRequest): Promise<ComparisonRuns[]> {
  const args = ['--conditions=zeph-profiling', '--conditions=zeph-otel', '--import', 'tsx', CHILD_ENTRY, JSON.stringify(request)];
  const { stdout } = await run(process.execPath, args, { cwd: BENCH_ROOT, maxBuffer: 64 << 20, timeout: 10 * 60_000 });
  const last = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as ComparisonRuns[];
  } catch {
    throw new Error(`channels measuring process printed no results; its last line was: ${last.slice(0, 200)}`);
  }
}

const percent = (ratio: number) => ((ratio - 1) * 100).toFixed(2);

/** One row from the same comparison in every process. */
export function comparisonRow(perProcess: ComparisonRuns[], messages: number): BenchRow {
  const { workload, control } = perProcess[0];
  const processMedians = perProcess.map((runs) => median(runs.ratios));
  const ratio = median(processMedians);
  const pooled = perProcess.flatMap((runs) => runs.ratios);
  const [low, high] = medianInterval95(pooled);
  const [q1, q3] = quartiles(pooled);
  const plainNs = median(perProcess.flatMap((runs) => runs.plainCpuNs));
  const otherNs = median(perProcess.flatMap((runs) => runs.otherCpuNs));
  const confidence =
    `median of ${perProcess.length} processes' medians; each process: ${processMedians.map(percent).join(', ')} %; ` +
    `pooled 95 % interval of the median ${percent(low)} … ${percent(high)} %, interquartile ${percent(q1)} … ${percent(q3)} % ` +
    `(${pooled.length} interleaved pairs)`;
  const common = { suite: SUITE, value: (ratio - 1) * 100, unit: '% CPU overhead', baseline: plainNs, ratio, confidence };
  if (control) {
    return {
      ...common,
      case: `${workload}: plain vs plain (control), ${messages} messages`,
      note: `what the method reads when both sides are the same: its distance from 0 is its bias on this machine; median CPU ns/message ${plainNs.toFixed(1)} and ${otherNs.toFixed(1)}`,
    };
  }
  const plainWall = median(perProcess.flatMap((runs) => runs.plainWallNs));
  const otherWall = median(perProcess.flatMap((runs) => runs.otherWallNs));
  return {
    ...common,
    case: `${workload}: instrumented vs plain, ${messages} messages`,
    target: '< 1 %',
    pass: ratio - 1 < TARGET_OVERHEAD,
    note: `median CPU ns/message: plain ${plainNs.toFixed(1)}, instrumented ${otherNs.toFixed(1)}; wall: plain ${plainWall.toFixed(1)}, instrumented ${otherWall.toFixed(1)}`,
  };
}

const suite: BenchSuite = {
  name: SUITE,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    // Many short pairs rather than a few long ones: a pair's ratio swings by ±5 % here whatever its
    // length, so the median's interval narrows with the number of pairs. Processes run one after
    // another, never side by side, so that they do not share the machine's two cores.
    const request: MeasureRequest = { messages: ctx.quick ? 5_000 : 20_000, rounds: ctx.quick ? 10 : 60 };
    const processes = ctx.quick ? 2 : 5;
    const results: ComparisonRuns[][] = [];
    for (let i = 0; i < processes; i++) results.push(await measureInFreshProcess(request));
    return results[0].map((_, comparison) => comparisonRow(results.map((perProcess) => perProcess[comparison]), request.messages));
  },
};

export default suite;
