import OpenAI from 'openai';
import { bundleDefaultBuild } from '@zeph/telemetry-core/testing';
import { describe, expect, it } from 'vitest';
import * as profiling from './index.js';
import * as noop from './noop.js';

// The default build resolves without the zeph-profiling condition: bundle it the way a user's
// bundler would and check what it pulls in.
describe('build without profiling', () => {
  it('pulls in neither OpenTelemetry nor core span code nor the provider SDKs', async () => {
    const build = await bundleDefaultBuild({ entry: new URL('./noop.ts', import.meta.url), forbidden: /node_modules\/(openai|@anthropic-ai)\// });
    expect(build.includes('telemetry-core/src/noop/index.ts')).toBe(true);
    expect(build.offending).toEqual([]);
  });

  it('offers the same public surface', () => {
    expect(Object.keys(noop).sort()).toEqual(Object.keys(profiling).sort());
  });

  it('hands SDK clients back unchanged', () => {
    const client = new OpenAI({ apiKey: 'sk-test-noop-0000', baseURL: 'http://127.0.0.1:9/v1' });
    expect(noop.instrumentOpenAI(client)).toBe(client);
    expect(noop.instrumentAnthropic(client)).toBe(client);
  });
});
