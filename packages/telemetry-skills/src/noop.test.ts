import { bundleDefaultBuild } from '@zeph/telemetry-core/testing';
import { describe, expect, it } from 'vitest';
import * as profiling from './index.js';

// The default build resolves without the zeph-profiling condition: bundle it the way a user's
// bundler would and check what it pulls in.
describe('build without profiling', () => {
  it('pulls in neither OpenTelemetry nor core layer code', async () => {
    const build = await bundleDefaultBuild({
      entry: new URL('./noop.ts', import.meta.url),
      external: ['better-sqlite3', 'sqlite-vec', '@qdrant/js-client-rest'],
    });
    expect(build.includes('telemetry-core/src/noop/index.ts')).toBe(true);
    expect(build.includes('telemetry-memory/src/noop.ts')).toBe(true);
    expect(build.offending).toEqual([]);
  });

  it('offers the same public surface', async () => {
    const noop = await import('./noop.js');
    expect(Object.keys(noop).sort()).toEqual(Object.keys(profiling).sort());
  });
});
