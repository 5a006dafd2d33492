import { z } from 'zod';
import { policySchema } from './policy-schema.js';

/** The published JSON Schema of policy files, as checked in under schema/. */
export function policyJsonSchemaText(): string {
  const schema = { $id: 'https://zeph.dev/schema/policy.schema.json', title: 'Zeph tool-call policy', ...z.toJSONSchema(policySchema) };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
