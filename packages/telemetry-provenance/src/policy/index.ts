export { policySchema, policyRuleSchema, RULE_TYPES } from './policy-schema.js';
export type { Policy, PolicyRule } from './policy-schema.js';
export { parsePolicy, loadPolicyFile, PolicyError } from './load-policy.js';
export { evaluatePolicy } from './evaluate-policy.js';
export type { PolicyDecision, PolicyViolation, Verdict } from './evaluate-policy.js';
