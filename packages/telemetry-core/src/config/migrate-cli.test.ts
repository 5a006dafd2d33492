import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTelemetryConfig } from './index.js';
import { runMigrateCli } from './migrate-cli.js';

const OLD_FILE = `# Zeph agent configuration

[agent]
name = "zeph" # shown in the prompt

# Where traces go
[observability]
# the collector speaks OTLP/HTTP
exporter = "otel"   # was "jaeger" until 0.9
endpoint = "http://collector:4318"
sampling_ratio = 0.5
log_level = "debug"

[memory]
path = "memory.db"

[debug]
verbose = true

[debug.traces]
enabled = true
output_dir = "traces/"
redact = true

[tools]
shell = true
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zeph-migrate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runMigrateCli(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: dir });
  return { code, stdout, stderr };
}

function write(text: string, name = 'zeph.toml'): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const quiet = { warn() {} };

describe('zeph-telemetry-migrate', () => {
  it('rewrites both old sections into [telemetry], keeps the rest and their comments, and saves a backup', async () => {
    const path = write(OLD_FILE);
    const before = loadTelemetryConfig({ path, env: {}, logger: quiet }).config;

    const { code, stdout } = await run(['zeph.toml']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Rewrote [observability] and [debug.traces] of ${path}`);
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(OLD_FILE);

    const text = readFileSync(path, 'utf8');
    expect(text).not.toMatch(/^\[observability\]/m);
    expect(text).not.toMatch(/^\[debug\.traces\]/m);
    for (const kept of ['# Zeph agent configuration', 'name = "zeph" # shown in the prompt', '[memory]', 'path = "memory.db"', '[debug]\nverbose = true', '[tools]\nshell = true']) {
      expect(text).toContain(kept);
    }
    // Comments of the old sections travel with their keys.
    expect(text).toContain('# Where traces go\n[telemetry]');
    expect(text).toContain('# the collector speaks OTLP/HTTP\nbackend = "otlp" # was "jaeger" until 0.9');
    expect(text).toContain('otlp_endpoint = "http://collector:4318"');
    expect(text).toContain('sample_rate = 0.5');
    expect(text).toContain('trace_dir = "traces/"');
    expect(text).toContain('# log_level = "debug"');

    const after = loadTelemetryConfig({ path, env: {}, logger: quiet });
    expect(after.config).toEqual(before);
    expect(after.warnings).toEqual([]);
    expect(after.config).toMatchObject({ enabled: true, backend: 'otlp', sample_rate: 0.5, trace_dir: 'traces/' });
  });

  it('adds to an existing [telemetry] without overriding what it sets', async () => {
    const path = write('[telemetry]\nsample_rate = 0.9 # keep\n\n[observability]\nexporter = "otlp"\nsampling_ratio = 0.1\n');
    expect((await run([path])).code).toBe(0);
    const text = readFileSync(path, 'utf8');
    expect(text.match(/^\[telemetry\]/gm)).toHaveLength(1);
    expect(text).toContain('sample_rate = 0.9 # keep');
    expect(text).toContain('# sampling_ratio = 0.1');
    expect(loadTelemetryConfig({ path, env: {}, logger: quiet }).config).toMatchObject({ backend: 'otlp', sample_rate: 0.9 });
  });

  it('handles an inline old section, dotted keys under [debug] and CRLF line ends', async () => {
    const inline = write('observability = { exporter = "otlp", sampling_ratio = 0.3 }\n\n[agent]\nname = "z"\n', 'inline.toml');
    expect((await run([inline])).code).toBe(0);
    expect(readFileSync(inline, 'utf8')).toBe('[agent]\nname = "z"\n\n[telemetry]\n# Migrated from [observability] by zeph-telemetry-migrate.\nsample_rate = 0.3\nbackend = "otlp"\n');

    const dotted = write('[debug]\ntraces.enabled = true\ntraces.dir = "d"\nverbose = true\n', 'dotted.toml');
    expect((await run([dotted])).code).toBe(0);
    const dottedText = readFileSync(dotted, 'utf8');
    expect(dottedText).toContain('[debug]\nverbose = true\n');
    expect(loadTelemetryConfig({ path: dotted, env: {}, logger: quiet })).toMatchObject({ config: { trace_dir: 'd', enabled: true }, warnings: [] });

    const crlf = write('[observability]\r\nexporter = "otlp"\r\n\r\n[agent]\r\nname = "z"\r\n', 'crlf.toml');
    expect((await run([crlf])).code).toBe(0);
    expect(readFileSync(crlf, 'utf8')).toBe('[telemetry]\r\n# Migrated from [observability] by zeph-telemetry-migrate.\r\nbackend = "otlp"\r\n\r\n[agent]\r\nname = "z"\r\n');
  });

  it('--dry-run prints the result and writes nothing', async () => {
    const path = write(OLD_FILE);
    const { code, stdout, stderr } = await run(['--dry-run', path]);
    expect(code).toBe(0);
    expect(stdout).toContain('[telemetry]');
    expect(stdout).toContain('backend = "otlp"');
    expect(stderr).toContain('nothing was written');
    expect(readFileSync(path, 'utf8')).toBe(OLD_FILE);
    expect(existsSync(`${path}.bak`)).toBe(false);
  });

  it('never overwrites an earlier backup', async () => {
    const path = write(OLD_FILE);
    write('older backup', 'zeph.toml.bak');
    expect((await run([])).code).toBe(0);
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe('older backup');
    expect(readFileSync(`${path}.bak.1`, 'utf8')).toBe(OLD_FILE);
  });

  it('leaves a file without old sections alone', async () => {
    const path = write('[telemetry]\nenabled = true\n');
    const { code, stderr } = await run([path]);
    expect(code).toBe(0);
    expect(stderr).toContain('nothing to migrate');
    expect(existsSync(`${path}.bak`)).toBe(false);
  });

  it('refuses a file whose old sections are invalid, naming the problem and not the secret', async () => {
    const text = '[observability]\nexporter = "otlp"\nheaders = { authorization = "Bearer s3cr3t-t0ken" }\n';
    const path = write(text);
    const { code, stderr } = await run([path]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${path}:3: observability.headers`);
    expect(stderr).toContain('the file was not changed');
    expect(stderr).not.toContain('s3cr3t-t0ken');
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(existsSync(`${path}.bak`)).toBe(false);
  });

  it('explains bad arguments with exit code 2', async () => {
    const unknown = await run(['--in-place']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown option "--in-place"');
    expect(unknown.stderr).toContain('Usage: zeph-telemetry-migrate');
    const two = await run(['a.toml', 'b.toml']);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('expected at most one file, got 2: a.toml b.toml');
    const missing = await run(['absent.toml']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`cannot read ${join(dir, 'absent.toml')}: no such file`);
    expect((await run(['--help'])).stdout).toContain('--dry-run');
  });

  it('runs as the package bin in the workspace', async () => {
    const path = write(OLD_FILE);
    const bin = fileURLToPath(new URL('../../bin/zeph-telemetry-migrate.mjs', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [bin, '--dry-run', path], { cwd: dir });
    expect(stdout).toContain('[telemetry]');
    expect(stdout).toContain('sample_rate = 0.5');
    const failed = await promisify(execFile)(process.execPath, [bin, '--nope'], { cwd: dir }).catch((error) => error);
    expect(failed.code).toBe(2);
  });
});
