import { createLogger } from '@zeph/telemetry-core';
import type { ProvenanceLayer, ToolCallGuard } from '@zeph/telemetry-provenance';
import type { ToolCallResult, ToolDefinition } from '@zeph/telemetry-tools';

const DENIED_PREFIX = 'denied: ';

/** What a denied call hands back to the model: the word "denied" and which rule said so. */
export function deniedOutput(tool: string, reasons: readonly string[]): string {
  return `${DENIED_PREFIX}${tool} call blocked by policy (${reasons.join('; ')})`;
}

/**
 * Whether policy denied the call. A denial is an answer the model should read, so the tools package
 * reports it as a call that went fine (ok); only its output says it did not run.
 */
export function wasDenied(result: Pick<ToolCallResult, 'output'>): boolean {
  return result.output.startsWith(DENIED_PREFIX);
}

/** The call ran and did its job: neither failed nor denied. */
export function succeeded(result: Pick<ToolCallResult, 'ok' | 'output'>): boolean {
  return result.ok && !wasDenied(result);
}

const log = createLogger('demo-agent');

/**
 * Puts the policy check in front of a tool and records every call in the signed ledger. It runs
 * inside the tool.execute_call span, so the verdict lands on that span; a denied call does not run
 * and its result says "denied", and the agent goes on with the turn.
 */
export function guardTool(tool: ToolDefinition, guard: ToolCallGuard, provenance: ProvenanceLayer | undefined): ToolDefinition {
  return {
    ...tool,
    // A cached answer would skip the policy check and the ledger entry.
    idempotent: false,
    async execute(args, context) {
      const decision = guard(tool.name, args);
      if (decision.verdict === 'deny') {
        const output = deniedOutput(tool.name, decision.violations.map((v) => `${v.ruleId}: ${v.message}`));
        // Logged inside the tool call's span: the record carries its trace and span id (log file, OTLP).
        log.info('tool call denied by policy', { tool: tool.name, rules: decision.violations.map((v) => v.ruleId) });
        provenance?.recordToolCall({ tool: tool.name, params: args, output, verdict: decision.verdict });
        return output;
      }
      const value = await tool.execute(args, context);
      provenance?.recordToolCall({ tool: tool.name, params: args, output: typeof value === 'string' ? value : JSON.stringify(value) ?? '', verdict: decision.verdict });
      return value;
    },
  };
}
