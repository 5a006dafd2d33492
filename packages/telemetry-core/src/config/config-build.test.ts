import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Config is loaded before telemetry starts and in builds without `profiling`: it must pull in no
// OpenTelemetry code, whichever entry point reaches it.
async function bundledInputs(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    conditions: ['default'],
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

describe('config in builds without profiling', () => {
  it('the ./config entry bundles zod and smol-toml but no OpenTelemetry', async () => {
    const inputs = await bundledInputs('./index.ts');
    expect(inputs.some((path) => path.includes('smol-toml'))).toBe(true);
    expect(inputs.filter((path) => path.includes('@opentelemetry'))).toEqual([]);
  });

  it('the no-profiling root entry offers loadTelemetryConfig without OpenTelemetry', async () => {
    const inputs = await bundledInputs('../noop/index.ts');
    expect(inputs.some((path) => path.endsWith('config/load-telemetry-config.ts'))).toBe(true);
    expect(inputs.filter((path) => path.includes('@opentelemetry'))).toEqual([]);
  });

  it('the migration command bundles without OpenTelemetry', async () => {
    const inputs = await bundledInputs('./migrate-cli.ts');
    expect(inputs.filter((path) => path.includes('@opentelemetry'))).toEqual([]);
  });
});
