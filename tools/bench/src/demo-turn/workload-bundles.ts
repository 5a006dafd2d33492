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
  initTelemetry(options: Record<string, unknown>): Promise<{ traceFile?: string; forceFlush(): Promise<void>; shutdown(): Promise<void> }>;
  telemetryConfigSchema: { parse(input: unknown): unknown };
  startDemoTurnWorkload(options: { appRoot: string; workDir: string }): Promise<{
    runTurns(n: number, options?: { trace?: boolean }): Promise<number>;
    readonly traceFiles: readonly string[];
    close(): Promise<void>;
  }>;
}

export type BundleDemo = (options: { entry: string; outfile: string; features: string }) => Promise<unknown>;

/** The demo's own bundler (apps/demo-agent/scripts/bundle-demo.mjs): third-party imports pinned, profile conditions applied. */
export async function demoBundler(): Promise<BundleDemo> {
  return ((await import(pathToFileURL(join(DEMO_APP_ROOT, 'scripts', 'bundle-demo.mjs')).href)) as { bundleDemo: BundleDemo }).bundleDemo;
}

/** Bundles the workload for one profile; returns the file URL to import. */
export async function buildWorkloadBundle(outDir: string, features: 'none' | 'profiling'): Promise<string> {
  const outfile = join(outDir, `demo-turn-${features}.mjs`);
  await (await demoBundler())({ entry: WORKLOAD_ENTRY, outfile, features });
  return pathToFileURL(outfile).href;
}

/** Bundles the measuring child (measure-main.ts) with the demo's bundler: third-party imports pinned. */
export async function buildMeasureChild(outDir: string): Promise<string> {
  const outfile = join(outDir, 'measure-demo-turn.mjs');
  await (await demoBundler())({ entry: fileURLToPath(new URL('./measure-main.ts', import.meta.url)), outfile, features: 'profiling' });
  return outfile;
}
