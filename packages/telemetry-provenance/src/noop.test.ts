import { bundleDefaultBuild } from '@zeph/telemetry-core/testing';
import { describe, expect, it } from 'vitest';
import * as profiling from './index.js';
import * as noop from './noop.js';

// The default build resolves without the zeph-profiling condition: bundle it the way a user's
// bundler would. It keeps the signed ledger and the tool-call policies (they protect the agent), so
// only OpenTelemetry and core's span and layer code must stay out.
describe('build without profiling', () => {
  it('keeps ledger and policies but pulls in neither OpenTelemetry nor core span code', async () => {
    const build = await bundleDefaultBuild({ entry: new URL('./noop.ts', import.meta.url) });
    expect(build.includes('telemetry-core/src/noop/index.ts')).toBe(true);
    expect(build.includes('telemetry-provenance/src/ledger/ledger-writer.ts')).toBe(true);
    expect(build.includes('telemetry-provenance/src/policy/')).toBe(true);
    expect(build.offending).toEqual([]);
  });

  it('offers the same public surface', () => {
    expect(Object.keys(noop).sort()).toEqual(Object.keys(profiling).sort());
  });
});
