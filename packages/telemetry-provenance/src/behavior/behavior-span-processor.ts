import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AGENT_SPANS, CORE_ATTRIBUTES } from '@zeph/telemetry-core/spans';
import { GEN_AI_ATTRIBUTES, LLM_SPANS } from '@zeph/telemetry-llm/spans';
import { TOOL_ATTRIBUTES, TOOL_ERROR_TYPES, TOOL_SPANS } from '@zeph/telemetry-tools/spans';
import { PROVENANCE_ATTRIBUTES } from '../spans.js';
import { toPrimitives, type BehaviorEvent, type BehaviorOutcome } from './behavior-event.js';

// SpanStatusCode.ERROR, spelled as its value so this module loads no OpenTelemetry code.
const STATUS_ERROR = 2;
const REFUSED_ERROR_TYPES = new Set<unknown>([TOOL_ERROR_TYPES.commandNotAllowed, TOOL_ERROR_TYPES.pathOutsideWorkspace]);
const LLM_SPAN_NAMES = new Set<string>(Object.values(LLM_SPANS));
const MAX_TRACKED_TRACES = 1024;

const durationMs = (span: ReadableSpan) => span.duration[0] * 1e3 + span.duration[1] / 1e6;

function outcomeOf(span: ReadableSpan): BehaviorOutcome {
  if (span.attributes[PROVENANCE_ATTRIBUTES.policyVerdict] === 'deny') return 'denied';
  if (REFUSED_ERROR_TYPES.has(span.attributes[TOOL_ATTRIBUTES.errorType])) return 'refused';
  return span.status.code === STATUS_ERROR ? 'error' : 'success';
}

function paramsOf(span: ReadableSpan): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(span.attributes)) {
    if (key.startsWith(CORE_ATTRIBUTES.argPrefix)) params[key.slice(CORE_ATTRIBUTES.argPrefix.length)] = value;
  }
  return params;
}

/**
 * Turns finished spans into behavioral events: a tool.execute_call becomes tool_call, an agent.turn
 * becomes response (with the tokens of the llm spans of its trace). Attributes are already redacted
 * by the span API, so params carry no secrets.
 */
export class BehaviorSpanProcessor implements SpanProcessor {
  private readonly tokensByTrace = new Map<string, number>();

  constructor(
    private readonly emit: (event: Omit<BehaviorEvent, 'sessionId' | 'agentId'>) => void,
  ) {}

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    // Most spans are none of the three kinds below: decide on the name before building anything.
    if (LLM_SPAN_NAMES.has(span.name)) {
      const tokens = Number(span.attributes[GEN_AI_ATTRIBUTES.usageInputTokens] ?? 0) + Number(span.attributes[GEN_AI_ATTRIBUTES.usageOutputTokens] ?? 0);
      if (tokens > 0) this.addTokens(span.spanContext().traceId, tokens);
      return;
    }
    if (span.name !== TOOL_SPANS.executeCall && span.name !== AGENT_SPANS.turn) return;
    const timestamp = new Date(span.endTime[0] * 1e3 + span.endTime[1] / 1e6).toISOString();
    if (span.name === TOOL_SPANS.executeCall) {
      const verdict = span.attributes[PROVENANCE_ATTRIBUTES.policyVerdict];
      this.emit({
        type: 'tool_call',
        timestamp,
        tool: String(span.attributes[TOOL_ATTRIBUTES.genAiToolName] ?? 'unknown'),
        params: toPrimitives(paramsOf(span)),
        outcome: outcomeOf(span),
        latencyMs: durationMs(span),
        metadata: toPrimitives({
          tool_call_id: span.attributes[TOOL_ATTRIBUTES.genAiToolCallId],
          policy_verdict: verdict,
          policy_rule_ids: span.attributes[PROVENANCE_ATTRIBUTES.policyRuleIds],
          trace_id: span.spanContext().traceId,
        }),
      });
      return;
    }
    if (span.name === AGENT_SPANS.turn) {
      const traceId = span.spanContext().traceId;
      const tokenCount = this.tokensByTrace.get(traceId) ?? 0;
      this.tokensByTrace.delete(traceId);
      this.emit({
        type: 'response',
        timestamp,
        outcome: span.status.code === STATUS_ERROR ? 'error' : 'success',
        latencyMs: durationMs(span),
        tokenCount,
        metadata: toPrimitives({ trace_id: traceId, ledger_seq: span.attributes[PROVENANCE_ATTRIBUTES.ledgerSeq] }),
      });
    }
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}

  private addTokens(traceId: string, tokens: number): void {
    // Bounded: traces whose turn never ends (e.g. aborted) must not accumulate.
    if (!this.tokensByTrace.has(traceId) && this.tokensByTrace.size >= MAX_TRACKED_TRACES) {
      this.tokensByTrace.delete(this.tokensByTrace.keys().next().value!);
    }
    this.tokensByTrace.set(traceId, (this.tokensByTrace.get(traceId) ?? 0) + tokens);
  }
}
