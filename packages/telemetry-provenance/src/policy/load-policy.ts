import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { z } from 'zod';
import { policySchema, RULE_TYPES, type Policy } from './policy-schema.js';

export class PolicyError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: invalid tool-call policy:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PolicyError';
  }
}

function describeIssue(issue: z.core.$ZodIssue, doc: unknown): string {
  const path = issue.path;
  const rules = (doc as { rules?: unknown[] })?.rules;
  if (path[0] === 'rules' && typeof path[1] === 'number') {
    const rule = rules?.[path[1]] as Record<string, unknown> | undefined;
    const name = `rules[${path[1]}]${typeof rule?.id === 'string' ? ` (id "${rule.id}")` : ''}`;
    const field = path.slice(2).join('.');
    if ((issue.code === 'invalid_union' && field === '') || (field === 'type' && !RULE_TYPES.includes(rule?.type as never))) {
      return `${name}: unknown rule type ${JSON.stringify(rule?.type)}; expected one of ${RULE_TYPES.join(', ')}`;
    }
    if (issue.code === 'unrecognized_keys') return `${name}: unknown field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} for a ${String(rule?.type)} rule`;
    return `${name}: field ${field || '(rule)'}: ${issue.message}${field && rule ? ` (got ${JSON.stringify(rule[path[2] as string])})` : ''}`;
  }
  return `${path.join('.') || '(top level)'}: ${issue.message}`;
}

/** Checks what a schema cannot: that each regex compiles. */
function regexProblems(policy: Policy): string[] {
  return policy.rules.flatMap((rule, i) => {
    if (rule.type !== 'regex') return [];
    try {
      new RegExp(rule.pattern, rule.flags);
      return [];
    } catch (error) {
      return [`rules[${i}] (id "${rule.id}"): field pattern: invalid regex ${JSON.stringify(rule.pattern)}: ${(error as Error).message}`];
    }
  });
}

/** Parses a policy from text; `file` names the source in errors. TOML or JSON by extension. */
export function parsePolicy(text: string, file: string): Policy {
  let doc: unknown;
  try {
    doc = extname(file) === '.json' ? JSON.parse(text) : parseToml(text);
  } catch (error) {
    throw new PolicyError(file, [`not valid ${extname(file) === '.json' ? 'JSON' : 'TOML'}: ${(error as Error).message.split('\n')[0]}`]);
  }
  const result = policySchema.safeParse(doc);
  if (!result.success) throw new PolicyError(file, result.error.issues.map((i) => describeIssue(i, doc)));
  const problems = regexProblems(result.data);
  const ids = new Set<string>();
  result.data.rules.forEach((rule, i) => {
    if (ids.has(rule.id)) problems.push(`rules[${i}] (id "${rule.id}"): field id: duplicate rule id`);
    ids.add(rule.id);
  });
  if (problems.length > 0) throw new PolicyError(file, problems);
  return result.data;
}

export function loadPolicyFile(file: string): Policy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PolicyError(file, [`cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
  }
  return parsePolicy(text, file);
}
