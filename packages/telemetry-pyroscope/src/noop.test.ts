import { bundleDefaultBuild } from '@zeph/telemetry-core/testing';
import { describe, expect, it } from 'vitest';
import * as profiling from './index.js';
import * as noop from './noop.js';

// The default build resolves without the zeph-profiling-pyroscope condition: bundle it the way a
// user's bundler would and check that it pulls in neither the profiler nor OpenTelemetry.
// @datadog/pprof is not marked external: if the noop module reached it, its files would show up as
// inputs (or the bundle would fail on its native parts).
describe('build without profiling-pyroscope', () => {
  it('bundles neither @datadog/pprof nor OpenTelemetry nor the layer', async () => {
    const build = await bundleDefaultBuild({
      entry: new URL('./noop.ts', import.meta.url),
      forbidden: /@datadog\/pprof|pyroscope-layer|labeling-context-manager|profile-uploader|profile-labels/,
    });
    expect(build.includes('telemetry-pyroscope/src/spans.ts')).toBe(true);
    expect(build.offending).toEqual([]);
    expect(build.code).not.toContain('@datadog/pprof');
  });

  it('offers no layer', () => {
    expect(noop.PYROSCOPE_BUILT).toBe(false);
    expect(noop.createPyroscopeLayer({ endpoint: 'http://127.0.0.1:9', applicationName: 'noop' })).toBeUndefined();
  });

  it('offers the same public surface', () => {
    expect(Object.keys(noop).sort()).toEqual(Object.keys(profiling).sort());
  });
});
