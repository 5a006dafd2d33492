import type { BatcherOptions } from './behavior/behavior-batcher.js';
import type { BehaviorSink } from './behavior/behavior-event.js';
import type { SigningKey } from './ledger/signing-key.js';

export interface ProvenanceOptions {
  agentId: string;
  /** Signed ledger of turns and tool calls; omitted = no ledger. */
  ledger?: { path: string; key: SigningKey };
  /** Where behavioral events go; omitted = none. */
  behavior?: { sink: BehaviorSink; batching?: BatcherOptions };
}

export interface TurnRecord {
  context: string;
  prompt: string;
  output: string;
}

export interface ToolCallRecord {
  tool: string;
  /** Arguments as the tool received them; only their hash is kept. */
  params: unknown;
  output: string;
  verdict: string;
}
