// Builds the demo the way scripts/build.mjs does, once per profile, and checks what the output holds.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { bundleDemo } from '../scripts/bundle-demo.mjs';

const PROBE = fileURLToPath(new URL('./build-probe/instrument-identity.ts', import.meta.url));
const LAYER_MARKERS = ['createChromeTraceLayer', 'BasicTracerProvider', 'createSystemMetricsLayer'];

let outDir: string;
let noneDemo: string;
let profilingDemo: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'zeph-demo-build-'));
  await Promise.all([
    bundleDemo({ outfile: join(outDir, 'none', 'demo-agent.mjs'), features: 'none' }),
    bundleDemo({ outfile: join(outDir, 'profiling', 'demo-agent.mjs'), features: 'profiling' }),
    bundleDemo({ entry: PROBE, outfile: join(outDir, 'none', 'probe.mjs'), features: 'none' }),
    bundleDemo({ entry: PROBE, outfile: join(outDir, 'profiling', 'probe.mjs'), features: 'profiling' }),
  ]);
  noneDemo = readFileSync(join(outDir, 'none', 'demo-agent.mjs'), 'utf8');
  profilingDemo = readFileSync(join(outDir, 'profiling', 'demo-agent.mjs'), 'utf8');
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const runProbe = (profile: string) => JSON.parse(execFileSync(process.execPath, [join(outDir, profile, 'probe.mjs')], { encoding: 'utf8' }));

describe('demo build profiles', () => {
  it('built without profiling: no OpenTelemetry and no layer code in the output', () => {
    expect(noneDemo).not.toContain('@opentelemetry');
    for (const marker of LAYER_MARKERS) expect(noneDemo).not.toContain(marker);
    // The agent itself is all there.
    expect(noneDemo).toContain('agent.security_prescreen');
    expect(noneDemo).toContain('startModelServer');
  });

  it('built without profiling: instrument(name, fn) returns fn itself', () => {
    expect(runProbe('none')).toEqual({ identity: true, profilingBuilt: false });
  });

  it('built with profiling: the layer code and OpenTelemetry are in, and instrument wraps', () => {
    expect(profilingDemo).toContain('@opentelemetry/sdk-trace-base');
    for (const marker of LAYER_MARKERS) expect(profilingDemo).toContain(marker);
    expect(runProbe('profiling')).toEqual({ identity: false, profilingBuilt: true });
  });

  it('an unknown feature name stops the build with an error naming it', async () => {
    await expect(bundleDemo({ outfile: join(outDir, 'bad', 'demo-agent.mjs'), features: 'profiling,turbo' })).rejects.toThrow(/unknown feature "turbo"/);
  });
});
