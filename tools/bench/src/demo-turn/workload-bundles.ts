// Bundles the demo turn workload once per build profile with the demo's own bundler and imports
// each bundle: (a) without profiling, (b)/(c) with it. Each import is its own module instance.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const DEMO_APP_ROOT = fileURLToPath(new URL('../../../../apps/demo-agent/', import.meta.url));
const WORKLOAD_ENTRY = join(DEMO_APP_ROOT, 'src', 'bench-workload', 'demo-turn-workload.ts');

type InstrumentFn = <A extends unknown[], R>(name: string, fn: (...args: A) => R) => (...args: A) => R;

/** What the workload bundle exports (src/bench-workload/demo-turn-workload.ts). */
export interface WorkloadModule {
  PROFILING_BUILT: boolean;
  instrument: InstrumentFn;
  withSpan<R>(name: string, fn: () => R): R;
  initTelemetry(options: Record<string, unknown>): Promise<{ traceFile?: string; shutdown(): Promise<void> }>;
  telemetryConfigSchema: { parse(input: unknown): unknown };
  startDemoTurnWorkload(options: { appRoot: string; workDir: string }): Promise<{
    runTurns(n: number, options?: { trace?: boolean }): Promise<number>;
    readonly traceFiles: readonly string[];
    close(): Promise<void>;
  }>;
}

export async function loadWorkloadBundle(outDir: string, features: 'none' | 'profiling'): Promise<WorkloadModule> {
  const { bundleDemo } = (await import(pathToFileURL(join(DEMO_APP_ROOT, 'scripts', 'bundle-demo.mjs')).href)) as {
    bundleDemo(options: { entry: string; outfile: string; features: string }): Promise<unknown>;
  };
  const outfile = join(outDir, `demo-turn-${features}.mjs`);
  await bundleDemo({ entry: WORKLOAD_ENTRY, outfile, features });
  return (await import(pathToFileURL(outfile).href)) as WorkloadModule;
}
