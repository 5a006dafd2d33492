import { describe, expect, it } from 'vitest';
import { bundleDefaultBuild, PROFILING_ONLY_INPUTS } from './default-build-check.js';

describe('bundleDefaultBuild', () => {
  it("finds nothing profiling-only in core's no-profiling entry", async () => {
    const build = await bundleDefaultBuild({ entry: new URL('../noop/index.ts', import.meta.url) });
    expect(build.includes('telemetry-core/src/noop/index.ts')).toBe(true);
    expect(build.offending).toEqual([]);
    expect(build.code).toContain('PROFILING_BUILT');
  });

  it("names OpenTelemetry and the span API when handed core's profiling entry", async () => {
    const build = await bundleDefaultBuild({ entry: new URL('../index.ts', import.meta.url), external: ['@napi-rs/keyring'] });
    expect(build.offending.some((path) => path.includes('@opentelemetry/'))).toBe(true);
    expect(build.offending.some((path) => path.endsWith('/packages/telemetry-core/src/span-api.ts'))).toBe(true);
    expect(build.offending.every((path) => PROFILING_ONLY_INPUTS.test(path))).toBe(true);
  });

  it('adds the caller\'s forbidden paths to the offending ones', async () => {
    const build = await bundleDefaultBuild({ entry: new URL('../noop/index.ts', import.meta.url), forbidden: /config\/schema\.ts$/ });
    expect(build.offending).toHaveLength(1);
    expect(build.offending[0]).toMatch(/\/packages\/telemetry-core\/src\/config\/schema\.ts$/);
  });

  it('counts an external import of a forbidden package as offending', async () => {
    const build = await bundleDefaultBuild({ entry: new URL('../index.ts', import.meta.url), external: ['@napi-rs/keyring', '@opentelemetry/*'] });
    expect(build.externalImports).toContain('@opentelemetry/api');
    expect(build.offending).toContain('@opentelemetry/api');
  });
});
