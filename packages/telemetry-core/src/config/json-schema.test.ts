import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadTelemetryConfig } from './load-telemetry-config.js';
import { buildTelemetryJsonSchema, renderTelemetryJsonSchema, TELEMETRY_JSON_SCHEMA_PATH } from './json-schema.js';
import { defaultTelemetryConfig, TELEMETRY_CONFIG_KEYS } from './schema.js';

const checkedIn = fileURLToPath(new URL(`../../${TELEMETRY_JSON_SCHEMA_PATH}`, import.meta.url));

describe('published JSON Schema', () => {
  it('matches the zod schema (regenerate with `pnpm --filter @zeph/telemetry-core generate:schema`)', () => {
    expect(readFileSync(checkedIn, 'utf8')).toBe(renderTelemetryJsonSchema());
  });

  it('describes every [telemetry] key with its default and rejects unknown keys', () => {
    const telemetry = (buildTelemetryJsonSchema().properties as Record<string, any>).telemetry;
    expect(Object.keys(telemetry.properties)).toEqual(TELEMETRY_CONFIG_KEYS);
    const defaults = defaultTelemetryConfig() as Record<string, unknown>;
    for (const key of TELEMETRY_CONFIG_KEYS) expect(telemetry.properties[key].default, key).toEqual(defaults[key]);
    expect(telemetry.additionalProperties).toBe(false);
    expect(telemetry.properties.sample_rate).toMatchObject({ minimum: 0, maximum: 1 });
    expect(telemetry.properties.backend.enum).toEqual(['local', 'otlp']);
  });

  it('marks the old sections deprecated and leaves other sections open', () => {
    const schema = buildTelemetryJsonSchema() as Record<string, any>;
    expect(schema.additionalProperties).toBe(true);
    expect(schema.properties.observability.deprecated).toBe(true);
    expect(schema.properties.debug.properties.traces.deprecated).toBe(true);
  });
});

describe('the checked-in schema in a JSON Schema validator', () => {
  const validate = (() => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    return ajv.compile(JSON.parse(readFileSync(checkedIn, 'utf8')));
  })();

  it('accepts a complete zeph.toml with other sections and the old ones', () => {
    const document = parse(`[agent]
name = "zeph"

[vault]
backend = "age"

[telemetry]
enabled = true
backend = "otlp"
trace_dir = "t"
include_args = true
otlp_endpoint = "https://otel.example.com:4318"
otlp_headers_vault_key = "H"
service_name = "svc"
sample_rate = 0.5
pyroscope_endpoint = "http://pyro:4040"
system_metrics_interval_secs = 2

[observability]
exporter = "otlp"
`);
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
  });

  // Every fixture whose problems are [telemetry] values must be rejected by the JSON Schema too.
  const corpus = fileURLToPath(new URL('../../test/fixtures/bad-configs/', import.meta.url));
  const valueFixtures = readdirSync(corpus)
    .filter((name) => name.endsWith('.toml'))
    .filter((name) => {
      try {
        loadTelemetryConfig({ path: join(corpus, name), env: {}, logger: { warn() {} } });
      } catch (error) {
        return error instanceof ConfigError && error.problems.every((p) => /^telemetry(\.|$)/.test(p.keyPath) && !p.expected.startsWith('invalid TOML'));
      }
      return false;
    });

  it('is exercised by most of the bad-config corpus', () => {
    expect(valueFixtures.length).toBeGreaterThanOrEqual(12);
  });

  it.each(valueFixtures)('rejects %s like the loader does', (name) => {
    const document = parse(readFileSync(join(corpus, name), 'utf8'));
    expect(validate(document)).toBe(false);
  });
});
