import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ConfigWarningSink } from './config-warning.js';
import { ConfigError, defaultTelemetryConfig, loadTelemetryConfig, loadZephToml, parseZephSection, TELEMETRY_CONFIG_KEYS } from './index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zeph-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeToml(text: string, name = 'zeph.toml'): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function capture(): ConfigWarningSink & { messages: string[] } {
  const messages: string[] = [];
  return { messages, warn: (message) => void messages.push(message) };
}

describe('loadTelemetryConfig defaults', () => {
  it('uses every default from DESIGN.md when the file is missing', () => {
    const logger = capture();
    const loaded = loadTelemetryConfig({ path: join(dir, 'absent.toml'), env: {}, logger });
    expect(loaded.config).toEqual({
      enabled: true,
      backend: 'local',
      trace_dir: '.local/traces',
      include_args: false,
      otlp_endpoint: 'http://127.0.0.1:4318',
      otlp_headers_vault_key: 'ZEPH_OTEL_HEADERS',
      service_name: 'zeph-agent',
      sample_rate: 1,
      pyroscope_endpoint: 'http://127.0.0.1:4040',
      system_metrics_interval_secs: 5,
    });
    expect(loaded.config).toEqual(defaultTelemetryConfig());
    expect(loaded.file.exists).toBe(false);
    expect(loaded.warnings).toEqual([]);
    expect(logger.messages).toEqual([]);
  });

  it('fills keys the file leaves out with defaults and keeps the ones it sets', () => {
    const path = writeToml('[telemetry]\nbackend = "otlp"\nsample_rate = 0.25\n');
    const { config, origins } = loadTelemetryConfig({ path, env: {}, logger: capture() });
    expect(config).toEqual({ ...defaultTelemetryConfig(), backend: 'otlp', sample_rate: 0.25 });
    expect(origins.sample_rate).toEqual({ keyPath: 'telemetry.sample_rate', file: path, line: 3 });
  });

  it('fails on a missing file only when asked to', () => {
    expect(() => loadTelemetryConfig({ path: join(dir, 'absent.toml'), env: {}, required: true })).toThrow(/absent\.toml.*does not exist/);
  });

  it('reads every key of [telemetry]', () => {
    const path = writeToml(`[telemetry]
enabled = false
backend = "otlp"
trace_dir = "out/traces"
include_args = true
otlp_endpoint = "https://otel.example.com:4318"
otlp_headers_vault_key = "MY_HEADERS"
service_name = "svc"
sample_rate = 0
pyroscope_endpoint = "http://pyro:4040"
system_metrics_interval_secs = 2.5
`);
    const { config } = loadTelemetryConfig({ path, env: {}, logger: capture() });
    expect(config).toEqual({
      enabled: false,
      backend: 'otlp',
      trace_dir: 'out/traces',
      include_args: true,
      otlp_endpoint: 'https://otel.example.com:4318',
      otlp_headers_vault_key: 'MY_HEADERS',
      service_name: 'svc',
      sample_rate: 0,
      pyroscope_endpoint: 'http://pyro:4040',
      system_metrics_interval_secs: 2.5,
    });
    expect(Object.keys(config).sort()).toEqual([...TELEMETRY_CONFIG_KEYS].sort());
  });
});

