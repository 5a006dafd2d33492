// The demo turn under (a) no profiling, (b) profiling built but off, (c) local tier, in interleaved
// rounds (rotating order) so that machine noise hits all three alike.
import { join } from 'node:path';
import { insideAsyncLocalStorage } from './inside-async-local-storage.js';
import type { WorkloadModule } from './workload-bundles.js';

export interface TurnTimes {
  /** Milliseconds per turn, one entry per round. */
  a: number[];
  b: number[];
  c: number[];
  /** (a) run inside an enabled AsyncLocalStorage: the context-tracking share of (c), no spans. */
  contextOnly: number[];
  turnsPerRun: number;
  traceFiles: number;
}

export async function measureTurns(
  none: WorkloadModule,
  profiling: WorkloadModule,
  options: { appRoot: string; workDir: string; rounds: number; turnsPerRun: number },
): Promise<TurnTimes> {
  const { turnsPerRun } = options;
  const a = await none.startDemoTurnWorkload({ appRoot: options.appRoot, workDir: join(options.workDir, 'a') });
  const b = await profiling.startDemoTurnWorkload({ appRoot: options.appRoot, workDir: join(options.workDir, 'b') });
  const c = await profiling.startDemoTurnWorkload({ appRoot: options.appRoot, workDir: join(options.workDir, 'c') });
  try {
    const runners = {
      a: () => a.runTurns(turnsPerRun),
      b: () => b.runTurns(turnsPerRun),
      c: () => c.runTurns(turnsPerRun, { trace: true }),
      contextOnly: () => insideAsyncLocalStorage(() => a.runTurns(turnsPerRun)),
    };
    // Warm-up: JIT, SQLite page cache, seeded memory.
    for (let w = 0; w < 2; w++) for (const run of Object.values(runners)) await run();
    const times: TurnTimes = { a: [], b: [], c: [], contextOnly: [], turnsPerRun, traceFiles: 0 };
    const orders = [
      ['a', 'b', 'c', 'contextOnly'],
      ['c', 'contextOnly', 'a', 'b'],
      ['b', 'a', 'contextOnly', 'c'],
      ['contextOnly', 'c', 'b', 'a'],
    ] as const;
    for (let r = 0; r < options.rounds; r++) {
      for (const key of orders[r % orders.length]) times[key].push((await runners[key]()) / turnsPerRun);
    }
    times.traceFiles = c.traceFiles.length;
    return times;
  } finally {
    await a.close();
    await b.close();
    await c.close();
  }
}
