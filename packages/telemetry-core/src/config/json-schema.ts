import { z } from 'zod';
import { LEGACY_SECTIONS } from './legacy-sections.js';
import { telemetryConfigSchema } from './schema.js';

/** Where the published schema lives, relative to the package root. */
export const TELEMETRY_JSON_SCHEMA_PATH = 'schema/telemetry-config.schema.json';

type JsonObject = Record<string, unknown>;

function deprecatedSection(name: string): JsonObject {
  return {
    type: 'object',
    deprecated: true,
    description: `Deprecated: [${name}] is read as [telemetry] with a warning. Run zeph-telemetry-migrate to rewrite the file.`,
  };
}

/**
 * JSON Schema of zeph.toml as far as telemetry is concerned: [telemetry] strictly, the old sections
 * marked deprecated, every other section left open (editors such as Taplo read this).
 */
export function buildTelemetryJsonSchema(): JsonObject {
  // io: 'input' because keys with defaults may be left out of the file.
  const { $schema, ...section } = z.toJSONSchema(telemetryConfigSchema, { io: 'input' }) as JsonObject;
  const properties: JsonObject = {
    telemetry: { ...section, description: 'Telemetry: traces, metrics and profiles of the Zeph agent.' },
  };
  for (const legacy of LEGACY_SECTIONS) {
    const [top, child] = legacy.path;
    if (child === undefined) properties[top] = deprecatedSection(legacy.name);
    else properties[top] = { type: 'object', properties: { [child]: deprecatedSection(legacy.name) } };
  }
  return {
    $schema,
    title: 'zeph.toml (telemetry)',
    description: 'The [telemetry] section of zeph.toml. Other sections are validated by the subsystems that own them.',
    type: 'object',
    properties,
    additionalProperties: true,
  };
}

/** The file's exact text, so a byte comparison tells whether the checked-in copy is current. */
export function renderTelemetryJsonSchema(): string {
  return `${JSON.stringify(buildTelemetryJsonSchema(), null, 2)}\n`;
}
