import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// The OTLP tier is part of the `otel` feature and is loaded by dynamic import only when backend = otlp:
// bundles of the profiling build show where its code ends up.
async function bundle(conditions: string[]): Promise<{ entry: string; chunks: string[] }> {
  const result = await build({
    entryPoints: [join(import.meta.dirname, '..', 'index.ts')],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    outdir: '/bundle',
    conditions,
    write: false,
    logLevel: 'silent',
    external: ['@napi-rs/keyring'],
  });
  const files = result.outputFiles.filter((f) => f.path.endsWith('.js'));
  const entry = files.find((f) => f.path.endsWith('/index.js'))!;
  return { entry: entry.text, chunks: files.filter((f) => f !== entry).map((f) => f.text) };
}

const EXPORTER_MARKERS = /application\/x-protobuf|ProtobufTraceSerializer|OtlpHttpSender/;

describe('OTLP tier in builds', () => {
  it('without the otel feature, no exporter code is bundled and backend = otlp explains why', async () => {
    const { entry, chunks } = await bundle(['zeph-profiling']);
    expect([entry, ...chunks].some((code) => EXPORTER_MARKERS.test(code))).toBe(false);
    expect([entry, ...chunks].join('\n')).toContain('needs a build with the `otel` feature');
  });

  it('without the otel feature, initTelemetry with backend = otlp fails with that message before touching the vault', async () => {
    const result = await build({
      stdin: {
        contents: `import { initTelemetry } from './index.ts';
          import { telemetryConfigSchema } from './config/schema.ts';
          export const run = () => initTelemetry({ config: telemetryConfigSchema.parse({ backend: 'otlp', otlp_headers_vault_key: 'ZEPH_KEY_THAT_IS_NOT_SET' }), logFile: false, handleSignals: false });`,
        resolveDir: join(import.meta.dirname, '..'),
        loader: 'ts',
      },
      bundle: true,
      format: 'esm',
      platform: 'node',
      conditions: ['zeph-profiling'],
      write: false,
      logLevel: 'silent',
      external: ['@napi-rs/keyring', '@opentelemetry/*', 'zod', 'smol-toml', 'age-encryption'],
    });
    // Written beside the package so its externals resolve from node_modules.
    const file = join(import.meta.dirname, '..', '..', `.no-otel-${process.pid}.mjs`);
    writeFileSync(file, result.outputFiles[0].text);
    try {
      const { run } = await import(pathToFileURL(file).href);
      await expect(run()).rejects.toThrow(/needs a build with the `otel` feature/);
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('with the otel feature, the exporter and the vault backends sit in lazily loaded chunks', async () => {
    const { entry, chunks } = await bundle(['zeph-profiling', 'zeph-otel']);
    expect(EXPORTER_MARKERS.test(entry)).toBe(false);
    expect(chunks.some((code) => EXPORTER_MARKERS.test(code))).toBe(true);
    expect(entry).not.toMatch(/age-encryption\.org\/v1/);
    expect(chunks.some((code) => code.includes('age-encryption.org/v1'))).toBe(true);
  });
});
