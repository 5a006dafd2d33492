// Runs in a child process of plain Node (bundled by the demo-turn suite): loads the workload
// bundles and measures everything, printing one JSON object. A separate process keeps the
// benchmark runner's TypeScript loader and other suites' state out of the measured code.
import { measureCallCost, type CallCost } from './call-cost.js';
import { measureSpanCost, spanCostSetups, type SpanCost } from './span-cost.js';
import { measureTurns, type TurnTimes } from './turn-timing.js';
import type { WorkloadModule } from './workload-bundles.js';

export interface MeasureRequest {
  noneBundle: string;
  profilingBundle: string;
  appRoot: string;
  workDir: string;
  quick: boolean;
}

export interface MeasureResult {
  identity: { identical: boolean; profilingBuiltInNone: boolean };
  callCost: CallCost;
  turns: TurnTimes;
  spanCost: { local: SpanCost; sameExporter: SpanCost; batch: number; runs: number };
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '') as MeasureRequest;
  const none = (await import(request.noneBundle)) as WorkloadModule;
  const profiling = (await import(request.profilingBundle)) as WorkloadModule;
  const fn = (x: number) => x + 1;
  const identity = { identical: none.instrument('bench.identity', fn) === fn, profilingBuiltInNone: none.PROFILING_BUILT };
  // The profiling bundle before any initTelemetry is exactly "built with profiling, enabled=false".
  const callCost = measureCallCost(profiling.instrument, request.quick ? 2_000_000 : 20_000_000, request.quick ? 3 : 9);
  const turns = await measureTurns(none, profiling, {
    appRoot: request.appRoot,
    workDir: request.workDir,
    // Many short rounds: a load spike on the shared machine then spoils one ratio, not the median.
    rounds: request.quick ? 3 : 21,
    turnsPerRun: request.quick ? 3 : 6,
  });
  const spanOptions = { batch: request.quick ? 1_000 : 2_000, runs: request.quick ? 4 : 40 };
  const setups = spanCostSetups(profiling, request.workDir);
  const local = await measureSpanCost(profiling, setups.local, spanOptions);
  const sameExporter = await measureSpanCost(profiling, setups.sameExporter, spanOptions);
  const result: MeasureResult = { identity, callCost, turns, spanCost: { local, sameExporter, ...spanOptions } };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`demo-turn measurement failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
