// Builds the demo the way `pnpm demo` does, once without and once with the `profiling` feature, and
// checks that the no-profiling output has no OpenTelemetry or layer code and that `instrument`
// returns the function itself there (and does not with profiling, so these checks can fail).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs build script without type declarations
import { bundleDemo } from '../scripts/bundle-demo.mjs';

const PROBE_ENTRY = fileURLToPath(new URL('./test-fixtures/instrument-probe.ts', import.meta.url));
const LAYER_CODE = ['createChromeTraceLayer', 'BasicTracerProvider', 'ChromeTraceWriter', 'AsyncLocalStorageContextManager', 'createSystemMetricsLayer'];

interface ProbeReport {
  identity: boolean;
  profilingBuilt: boolean;
  result: number;
}

let outDir: string;
const builds: Record<'none' | 'profiling', { demo: string; probe: ProbeReport }> = {} as never;

async function buildProfile(features: 'none' | 'profiling'): Promise<{ demo: string; probe: ProbeReport }> {
  const demoFile = join(outDir, features, 'demo-agent.mjs');
  const probeFile = join(outDir, features, 'probe.mjs');
  await bundleDemo({ outfile: demoFile, features });
  await bundleDemo({ entry: PROBE_ENTRY, outfile: probeFile, features });
  const probe = JSON.parse(execFileSync(process.execPath, [probeFile], { encoding: 'utf8' })) as ProbeReport;
  return { demo: readFileSync(demoFile, 'utf8'), probe };
}

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'zeph-demo-build-'));
  builds.none = await buildProfile('none');
  builds.profiling = await buildProfile('profiling');
}, 120_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('demo build profiles', () => {
  it('without profiling: no @opentelemetry code and no layer code in the demo bundle', () => {
    expect(builds.none.demo.length).toBeGreaterThan(10_000);
    expect(builds.none.demo).not.toContain('@opentelemetry');
    for (const name of LAYER_CODE) expect(builds.none.demo, name).not.toContain(name);
  });

  it('without profiling: instrument(name, fn) returns fn itself', () => {
    expect(builds.none.probe).toEqual({ identity: true, profilingBuilt: false, result: 42 });
  });

  it('with profiling: the same checks find OpenTelemetry, the layers and a wrapping instrument', () => {
    expect(builds.profiling.demo).toContain('@opentelemetry');
    for (const name of ['createChromeTraceLayer', 'BasicTracerProvider']) expect(builds.profiling.demo, name).toContain(name);
    expect(builds.profiling.probe).toEqual({ identity: false, profilingBuilt: true, result: 42 });
  });
});
