// Regenerates schema/policy.schema.json from the zod schema: `npx tsx scripts/write-policy-schema.ts`.
import { writeFileSync } from 'node:fs';
import { policyJsonSchemaText } from '../src/policy/policy-json-schema.js';

writeFileSync(new URL('../schema/policy.schema.json', import.meta.url), policyJsonSchemaText());
