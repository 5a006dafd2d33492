import type { Policy, PolicyRule } from './policy-schema.js';

export type Verdict = 'allow' | 'warn' | 'deny';

export interface PolicyViolation {
  ruleId: string;
  severity: PolicyRule['severity'];
  param: string;
  message: string;
}

export interface PolicyDecision {
  verdict: Verdict;
  violations: PolicyViolation[];
}

function valueAt(params: Record<string, unknown>, path: string): unknown {
  let current: unknown = params;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Array parameters are checked element by element; everything else as one value. */
const valuesOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

function violationOf(rule: PolicyRule, value: unknown): string | undefined {
  if (rule.type === 'required') return value === undefined || value === null || value === '' ? 'is required' : undefined;
  if (value === undefined) return undefined; // absent parameters are the `required` rule's business
  switch (rule.type) {
    case 'allowList': {
      const bad = valuesOf(value).find((v) => !rule.values.includes(v as never));
      return bad === undefined ? undefined : `value ${JSON.stringify(bad)} is not allowed`;
    }
    case 'denyList': {
      const bad = valuesOf(value).find((v) => rule.values.includes(v as never));
      return bad === undefined ? undefined : `value ${JSON.stringify(bad)} is denied`;
    }
    case 'regex': {
      const re = new RegExp(rule.pattern, rule.flags);
      const bad = valuesOf(value).find((v) => !re.test(String(v)));
      return bad === undefined ? undefined : `value ${JSON.stringify(bad)} does not match /${rule.pattern}/`;
    }
    case 'valueRange': {
      const n = Number(value);
      if (!Number.isFinite(n)) return `value ${JSON.stringify(value)} is not a number`;
      if (rule.min !== undefined && n < rule.min) return `value ${n} is below ${rule.min}`;
      if (rule.max !== undefined && n > rule.max) return `value ${n} is above ${rule.max}`;
      return undefined;
    }
    case 'maxAmount': {
      const total = valuesOf(value).reduce<number>((sum, v) => sum + Number(v), 0);
      if (!Number.isFinite(total)) return `amount ${JSON.stringify(value)} is not a number`;
      return total > rule.max ? `amount ${total} exceeds ${rule.max}` : undefined;
    }
  }
}

/** Evaluates every rule that applies to `tool` against the call's parameters. */
export function evaluatePolicy(policy: Policy, tool: string, params: Record<string, unknown>): PolicyDecision {
  const violations: PolicyViolation[] = [];
  for (const rule of policy.rules) {
    if (rule.tool !== '*' && rule.tool !== tool) continue;
    const problem = violationOf(rule, valueAt(params, rule.param));
    if (problem) violations.push({ ruleId: rule.id, severity: rule.severity, param: rule.param, message: `${rule.param}: ${problem}` });
  }
  const verdict: Verdict = violations.some((v) => v.severity === 'critical') ? 'deny' : violations.length > 0 ? 'warn' : 'allow';
  return { verdict, violations };
}
