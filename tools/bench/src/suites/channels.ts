// Channels: a high-rate producer/consumer through InstrumentedChannel against the plain
// BoundedChannel, in the same run with telemetry on (Chrome trace layer writing queue-depth samples,
// a real meter provider aggregating the counters). Runs alternate plain/instrumented (ABBA) so that
// machine noise hits both alike; the overhead is the median of the per-pair ratios. The ratio uses
// the process's CPU time (user + system), which time spent preempted by other processes on a shared
// machine does not inflate; wall time per message is reported beside it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BoundedChannel, InstrumentedChannel } from '@zeph/telemetry-channels';
import { initTelemetry, installMeterProvider, telemetryConfigSchema, type TelemetryHandle } from '@zeph/telemetry-core';
import { median, medianInterval95, quartiles } from '../stats.js';
import type { BenchContext, BenchRow, BenchSuite } from '../types.js';

const SUITE = 'channels';
const TARGET_OVERHEAD = 0.01;

/** Keeps the counters and histogram aggregating as they would under an exporter; never exports. */
class HeldMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

type ChannelFactory = () => BoundedChannel<number>;

interface Workload {
  label: string;
  capacity: number;
  /** CPU work per received message, in loop iterations (0: the consumer only sums). */
  consumerWork: number;
}

/** Consumer-side work that allocates nothing. */
function churn(value: number, iterations: number): number {
  let x = value | 1;
  for (let i = 0; i < iterations; i++) x = (x * 1103515245 + 12345) | 0;
  return x;
}

interface RunCost {
  cpuNs: number;
  wallNs: number;
}

/** CPU and wall nanoseconds per message for one producer and one consumer moving `messages` values. */
async function pump(create: ChannelFactory, workload: Workload, messages: number): Promise<RunCost> {
  const channel = create();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const consumer = (async () => {
    let sum = 0;
    for await (const value of channel) sum += workload.consumerWork ? churn(value, workload.consumerWork) : value;
    return sum;
  })();
  for (let i = 0; i < messages; i++) await channel.send(i);
  channel.close();
  await consumer;
  const wallNs = ((performance.now() - started) * 1e6) / messages;
  const cpu = process.cpuUsage(cpuBefore);
  const stats = channel.stats();
  if (stats.received !== messages) throw new Error(`channel delivered ${stats.received} of ${messages} messages`);
  return { cpuNs: ((cpu.user + cpu.system) * 1e3) / messages, wallNs };
}

/** `control` runs plain against plain: what the method reads when both sides are the same. */
async function compare(workload: Workload, messages: number, rounds: number, control = false): Promise<BenchRow> {
  const plain: ChannelFactory = () => new BoundedChannel<number>('metrics', { capacity: workload.capacity });
  const instrumented: ChannelFactory = control ? plain : () => new InstrumentedChannel<number>('metrics', { capacity: workload.capacity });
  // Warm both paths up so that the JIT has settled before anything is measured.
  await pump(plain, workload, messages / 4);
  await pump(instrumented, workload, messages / 4);
  const plainNs: number[] = [];
  const instrumentedNs: number[] = [];
  const plainWallNs: number[] = [];
  const instrumentedWallNs: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let plainRun: RunCost;
    let instrumentedRun: RunCost;
    if (round % 2 === 0) {
      plainRun = await pump(plain, workload, messages);
      instrumentedRun = await pump(instrumented, workload, messages);
    } else {
      instrumentedRun = await pump(instrumented, workload, messages);
      plainRun = await pump(plain, workload, messages);
    }
    plainNs.push(plainRun.cpuNs);
    instrumentedNs.push(instrumentedRun.cpuNs);
    plainWallNs.push(plainRun.wallNs);
    instrumentedWallNs.push(instrumentedRun.wallNs);
    ratios.push(instrumentedRun.cpuNs / plainRun.cpuNs);
  }
  const ratio = median(ratios);
  const overheadPercent = (ratio - 1) * 100;
  const [q1, q3] = quartiles(ratios);
  const [low, high] = medianInterval95(ratios);
  const percent = (r: number) => ((r - 1) * 100).toFixed(2);
  const confidence = `95 % interval of the median (within this process) ${percent(low)} … ${percent(high)} %; interquartile ${percent(q1)} … ${percent(q3)} % (${rounds} interleaved pairs)`;
  if (control) {
    return {
      suite: SUITE,
      case: `${workload.label}: plain vs plain (control), ${messages} messages`,
      value: overheadPercent,
      unit: '% CPU overhead',
      baseline: median(plainNs),
      ratio,
      confidence,
      note: `what the method reads when both sides are the same: its distance from 0 is its bias on this machine; median CPU ns/message ${median(plainNs).toFixed(1)} and ${median(instrumentedNs).toFixed(1)}`,
    };
  }
  return {
    suite: SUITE,
    case: `${workload.label}: instrumented vs plain, ${messages} messages`,
    value: overheadPercent,
    unit: '% CPU overhead',
    baseline: median(plainNs),
    ratio,
    target: '< 1 %',
    pass: ratio - 1 < TARGET_OVERHEAD,
    confidence,
    note: `median CPU ns/message: plain ${median(plainNs).toFixed(1)}, instrumented ${median(instrumentedNs).toFixed(1)}; wall: plain ${median(plainWallNs).toFixed(1)}, instrumented ${median(instrumentedWallNs).toFixed(1)}`,
  };
}

const suite: BenchSuite = {
  name: SUITE,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    // Many short pairs rather than a few long ones: a pair's ratio swings by ±5 % here whatever
    // its length, so the median's interval narrows with the number of pairs. The interval covers
    // this process only: the same comparison in a fresh process has read up to a point apart (what
    // the JIT makes of the hot path differs from process to process).
    const messages = ctx.quick ? 5_000 : 20_000;
    const rounds = ctx.quick ? 20 : 300;
    const dir = mkdtempSync(join(tmpdir(), 'zeph-bench-channels-'));
    let telemetry: TelemetryHandle | undefined;
    try {
      telemetry = await initTelemetry({
        config: telemetryConfigSchema.parse({ trace_dir: dir }),
        logFile: false,
        handleSignals: false,
      });
      installMeterProvider(new MeterProvider({ readers: [new HeldMetricReader()] }));
      const workloads: Workload[] = [
        { label: 'consumer keeps up (capacity 1024)', capacity: 1024, consumerWork: 0 },
        { label: 'backpressure (capacity 16, consumer does ~0.2 µs of work)', capacity: 16, consumerWork: 200 },
      ];
      const rows: BenchRow[] = [];
      for (const workload of workloads) {
        rows.push(await compare(workload, messages, rounds));
        rows.push(await compare(workload, messages, rounds, true));
      }
      return rows;
    } finally {
      installMeterProvider(undefined);
      await telemetry?.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default suite;
