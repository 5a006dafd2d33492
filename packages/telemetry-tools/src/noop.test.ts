import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as profiling from './index.js';
import * as noop from './noop.js';

// The default build resolves without the zeph-profiling condition: bundle it the way a user's
// bundler would and check what it pulls in.
describe('build without profiling', () => {
  it('pulls in neither OpenTelemetry nor core span code', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./noop.ts', import.meta.url))],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      conditions: [],
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes('telemetry-core/src/noop/index.ts'))).toBe(true);
    expect(inputs.some((path) => path.includes('telemetry-tools/src/tool-registry.ts'))).toBe(true);
    expect(inputs.filter((path) => /@opentelemetry|telemetry-core\/src\/(span-api|init-telemetry|chrome\/)/.test(path))).toEqual([]);
  });

  it('offers the same public surface', () => {
    expect(Object.keys(noop).sort()).toEqual(Object.keys(profiling).sort());
  });
});
