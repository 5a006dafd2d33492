import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as profiling from './index.js';

// The default build resolves without the zeph-profiling condition: bundle it the way a user's
// bundler would and check what it pulls in.
describe('build without profiling', () => {
  it('pulls in neither OpenTelemetry nor core layer code', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./noop.ts', import.meta.url))],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      conditions: [],
      external: ['better-sqlite3', 'sqlite-vec', '@qdrant/js-client-rest'],
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.includes('telemetry-core/src/noop/index.ts'))).toBe(true);
    expect(inputs.some((p) => p.includes('telemetry-memory/src/noop.ts'))).toBe(true);
    expect(inputs.filter((p) => p.includes('@opentelemetry') || p.includes('telemetry-core/src/span-api.ts'))).toEqual([]);
  });

  it('offers the same public surface', async () => {
    const noop = await import('./noop.js');
    expect(Object.keys(noop).sort()).toEqual(Object.keys(profiling).sort());
  });
});
