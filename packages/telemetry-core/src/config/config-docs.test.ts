import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { telemetryEnvVarName } from './env-overrides.js';
import { LEGACY_SECTIONS } from './legacy-sections.js';
import { defaultTelemetryConfig, TELEMETRY_CONFIG_KEYS } from './schema.js';

const reference = readFileSync(new URL('../../../../docs/config.md', import.meta.url), 'utf8');

describe('docs/config.md', () => {
  it('lists every [telemetry] key with its default and environment variable', () => {
    const defaults = defaultTelemetryConfig() as Record<string, unknown>;
    for (const key of TELEMETRY_CONFIG_KEYS) {
      const row = reference.split('\n').find((line) => line.startsWith(`| \`${key}\` |`));
      expect(row, `a table row for ${key}`).toBeDefined();
      expect(row).toContain(`\`${telemetryEnvVarName(key)}\``);
      expect(row).toContain(`\`${JSON.stringify(defaults[key])}\``);
    }
  });

  it('documents every old key the migration reads', () => {
    for (const section of LEGACY_SECTIONS) {
      for (const key of [...Object.keys(section.keys), ...Object.keys(section.rejected)]) expect(reference, `${section.name}.${key}`).toContain(`\`${key}\``);
    }
  });
});
