// The demo turn as a benchmark workload: model server, memory, tools and the turn loop in process,
// without output. tools/bench bundles this file once per build profile and imports each bundle, so
// the span API it re-exports is the one of that build.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { initTelemetry, instrument, PROFILING_BUILT, telemetryConfigSchema, withSpan, type TelemetryHandle } from '@zeph/telemetry-core';
import { openDemoAgent, type DemoAgent } from '../agent/demo-agent.js';
import { SCRIPTED_TURNS } from '../agent/scripted-turns.js';
import { demoAppPaths } from '../app-paths.js';

export { instrument, withSpan, initTelemetry, telemetryConfigSchema, PROFILING_BUILT };

export interface DemoTurnWorkloadOptions {
  /** The demo app folder (skills, policy): a bundle outside it cannot find it by itself. */
  appRoot: string;
  /** Scratch folder for memory, workspace and traces. */
  workDir: string;
}

export interface DemoTurnWorkload {
  /**
   * Runs one untimed and then n timed scripted turns; returns the milliseconds of the n. With `trace`
   * the local tier (Chrome trace into workDir/traces) is started before and shut down after.
   */
  runTurns(n: number, options?: { trace?: boolean }): Promise<number>;
  /** Trace files written so far. */
  readonly traceFiles: readonly string[];
  close(): Promise<void>;
}

// The first three scripted turns: memory recall with a skill, a tool call, and a turn whose tool
// is unavailable without the MCP child (kept out: a second process would add its own noise).
const TURNS = SCRIPTED_TURNS.slice(0, 3).map((t) => t.message);

export async function startDemoTurnWorkload(options: DemoTurnWorkloadOptions): Promise<DemoTurnWorkload> {
  mkdirSync(options.workDir, { recursive: true });
  const traceDir = join(options.workDir, 'traces');
  const agent: DemoAgent = await openDemoAgent({
    paths: demoAppPaths(options.appRoot),
    dataDir: join(options.workDir, 'data'),
    sessionId: 'bench',
    traceDir,
    telemetryEnabled: false,
    mcp: false,
  });
  const traceFiles: string[] = [];
  let next = 0;
  const localConfig = telemetryConfigSchema.parse({ enabled: true, backend: 'local', trace_dir: traceDir });

  return {
    traceFiles,
    async runTurns(n, runOptions = {}) {
      let handle: TelemetryHandle | undefined;
      if (runOptions.trace) {
        handle = await initTelemetry({ config: localConfig, logFile: false, handleSignals: false, processName: 'zeph-bench-demo-turn' });
        if (handle.traceFile) traceFiles.push(handle.traceFile);
      }
      try {
        // One untimed turn first (every variant alike): the figure is the steady-state turn, not the
        // one-off cost of opening a trace file or of the first spans after start-up.
        await agent.turn(TURNS[next++ % TURNS.length], {});
        const start = performance.now();
        for (let i = 0; i < n; i++) await agent.turn(TURNS[next++ % TURNS.length], {});
        return performance.now() - start;
      } finally {
        if (handle) {
          await handle.shutdown();
          // Shutdown leaves the global AsyncLocalStorage context manager enabled, and on Node 20 its
          // promise hooks tax every promise in the process; disable it so the next untraced run is clean.
          const { context } = await import('@opentelemetry/api');
          context.disable();
        }
      }
    },
    close: () => agent.close(),
  };
}
