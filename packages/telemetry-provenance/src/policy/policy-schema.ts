import { z } from 'zod';

// A tool-call policy: rules on the parameters of tool calls, each with a severity. Critical
// violations block the call; the others are recorded.
const severity = z.enum(['info', 'warning', 'critical']).describe('critical blocks the call; info and warning are recorded');
const base = {
  id: z.string().min(1).describe('Stable identifier, reported in verdicts'),
  tool: z.string().min(1).describe('Tool name the rule applies to, or "*" for every tool'),
  param: z.string().min(1).describe('Parameter name; a dot path reaches into nested objects'),
  severity,
  description: z.string().optional(),
};
const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const policyRuleSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('allowList'), values: z.array(scalar).min(1) }).strict(),
  z.object({ ...base, type: z.literal('denyList'), values: z.array(scalar).min(1) }).strict(),
  z.object({ ...base, type: z.literal('regex'), pattern: z.string().min(1), flags: z.string().regex(/^[imsu]*$/).optional() }).strict(),
  z.object({ ...base, type: z.literal('valueRange'), min: z.number().optional(), max: z.number().optional() }).strict(),
  z.object({ ...base, type: z.literal('maxAmount'), max: z.number() }).strict(),
  z.object({ ...base, type: z.literal('required') }).strict(),
]);

export const policySchema = z
  .object({
    version: z.literal(1).describe('Policy format version'),
    rules: z.array(policyRuleSchema),
  })
  .strict();

export type PolicyRule = z.output<typeof policyRuleSchema>;
export type Policy = z.output<typeof policySchema>;
export const RULE_TYPES = ['allowList', 'denyList', 'regex', 'valueRange', 'maxAmount', 'required'] as const;
