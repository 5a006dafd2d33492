// Layer initialisation of the demo with telemetry on and off (profiling build, as vitest resolves it).
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setUpTelemetry, type DemoTelemetry } from './telemetry-setup.js';

let dir: string;
let telemetry: DemoTelemetry | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zeph-demo-layers-'));
});
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function writeConfig(enabled: boolean): { configPath: string; traceDir: string } {
  const traceDir = join(dir, 'traces');
  const configPath = join(dir, 'zeph.toml');
  writeFileSync(configPath, `[telemetry]\nenabled = ${enabled}\nbackend = "local"\ntrace_dir = ${JSON.stringify(traceDir)}\n`);
  return { configPath, traceDir };
}

describe('demo telemetry layers', () => {
  it('with telemetry.enabled = false registers no layer and writes no trace file', async () => {
    const { configPath, traceDir } = writeConfig(false);
    telemetry = await setUpTelemetry({ configPath, dataDir: join(dir, 'data'), handleSignals: false, env: {} });
    expect(telemetry.config.enabled).toBe(false);
    expect(telemetry.handle.enabled).toBe(false);
    expect(telemetry.handle.layers).toEqual([]);
    expect(telemetry.handle.traceFile).toBeUndefined();
    await telemetry.shutdown();
    telemetry = undefined;
    expect(existsSync(traceDir) ? readdirSync(traceDir) : []).toEqual([]);
  });

  it('with telemetry.enabled = true registers the chrome layer and writes the trace file it names', async () => {
    const { configPath, traceDir } = writeConfig(true);
    telemetry = await setUpTelemetry({ configPath, dataDir: join(dir, 'data'), handleSignals: false, env: {} });
    const kinds = telemetry.handle.layers.map((l) => l.kind);
    expect(kinds.length).toBeGreaterThan(1);
    expect(kinds.some((k) => /chrome/i.test(k))).toBe(true);
    const traceFile = telemetry.handle.traceFile;
    expect(traceFile?.startsWith(traceDir)).toBe(true);
    await telemetry.shutdown();
    telemetry = undefined;
    expect(existsSync(traceFile!)).toBe(true);
  });

  it('ZEPH_TELEMETRY_ENABLED=false overrides the file and leaves no layers', async () => {
    const { configPath } = writeConfig(true);
    telemetry = await setUpTelemetry({ configPath, dataDir: join(dir, 'data'), handleSignals: false, env: { ZEPH_TELEMETRY_ENABLED: 'false' } });
    expect(telemetry.handle.layers).toEqual([]);
  });
});
