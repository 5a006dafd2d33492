import { canonicalJson } from './ledger/canonical-json.js';
import { currentSpan, type LayerContext, type Logger, type TelemetryLayer } from '@zeph/telemetry-core';
import { BehaviorBatcher } from './behavior/behavior-batcher.js';
import type { BehaviorEvent } from './behavior/behavior-event.js';
import { BehaviorSpanProcessor } from './behavior/behavior-span-processor.js';
import { LedgerWriter } from './ledger/ledger-writer.js';
import { PROVENANCE_ATTRIBUTES, PROVENANCE_LAYER_KIND } from './spans.js';
import type { ProvenanceOptions, ToolCallRecord, TurnRecord } from './types.js';

export type ProvenanceLayer = TelemetryLayer & {
  /** Appends a signed ledger entry for a turn; returns its sequence number (0 without a ledger). */
  recordTurn(turn: TurnRecord): number;
  recordToolCall(call: ToolCallRecord): number;
  readonly behaviorStats: { delivered: number; dropped: number };
};

/**
 * The provenance layer: a signed ledger the agent writes to at each turn and tool call, and
 * behavioral events derived from spans. `deriveFromSpans` is false in builds without profiling,
 * where there are no spans; the ledger still works there.
 */
export function createProvenanceLayerWith(options: ProvenanceOptions, deriveFromSpans: boolean): ProvenanceLayer {
  let sessionId = 'unknown';
  let log: Logger = { debug() {}, info() {}, warn() {}, error() {} };
  let ledger: LedgerWriter | undefined;
  let batcher: BehaviorBatcher | undefined;

  const emit = (event: Omit<BehaviorEvent, 'sessionId' | 'agentId'>) =>
    batcher?.push({ ...event, sessionId, agentId: options.agentId } as BehaviorEvent);

  const record = (content: Parameters<LedgerWriter['append']>[0]): number => {
    if (!ledger) return 0;
    const seq = ledger.append(content);
    const span = currentSpan();
    if (span.isRecording) span.setAttribute(PROVENANCE_ATTRIBUTES.ledgerSeq, seq);
    return seq;
  };

  return {
    kind: PROVENANCE_LAYER_KIND,
    spanProcessor: deriveFromSpans ? new BehaviorSpanProcessor(emit) : undefined,
    start(ctx: LayerContext) {
      sessionId = ctx.sessionId;
      log = ctx.log;
      if (options.ledger) ledger = new LedgerWriter({ ...options.ledger, agentId: options.agentId, sessionId, log });
      if (options.behavior) batcher = new BehaviorBatcher(options.behavior.sink, log, options.behavior.batching);
      emit({ type: 'session_start', timestamp: new Date().toISOString(), metadata: { pid: process.pid } });
    },
    recordTurn(turn) {
      return record({ kind: 'turn', context: turn.context, prompt: turn.prompt, output: turn.output });
    },
    recordToolCall(call) {
      return record({ kind: 'tool_call', tool: call.tool, verdict: call.verdict, context: '', prompt: canonicalJson(call.params ?? null), output: call.output });
    },
    get behaviorStats() {
      return { delivered: batcher?.delivered ?? 0, dropped: batcher?.dropped ?? 0 };
    },
    async forceFlush() {
      await batcher?.flush();
      await ledger?.flush();
    },
    async shutdown() {
      emit({ type: 'session_end', timestamp: new Date().toISOString() });
      await batcher?.flush();
      await ledger?.close();
    },
  };
}
