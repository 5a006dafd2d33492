// Attribute keys, event names and metric names of the provenance layer. The only place they are spelled.
export const PROVENANCE_ATTRIBUTES = {
  policyVerdict: 'zeph.policy.verdict',
  policyViolations: 'zeph.policy.violations',
  policyRuleIds: 'zeph.policy.rule_ids',
  ledgerSeq: 'zeph.ledger.seq',
} as const;

export const BEHAVIOR_EVENTS = {
  sessionStart: 'session_start',
  toolCall: 'tool_call',
  response: 'response',
  sessionEnd: 'session_end',
} as const;

export const PROVENANCE_METRICS = {
  behaviorDropped: 'zeph.behavior.dropped_events',
} as const;

export const PROVENANCE_LAYER_KIND = 'provenance';
