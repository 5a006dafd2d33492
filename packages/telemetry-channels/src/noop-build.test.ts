import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleDefaultBuild } from '@zeph/telemetry-core/testing';
import { describe, expect, it } from 'vitest';
import * as profiling from './index.js';
import * as noop from './noop.js';

// Bundles the package the way an app built without `profiling` sees it (no zeph-profiling condition).
describe('build without profiling', () => {
  it('contains no OpenTelemetry code and its factory returns the plain channel', async () => {
    const { code, offending, includes } = await bundleDefaultBuild({ entry: join(import.meta.dirname, 'noop.ts') });
    expect(includes('telemetry-core/src/noop/index.ts')).toBe(true);
    expect(offending).toEqual([]);
    expect(code).not.toMatch(/@opentelemetry|startActiveSpan|createHistogram/);
    const file = join(mkdtempSync(join(tmpdir(), 'zeph-channels-noop-')), 'noop.mjs');
    writeFileSync(file, code);
    const bundled = await import(pathToFileURL(file).href);
    expect(bundled.CHANNELS_PROFILING_BUILT).toBe(false);
    const channel = bundled.createInstrumentedChannel('status', { capacity: 2 });
    expect(channel.constructor.name).toBe('BoundedChannel');
    await channel.send('x');
    expect(await channel.recv()).toEqual({ done: false, value: 'x' });
  });

  it('offers the same public surface', () => {
    expect(Object.keys(noop).sort()).toEqual(Object.keys(profiling).sort());
  });
});
