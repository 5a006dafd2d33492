import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, defaultTelemetryConfig, loadTelemetryConfig, type ConfigWarningSink } from './index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zeph-legacy-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function load(text: string) {
  const path = join(dir, 'zeph.toml');
  writeFileSync(path, text);
  const messages: string[] = [];
  const logger: ConfigWarningSink = { warn: (message) => void messages.push(message) };
  return { path, messages, ...loadTelemetryConfig({ path, env: {}, logger }) };
}

describe('[observability]', () => {
  it('maps every old key and warns exactly once', () => {
    const { config, messages, warnings, path } = load(`[agent]
name = "zeph"

[observability]
enabled = true
exporter = "otel"
otlp_endpoint = "http://collector:4318"
service_name = "zeph-prod"
sampling_ratio = 0.2
headers_vault_key = "PROD_OTEL_HEADERS"
pyroscope_endpoint = "http://pyro:4040"
metrics_interval_secs = 10
log_level = "info"
`);
    expect(config).toEqual({
      ...defaultTelemetryConfig(),
      enabled: true,
      backend: 'otlp',
      otlp_endpoint: 'http://collector:4318',
      service_name: 'zeph-prod',
      sample_rate: 0.2,
      otlp_headers_vault_key: 'PROD_OTEL_HEADERS',
      pyroscope_endpoint: 'http://pyro:4040',
      system_metrics_interval_secs: 10,
    });
    expect(warnings).toHaveLength(1);
    expect(messages).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'deprecated-section', keyPath: 'observability', file: path, line: 4 });
    expect(messages[0]).toContain(`[observability] in ${path}:4 is deprecated`);
    expect(messages[0]).toContain('exporter -> backend');
    expect(messages[0]).toContain('sampling_ratio -> sample_rate');
    expect(messages[0]).toContain('log_level (use the ZEPH_LOG environment variable)');
    expect(messages[0]).toContain('zeph-telemetry-migrate');
  });

  it('accepts the other spellings: backend, endpoint, sample_rate', () => {
    const { config } = load('[observability]\nbackend = "otlp"\nendpoint = "https://otel.example.com"\nsample_rate = 0.75\n');
    expect(config).toMatchObject({ backend: 'otlp', otlp_endpoint: 'https://otel.example.com', sample_rate: 0.75 });
  });

  it('reads an endpoint without an exporter as OTLP, and exporter "none" as disabled', () => {
    expect(load('[observability]\nendpoint = "http://c:4318"\n').config.backend).toBe('otlp');
    const off = load('[observability]\nexporter = "none"\n').config;
    expect(off.enabled).toBe(false);
    expect(off.backend).toBe('local');
  });

  it('rejects two spellings of the same key in one section', () => {
    expect(() => load('[observability]\nendpoint = "http://a:4318"\notlp_endpoint = "http://b:4318"\n')).toThrow(
      /zeph\.toml:3: observability\.otlp_endpoint = "http:\/\/b:4318": both observability\.endpoint and observability\.otlp_endpoint/,
    );
  });

  it('gives way to [telemetry] and says so in its one warning', () => {
    const { config, messages } = load('[telemetry]\nsample_rate = 0.9\n\n[observability]\nexporter = "otlp"\nsampling_ratio = 0.1\n');
    expect(config.sample_rate).toBe(0.9);
    expect(config.backend).toBe('otlp');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('[telemetry] takes precedence for: sample_rate');
  });
});

describe('[debug.traces]', () => {
  it('maps to a local trace setup and warns exactly once', () => {
    const { config, messages, warnings, path } = load(`[debug]
verbose = true

[debug.traces]
enabled = true
output_dir = "dumps/traces"
include_args = true
redact = false
`);
    expect(config).toEqual({ ...defaultTelemetryConfig(), enabled: true, backend: 'local', trace_dir: 'dumps/traces', include_args: true });
    expect(warnings).toHaveLength(1);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`[debug.traces] in ${path}:4 is deprecated`);
    expect(messages[0]).toContain('output_dir -> trace_dir');
    expect(messages[0]).toContain('redact (sensitive values are always redacted)');
  });

  it('accepts dir and dotted keys under [debug]', () => {
    const { config, warnings } = load('[debug]\ntraces.enabled = true\ntraces.dir = "t"\n');
    expect(config.trace_dir).toBe('t');
    expect(warnings).toHaveLength(1);
  });
});

describe('both old sections', () => {
  it('warns once per section and combines them', () => {
    const { config, warnings } = load(`[observability]
enabled = false
exporter = "otlp"
endpoint = "http://collector:4318"

[debug.traces]
enabled = true
dir = "traces"
`);
    expect(warnings.map((w) => w.keyPath)).toEqual(['observability', 'debug.traces']);
    // [observability] is off, [debug.traces] is on: local traces only.
    expect(config).toMatchObject({ enabled: true, backend: 'local', trace_dir: 'traces', otlp_endpoint: 'http://collector:4318' });
  });

  it('lets an enabled [observability] choose the backend', () => {
    const { config } = load('[observability]\nexporter = "otlp"\n\n[debug.traces]\nenabled = true\n');
    expect(config).toMatchObject({ enabled: true, backend: 'otlp' });
  });

  it('reports bad old values with the old key path and line', () => {
    let error: unknown;
    try {
      load('[observability]\nexporter = "grpc"\n\n[debug.traces]\ninclude_args = "yes"\n');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/zeph\.toml:2: observability\.exporter = "grpc": OTLP\/gRPC is not supported/);
    expect(message).toMatch(/zeph\.toml:5: debug\.traces\.include_args = "yes": expected true or false, got a string/);
  });
});
