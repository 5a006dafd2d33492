import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigWarningSink } from './config-warning.js';
import { ConfigError, loadTelemetryConfig } from './index.js';
import { parseResourceAttributes } from './otel-env.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zeph-otel-env-'));
  file = join(dir, 'zeph.toml');
  writeFileSync(file, '[telemetry]\nservice_name = "from-file"\notlp_endpoint = "http://file.example:4318"\nsample_rate = 0.5\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function capture(): ConfigWarningSink & { messages: string[] } {
  const messages: string[] = [];
  return { messages, warn: (message) => void messages.push(message) };
}

const load = (env: Record<string, string>, logger = capture()) => loadTelemetryConfig({ path: file, env, logger });

describe('OpenTelemetry environment variables', () => {
  it('override the file for service name, endpoint and a ratio sampler, and say where values came from', () => {
    const loaded = load({
      OTEL_SERVICE_NAME: 'checkout-agent',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector.observability:4318',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    });
    expect(loaded.config).toMatchObject({ service_name: 'checkout-agent', otlp_endpoint: 'http://collector.observability:4318', sample_rate: 0.25 });
    expect(loaded.origins.service_name?.envVar).toBe('OTEL_SERVICE_NAME');
    expect(loaded.origins.sample_rate?.envVar).toBe('OTEL_TRACES_SAMPLER_ARG');
  });

  it('lose to ZEPH_TELEMETRY_* variables for the same key', () => {
    const loaded = load({ OTEL_SERVICE_NAME: 'generic', ZEPH_TELEMETRY_SERVICE_NAME: 'specific', OTEL_SDK_DISABLED: 'true', ZEPH_TELEMETRY_ENABLED: 'true' });
    expect(loaded.config.service_name).toBe('specific');
    expect(loaded.config.enabled).toBe(true);
    expect(loaded.origins.service_name?.envVar).toBe('ZEPH_TELEMETRY_SERVICE_NAME');
  });

  it('map the fixed samplers to sample_rate, and a ratio sampler without argument keeps every trace', () => {
    expect(load({ OTEL_TRACES_SAMPLER: 'always_off' }).config.sample_rate).toBe(0);
    expect(load({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' }).config.sample_rate).toBe(0);
    expect(load({ OTEL_TRACES_SAMPLER: 'ALWAYS_ON' }).config.sample_rate).toBe(1);
    expect(load({ OTEL_TRACES_SAMPLER: 'traceidratio' }).config.sample_rate).toBe(1);
    // An argument alone selects no sampler, as in the SDK: the file's rate stays.
    expect(load({ OTEL_TRACES_SAMPLER_ARG: '0.1' }).config.sample_rate).toBe(0.5);
  });

  it('disable telemetry only for OTEL_SDK_DISABLED=true', () => {
    expect(load({ OTEL_SDK_DISABLED: 'TRUE' }).config.enabled).toBe(false);
    expect(load({ OTEL_SDK_DISABLED: 'false' }).config.enabled).toBe(true);
    expect(load({ OTEL_SDK_DISABLED: 'yes' }).config.enabled).toBe(true);
  });

  it('take service.name from OTEL_RESOURCE_ATTRIBUTES when OTEL_SERVICE_NAME is unset', () => {
    expect(load({ OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,service.name=billing%20agent' }).config.service_name).toBe('billing agent');
    expect(load({ OTEL_RESOURCE_ATTRIBUTES: 'service.name=billing', OTEL_SERVICE_NAME: 'checkout' }).config.service_name).toBe('checkout');
    // Unusable: the file's name stays (the resource builder reports the problem).
    expect(load({ OTEL_RESOURCE_ATTRIBUTES: 'service.name=billing,broken' }).config.service_name).toBe('from-file');
  });

  it('name the variable when a sampler argument is not a number or out of range', () => {
    for (const [arg, expected] of [['half', 'expected a number from 0 to 1'], ['1.5', 'sample_rate']] as const) {
      let error: unknown;
      try {
        load({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: arg });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain('environment variable OTEL_TRACES_SAMPLER_ARG');
      expect((error as Error).message).toContain(expected);
    }
  });

  it('name the endpoint variable when its value is not an http(s) URL', () => {
    expect(() => load({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/environment variable OTEL_EXPORTER_OTLP_ENDPOINT/);
  });

  it('warn once about a sampler that has no equivalent and keep the configured rate', () => {
    const logger = capture();
    const loaded = load({ OTEL_TRACES_SAMPLER: 'jaeger_remote' }, logger);
    expect(loaded.config.sample_rate).toBe(0.5);
    expect(logger.messages).toEqual([expect.stringContaining('OTEL_TRACES_SAMPLER=jaeger_remote is not supported')]);
  });

  it('warn about OpenTelemetry variables that are set but not read, never echoing the headers', () => {
    const logger = capture();
    const loaded = load(
      {
        OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20zk-secret-headers',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://tempo:4318/v1/traces',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf',
      },
      logger,
    );
    expect(loaded.config.otlp_endpoint).toBe('http://file.example:4318');
    expect(logger.messages).toHaveLength(3);
    expect(logger.messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/OTEL_EXPORTER_OTLP_HEADERS is set but not read: .*vault/),
        expect.stringMatching(/OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set but not read: .*OTEL_EXPORTER_OTLP_ENDPOINT/),
        expect.stringContaining('OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported'),
      ]),
    );
    expect(logger.messages.join('\n')).not.toContain('zk-secret-headers');
  });

  it('count an empty variable as unset', () => {
    expect(load({ OTEL_SERVICE_NAME: '  ', OTEL_TRACES_SAMPLER: '' }).config).toMatchObject({ service_name: 'from-file', sample_rate: 0.5 });
  });
});

describe('parseResourceAttributes', () => {
  it('reads comma-separated key=value pairs, trims them and percent-decodes', () => {
    expect(parseResourceAttributes(' deployment.environment = staging , team=agents%2Cplatform,,note=a%3Db ')).toEqual({
      ok: true,
      attributes: { 'deployment.environment': 'staging', team: 'agents,platform', note: 'a=b' },
    });
  });

  it('discards the whole value on a bad entry and names the entry by position, not by its text', () => {
    for (const raw of ['a=1,no-equals', 'a=1,=value', 'a=1,b=%E0%A4%A']) {
      const parsed = parseResourceAttributes(raw);
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.problem).toBe('entry 2 is not key=value with a non-empty key and percent-encoded text');
    }
  });
});
