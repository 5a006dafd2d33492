import { build } from 'esbuild';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// Bundles the package the way an app built without `profiling` sees it (no zeph-profiling condition).
async function bundleWithoutProfiling(): Promise<string> {
  const result = await build({
    entryPoints: [join(import.meta.dirname, 'noop.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    conditions: [],
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

describe('build without profiling', () => {
  it('contains no OpenTelemetry code and its factory returns the plain channel', async () => {
    const code = await bundleWithoutProfiling();
    expect(code).not.toMatch(/@opentelemetry|startActiveSpan|createHistogram/);
    const file = join(mkdtempSync(join(tmpdir(), 'zeph-channels-noop-')), 'noop.mjs');
    writeFileSync(file, code);
    const noop = await import(pathToFileURL(file).href);
    expect(noop.CHANNELS_PROFILING_BUILT).toBe(false);
    const channel = noop.createInstrumentedChannel('status', { capacity: 2 });
    expect(channel.constructor.name).toBe('BoundedChannel');
    await channel.send('x');
    expect(await channel.recv()).toEqual({ done: false, value: 'x' });
  });
});
