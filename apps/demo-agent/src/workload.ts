// The demo turn as an in-process workload for benchmarks: starts telemetry the way the demo does
// (with whatever layers this build has), the model server, memory and tools, runs N scripted turns
// quietly and reports how long each took. Start-up and shutdown are outside the timings.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { telemetryConfigSchema, type TelemetryConfigInput } from '@zeph/telemetry-core/config';
import { openDemoAgent } from './agent/demo-agent.js';
import { SCRIPTED_TURNS } from './agent/scripted-turns.js';
import { demoAppPaths, findDemoAppRoot } from './app-paths.js';
import { setUpTelemetry } from './telemetry-setup.js';

export { builtFeatures } from './telemetry-setup.js';

export interface RunDemoTurnsOptions {
  /** Measured turns. */
  turns: number;
  /** [telemetry] for this run (defaults filled in); `enabled: false` runs with no layers. */
  telemetry: TelemetryConfigInput;
  /** Turns run first and not measured (JIT, SQLite page cache). Default 2. */
  warmupTurns?: number;
  /** The demo app folder; needed when this module is bundled outside it. */
  appRoot?: string;
  /** Scratch folder for memory, workspace, ledger (default: a new temp folder). */
  workDir?: string;
  /** Start the MCP server child too (default false: a second process adds its own noise). */
  mcp?: boolean;
  /**
   * Asked before each measured turn (0-based): true runs that turn with recording paused (the
   * telemetry handle's pause()), false with it recording. Warm-up turns record.
   */
  pauseRecording?: (turn: number) => boolean;
}

export interface DemoTurnsResult {
  /** Wall-clock milliseconds per measured turn, in order. */
  turnMs: number[];
  /**
   * CPU milliseconds of this process (user + system, all threads) per measured turn. On a shared
   * machine it moves far less with other processes' load than wall time does.
   */
  turnCpuMs: number[];
  traceFile?: string;
  /** Kinds of the telemetry layers that were registered. */
  layers: string[];
  features: readonly string[];
}

// Turns without MCP tools: recall with a skill, a shell call, a policy denial, code search, a file read.
const WORKLOAD_MESSAGES = SCRIPTED_TURNS.filter((t) => !/MCP/.test(t.exercises) && !t.stream).map((t) => t.message);

export async function runDemoTurns(options: RunDemoTurnsOptions): Promise<DemoTurnsResult> {
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'zeph-demo-workload-'));
  mkdirSync(workDir, { recursive: true });
  const config = telemetryConfigSchema.parse({ trace_dir: join(workDir, 'traces'), ...options.telemetry });
  const telemetry = await setUpTelemetry({ config, dataDir: join(workDir, 'data'), handleSignals: false, logFile: join(workDir, 'zeph.log') });
  const turnMs: number[] = [];
  const turnCpuMs: number[] = [];
  try {
    const agent = await openDemoAgent({
      paths: demoAppPaths(options.appRoot ?? findDemoAppRoot()),
      dataDir: join(workDir, 'data'),
      sessionId: telemetry.handle.sessionId,
      traceDir: config.trace_dir,
      telemetryEnabled: telemetry.handle.enabled,
      provenance: telemetry.provenance,
      mcp: options.mcp ?? false,
    });
    try {
      const warmup = options.warmupTurns ?? 2;
      for (let i = 0; i < warmup + options.turns; i++) {
        const message = WORKLOAD_MESSAGES[i % WORKLOAD_MESSAGES.length];
        if (options.pauseRecording && i >= warmup) {
          if (options.pauseRecording(i - warmup)) telemetry.handle.pause();
          else telemetry.handle.resume();
        }
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        await agent.turn(message, {});
        const wall = performance.now() - started;
        const cpu = process.cpuUsage(cpuBefore);
        if (i >= warmup) {
          turnMs.push(wall);
          turnCpuMs.push((cpu.user + cpu.system) / 1000);
        }
      }
    } finally {
      await agent.close();
    }
  } finally {
    await telemetry.shutdown();
  }
  return { turnMs, turnCpuMs, traceFile: telemetry.handle.traceFile, layers: telemetry.handle.layers.map((l) => l.kind), features: telemetry.features };
}
