import { AGENT_SPANS, withSpan } from '@zeph/telemetry-core';
import { AGENT_ATTRIBUTES as A } from './agent-attributes.js';

export type PrescreenVerdict = 'pass' | 'flag';

export interface PrescreenResult {
  verdict: PrescreenVerdict;
  /** Names of the patterns that matched. */
  findings: string[];
}

// Cheap checks before any model sees the message: common prompt-injection phrasings and things
// that look like credentials pasted by mistake. Flagged messages still run; the flag is recorded.
const PATTERNS: ReadonlyArray<[string, RegExp]> = [
  ['ignore_instructions', /\bignore (?:all |any )?(?:previous|prior|above) instructions\b/i],
  ['reveal_system_prompt', /\b(?:reveal|print|show) (?:your |the )?system prompt\b/i],
  ['role_override', /\byou are now (?:in )?(?:developer|dan|jailbreak) mode\b/i],
  ['api_key_like', /\b(?:sk|pk|ghp|xox[bp])[-_][A-Za-z0-9_-]{16,}\b/],
  ['private_key_block', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
];

export function prescreenMessage(message: string): PrescreenResult {
  return withSpan(AGENT_SPANS.securityPrescreen, (span) => {
    const findings = PATTERNS.filter(([, pattern]) => pattern.test(message)).map(([name]) => name);
    const verdict: PrescreenVerdict = findings.length > 0 ? 'flag' : 'pass';
    if (span.isRecording) span.setAttributes({ [A.prescreenVerdict]: verdict, [A.prescreenFindings]: findings.join(',') });
    return { verdict, findings };
  });
}
