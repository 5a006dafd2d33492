import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALLOC_LAYER_KIND } from '@zeph/telemetry-alloc';
import { PROVENANCE_LAYER_KIND } from '@zeph/telemetry-provenance';
import { PYROSCOPE_LAYER_KIND } from '@zeph/telemetry-pyroscope';
import { setUpTelemetry } from './telemetry-setup.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zeph-demo-telemetry-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(body: string): string {
  const path = join(dir, 'zeph.toml');
  writeFileSync(path, `[telemetry]\ntrace_dir = "${join(dir, 'traces')}"\n${body}`);
  return path;
}

describe('demo telemetry setup', () => {
  it('telemetry.enabled=false: no layers, no trace file, and the ledger is still written', async () => {
    const telemetry = await setUpTelemetry({ configPath: writeConfig('enabled = false\n'), dataDir: join(dir, 'data'), env: {}, handleSignals: false });
    expect(telemetry.handle.enabled).toBe(false);
    expect(telemetry.handle.layers).toEqual([]);
    expect(telemetry.handle.traceFile).toBeUndefined();
    telemetry.provenance.recordTurn({ context: 'c', prompt: 'p', output: 'o' });
    await telemetry.shutdown();
    expect(existsSync(join(dir, 'traces')) ? readdirSync(join(dir, 'traces')) : []).toEqual([]);
    expect(readFileSync(telemetry.ledgerFile, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('enabled: the chrome layer writes under trace_dir and the provenance layer is registered', async () => {
    const telemetry = await setUpTelemetry({ configPath: writeConfig('system_metrics_interval_secs = 60\npyroscope_endpoint = "http://127.0.0.1:9"\n'), dataDir: join(dir, 'data'), env: {}, handleSignals: false });
    const kinds = telemetry.handle.layers.map((l) => l.kind);
    // Tests run with every feature condition, so the alloc and pyroscope packages give real layers.
    expect(kinds).toEqual(expect.arrayContaining([ALLOC_LAYER_KIND, PYROSCOPE_LAYER_KIND, PROVENANCE_LAYER_KIND]));
    expect(telemetry.handle.traceFile?.startsWith(join(dir, 'traces'))).toBe(true);
    expect(telemetry.ephemeralLedgerKey).toBe(true);
    await telemetry.shutdown();
    expect(readFileSync(telemetry.handle.traceFile!, 'utf8').trimEnd().endsWith(']')).toBe(true);
  });

  it('a --config path that does not exist is an error naming the file', async () => {
    await expect(setUpTelemetry({ configPath: join(dir, 'missing.toml'), dataDir: join(dir, 'data'), env: {} })).rejects.toThrow(/missing\.toml/);
  });
});
