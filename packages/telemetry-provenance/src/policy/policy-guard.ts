import { currentSpan } from '@zeph/telemetry-core';
import { PROVENANCE_ATTRIBUTES } from '../spans.js';
import { evaluatePolicy, type PolicyDecision } from './evaluate-policy.js';
import type { Policy } from './policy-schema.js';

export type ToolCallGuard = (tool: string, params: Record<string, unknown>) => PolicyDecision;

/**
 * Evaluates a tool call before it runs and records the verdict on the active span (the tool call's
 * span when called inside it). The caller runs the tool only when the verdict is not "deny".
 */
export function createToolCallGuard(policy: Policy): ToolCallGuard {
  return (tool, params) => {
    const decision = evaluatePolicy(policy, tool, params);
    const span = currentSpan();
    if (span.isRecording) {
      span.setAttribute(PROVENANCE_ATTRIBUTES.policyVerdict, decision.verdict);
      span.setAttribute(PROVENANCE_ATTRIBUTES.policyViolations, decision.violations.length);
      if (decision.violations.length > 0) span.setAttribute(PROVENANCE_ATTRIBUTES.policyRuleIds, decision.violations.map((v) => v.ruleId));
    }
    return decision;
  };
}
