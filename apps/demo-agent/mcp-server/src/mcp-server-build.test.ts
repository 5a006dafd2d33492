// Bundles the MCP server the way the demo build does, without and with the `profiling` feature,
// and runs the no-profiling bundle as a real stdio server.
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectMcpStdio } from '@zeph/telemetry-mcp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs build script without type declarations
import { buildDemoMcpServer } from '../build.mjs';

const appDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
let outDir: string;
const bundles: Record<'none' | 'profiling', string> = { none: '', profiling: '' };

beforeAll(async () => {
  // Inside the app folder, so that the external MCP SDK and zod resolve from its node_modules.
  await mkdir(join(appDir, 'dist'), { recursive: true });
  outDir = await mkdtemp(join(appDir, 'dist', 'mcp-build-test-'));
  for (const features of ['none', 'profiling'] as const) {
    bundles[features] = await buildDemoMcpServer({ outfile: join(outDir, features, 'mcp-server.mjs'), env: { ZEPH_FEATURES: features } });
  }
}, 120_000);
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('demo MCP server bundles', () => {
  it('without profiling: no OpenTelemetry and no layer code', async () => {
    const none = await readFile(bundles.none, 'utf8');
    const profiling = await readFile(bundles.profiling, 'utf8');
    expect(none).not.toContain('@opentelemetry');
    for (const name of ['BasicTracerProvider', 'createChromeTraceLayer', 'propagation.extract']) expect(none, name).not.toContain(name);
    // The same checks find them in the profiling bundle, so they can fail.
    expect(profiling).toContain('@opentelemetry');
    expect(profiling).toContain('BasicTracerProvider');
  });

  it('without profiling: still a working MCP server that writes no trace', async () => {
    const traceDir = join(outDir, 'traces');
    const client = await connectMcpStdio({
      command: process.execPath,
      args: [bundles.none],
      env: { ZEPH_TELEMETRY_TRACE_DIR: traceDir },
      stderr: 'ignore',
    });
    try {
      const result = await client.callTool('sha256', { text: 'abc' });
      expect(result.content).toEqual([{ type: 'text', text: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' }]);
    } finally {
      await client.close();
    }
    await expect(readdir(traceDir)).rejects.toThrow(/ENOENT/);
  });
});
