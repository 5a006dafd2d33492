import { bundleDefaultBuild } from '@zeph/telemetry-core/testing';
import { describe, expect, it } from 'vitest';
import * as profiling from './index.js';
import * as noop from './noop.js';

// The default build resolves without the zeph-profiling-alloc condition: bundle it the way a user's
// bundler would and check that it neither loads the GC-counters addon nor pulls in OpenTelemetry.
describe('build without profiling-alloc', () => {
  it('loads no native addon and no OpenTelemetry or core layer code', async () => {
    const build = await bundleDefaultBuild({
      entry: new URL('./noop.ts', import.meta.url),
      forbidden: /heap-counters|measure-allocations|alloc-layer|\.node$/,
    });
    expect(build.includes('telemetry-alloc/src/spans.ts')).toBe(true);
    expect(build.offending).toEqual([]);
    // The addon is loaded through createRequire, which the bundler does not follow: look at the code too.
    expect(build.code).not.toMatch(/gc_counters|createRequire|\.node['"]/);
  });

  it('offers no layer', () => {
    expect(noop.ALLOC_BUILT).toBe(false);
    expect(noop.createAllocLayer({})).toBeUndefined();
  });

  it('offers the same public surface, with explicit measurement refused clearly', () => {
    expect(Object.keys(noop).sort()).toEqual(Object.keys(profiling).sort());
    expect(() => noop.measureAllocations(() => 1)).toThrow('measureAllocations needs a build with the profiling-alloc feature');
  });
});
