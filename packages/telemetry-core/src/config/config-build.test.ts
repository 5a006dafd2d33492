import { describe, expect, it } from 'vitest';
import { bundleDefaultBuild } from '../testing/default-build-check.js';

// Config is loaded before telemetry starts and in builds without `profiling`: it must pull in no
// OpenTelemetry code (nor core's span and layer code), whichever entry point reaches it.
async function bundleWithoutProfiling(entry: string) {
  return bundleDefaultBuild({ entry: new URL(entry, import.meta.url) });
}

describe('config in builds without profiling', () => {
  it('the ./config entry bundles zod and smol-toml but no OpenTelemetry', async () => {
    const build = await bundleWithoutProfiling('./index.ts');
    expect(build.includes('smol-toml')).toBe(true);
    expect(build.offending).toEqual([]);
  });

  it('the no-profiling root entry offers loadTelemetryConfig without OpenTelemetry', async () => {
    const build = await bundleWithoutProfiling('../noop/index.ts');
    expect(build.inputs.some((path) => path.endsWith('config/load-telemetry-config.ts'))).toBe(true);
    expect(build.offending).toEqual([]);
  });

  it('the migration command bundles without OpenTelemetry', async () => {
    const build = await bundleWithoutProfiling('./migrate-cli.ts');
    expect(build.offending).toEqual([]);
  });
});