describe('ZEPH_TELEMETRY_* overrides', () => {
  it('parses each variable to its key type and wins over the file', () => {
    const path = writeToml('[telemetry]\nenabled = true\nsample_rate = 0.1\nservice_name = "from-file"\n');
    const { config, origins } = loadTelemetryConfig({
      path,
      logger: capture(),
      env: {
        ZEPH_TELEMETRY_ENABLED: 'false',
        ZEPH_TELEMETRY_SAMPLE_RATE: '0.5',
        ZEPH_TELEMETRY_INCLUDE_ARGS: 'yes',
        ZEPH_TELEMETRY_BACKEND: 'otlp',
        ZEPH_TELEMETRY_SYSTEM_METRICS_INTERVAL_SECS: ' 7 ',
        ZEPH_TELEMETRY_TRACE_DIR: '',
      },
    });
    expect(config.enabled).toBe(false);
    expect(config.sample_rate).toBe(0.5);
    expect(config.include_args).toBe(true);
    expect(config.backend).toBe('otlp');
    expect(config.system_metrics_interval_secs).toBe(7);
    expect(config.service_name).toBe('from-file');
    // An empty variable counts as unset.
    expect(config.trace_dir).toBe('.local/traces');
    expect(origins.sample_rate).toEqual({ keyPath: 'telemetry.sample_rate', envVar: 'ZEPH_TELEMETRY_SAMPLE_RATE' });
  });

  it('names the variable when its text is not of the key type, and reports all of them', () => {
    const env = { ZEPH_TELEMETRY_ENABLED: 'maybe', ZEPH_TELEMETRY_SAMPLE_RATE: 'half', ZEPH_TELEMETRY_BACKEND: 'jaeger' };
    const error = catchConfigError(() => loadTelemetryConfig({ path: join(dir, 'none.toml'), env }));
    expect(error.problems).toHaveLength(3);
    expect(error.message).toContain('environment variable ZEPH_TELEMETRY_ENABLED: telemetry.enabled = "maybe": expected true or false');
    expect(error.message).toContain('environment variable ZEPH_TELEMETRY_SAMPLE_RATE: telemetry.sample_rate = "half": expected a number');
    expect(error.message).toContain('environment variable ZEPH_TELEMETRY_BACKEND: telemetry.backend = "jaeger": expected one of "local", "otlp"');
  });

  it('names the variable when a well-typed value is out of range', () => {
    const error = catchConfigError(() => loadTelemetryConfig({ path: join(dir, 'none.toml'), env: { ZEPH_TELEMETRY_SAMPLE_RATE: '2' } }));
    expect(error.message).toContain('environment variable ZEPH_TELEMETRY_SAMPLE_RATE: telemetry.sample_rate = 2: expected a number from 0 to 1');
  });

  it('warns about a ZEPH_TELEMETRY_ variable that matches no key', () => {
    const logger = capture();
    const { warnings } = loadTelemetryConfig({ path: join(dir, 'none.toml'), env: { ZEPH_TELEMETRY_SAMPLERATE: '0.5' }, logger });
    expect(warnings.map((w) => w.code)).toEqual(['unknown-env-var']);
    expect(logger.messages[0]).toContain('did you mean ZEPH_TELEMETRY_SAMPLE_RATE?');
  });
});

describe('system_metrics_interval_secs', () => {
  it('raises values below 1 to 1 with exactly one warning naming the line', () => {
    const path = writeToml('[telemetry]\nsystem_metrics_interval_secs = 0.25\n');
    const logger = capture();
    const { config, warnings } = loadTelemetryConfig({ path, env: {}, logger });
    expect(config.system_metrics_interval_secs).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'interval-raised', line: 2 });
    expect(logger.messages).toEqual([`${path}:2: telemetry.system_metrics_interval_secs = 0.25 is below 1 second; using 1`]);
  });

  it('leaves 1 and above alone', () => {
    const path = writeToml('[telemetry]\nsystem_metrics_interval_secs = 1\n');
    const { config, warnings } = loadTelemetryConfig({ path, env: {}, logger: capture() });
    expect(config.system_metrics_interval_secs).toBe(1);
    expect(warnings).toEqual([]);
  });
});

describe('other sections', () => {
  it('leaves other sections open and hands them out raw for their own validation', () => {
    const path = writeToml('[vault]\nbackend = "age"\nage_file = "secrets.age"\n\n[telemetry]\nenabled = true\n\n[whatever]\nx = 1\n');
    const loaded = loadTelemetryConfig({ path, env: {}, logger: capture() });
    expect(loaded.file.document.vault).toEqual({ backend: 'age', age_file: 'secrets.age' });

    const raw = loadZephToml(path);
    expect(raw.path).toBe(path);
    expect(raw.document.whatever).toEqual({ x: 1 });

    const vaultSchema = z.object({ backend: z.enum(['env', 'keyring', 'age']), age_file: z.string().optional() }).strict();
    expect(parseZephSection(raw, 'vault', vaultSchema)).toEqual({ backend: 'age', age_file: 'secrets.age' });
  });

  it('reports problems of another section with the same file, line and key path format', () => {
    const path = writeToml('[vault]\nbackend = "gpg"\nage_fiel = "x"\n');
    const vaultSchema = z.object({ backend: z.enum(['env', 'keyring', 'age']), age_file: z.string().optional() }).strict();
    const error = catchConfigError(() => parseZephSection(loadZephToml(path), 'vault', vaultSchema));
    expect(error.message).toContain(`${path}:2: vault.backend = "gpg": expected one of "env", "keyring", "age"`);
    expect(error.message).toContain(`${path}:3: vault.age_fiel = "x": unknown key in [vault]; did you mean "age_file"?`);
  });
});

function catchConfigError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}
