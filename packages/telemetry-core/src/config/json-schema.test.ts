import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
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
