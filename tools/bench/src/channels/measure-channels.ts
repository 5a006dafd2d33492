// One process's share of the channels suite: a high-rate producer/consumer through
// InstrumentedChannel against the plain BoundedChannel, with telemetry on (Chrome trace layer
// writing queue-depth samples, a real meter provider aggregating the counters). Runs alternate
// plain/instrumented (ABBA) so that machine noise hits both alike. Each run uses the process's CPU
// time (user + system), which time spent preempted by other processes does not inflate.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BoundedChannel, InstrumentedChannel } from '@zeph/telemetry-channels';
import { initTelemetry, installMeterProvider, telemetryConfigSchema, type TelemetryHandle } from '@zeph/telemetry-core';

/** Keeps the counters and histogram aggregating as they would under an exporter; never exports. */
class HeldMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

export interface Workload {
  label: string;
  capacity: number;
  /** CPU work per received message, in loop iterations (0: the consumer only sums). */
  consumerWork: number;
}

export const WORKLOADS: readonly Workload[] = [
  { label: 'consumer keeps up (capacity 1024)', capacity: 1024, consumerWork: 0 },
  { label: 'backpressure (capacity 16, consumer does ~0.2 µs of work)', capacity: 16, consumerWork: 200 },
];

export interface MeasureRequest {
  messages: number;
  rounds: number;
}

/** Per-run figures of one comparison in one process, in run order. */
export interface ComparisonRuns {
  workload: string;
  /** Plain against plain: what the method reads when both sides are the same. */
  control: boolean;
  /** CPU ns per message of the instrumented (or second plain) side over the plain side, per pair. */
  ratios: number[];
  plainCpuNs: number[];
  otherCpuNs: number[];
  plainWallNs: number[];
  otherWallNs: number[];
}

type ChannelFactory = () => BoundedChannel<number>;

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

async function compare(workload: Workload, { messages, rounds }: MeasureRequest, control: boolean): Promise<ComparisonRuns> {
  const plain: ChannelFactory = () => new BoundedChannel<number>('metrics', { capacity: workload.capacity });
  const other: ChannelFactory = control ? plain : () => new InstrumentedChannel<number>('metrics', { capacity: workload.capacity });
  // Warm both paths up so that the JIT has settled before anything is measured.
  await pump(plain, workload, messages / 4);
  await pump(other, workload, messages / 4);
  const runs: ComparisonRuns = { workload: workload.label, control, ratios: [], plainCpuNs: [], otherCpuNs: [], plainWallNs: [], otherWallNs: [] };
  for (let round = 0; round < rounds; round++) {
    let plainRun: RunCost;
    let otherRun: RunCost;
    if (round % 2 === 0) {
      plainRun = await pump(plain, workload, messages);
      otherRun = await pump(other, workload, messages);
    } else {
      otherRun = await pump(other, workload, messages);
      plainRun = await pump(plain, workload, messages);
    }
    runs.ratios.push(otherRun.cpuNs / plainRun.cpuNs);
    runs.plainCpuNs.push(plainRun.cpuNs);
    runs.otherCpuNs.push(otherRun.cpuNs);
    runs.plainWallNs.push(plainRun.wallNs);
    runs.otherWallNs.push(otherRun.wallNs);
  }
  return runs;
}

/** Every workload, instrumented against plain and plain against plain, in this process. */
export async function measureChannels(request: MeasureRequest): Promise<ComparisonRuns[]> {
  const dir = mkdtempSync(join(tmpdir(), 'zeph-bench-channels-'));
  let telemetry: TelemetryHandle | undefined;
  try {
    telemetry = await initTelemetry({
      config: telemetryConfigSchema.parse({ trace_dir: dir }),
      logFile: false,
      handleSignals: false,
    });
    installMeterProvider(new MeterProvider({ readers: [new HeldMetricReader()] }));
    const results: ComparisonRuns[] = [];
    for (const workload of WORKLOADS) {
      results.push(await compare(workload, request, false));
      results.push(await compare(workload, request, true));
    }
    return results;
  } finally {
    installMeterProvider(undefined);
    await telemetry?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}
