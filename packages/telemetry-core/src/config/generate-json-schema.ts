// Regenerates schema/telemetry-config.schema.json from the zod schema:
//   pnpm --filter @zeph/telemetry-core generate:schema
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderTelemetryJsonSchema, TELEMETRY_JSON_SCHEMA_PATH } from './json-schema.js';

const target = fileURLToPath(new URL(`../../${TELEMETRY_JSON_SCHEMA_PATH}`, import.meta.url));
writeFileSync(target, renderTelemetryJsonSchema());
process.stdout.write(`wrote ${target}\n`);
