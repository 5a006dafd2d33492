import type OpenAI from 'openai';
import type { ManualTimer, MetricKind } from '@zeph/telemetry-core';
import type { ProvenanceLayer } from '@zeph/telemetry-provenance';
import type { ToolRegistry } from '@zeph/telemetry-tools';
import type { DemoMemory } from '../memory-context/demo-memory.js';
import type { ConversationHistory } from './conversation-history.js';
import type { TurnLearning } from './turn-learning.js';

/** Everything one turn needs; built once per session by openDemoAgent. */
export interface TurnDependencies {
  llm: OpenAI;
  model: string;
  memory: DemoMemory;
  tools: ToolRegistry;
  provenance?: ProvenanceLayer;
  /** The recent exchanges sent with each request (restored at start, kept by every turn). */
  history?: ConversationHistory;
  /** What the agent learns from each turn's outcome. */
  learning?: TurnLearning;
  /** Told when a tool call that may have changed the workspace succeeded (the code index re-reads it). */
  onWorkspaceChanged?: () => void;
  /** Rounds of tool calls per turn before the agent stops asking the model. */
  maxToolIterations?: number;
  /** Manual timing of the operations the MetricsBridge summarises (its numbers when spans are off). */
  timer?: ManualTimer;
}

/** Per-turn options the model calls and tools need. */
export interface TurnCallOptions {
  /** Stream the model's answer (llm.chat_stream) and hand each piece to onText. */
  stream?: boolean;
  onText?: (piece: string) => void;
  signal?: AbortSignal;
}

export function timed<R>(deps: TurnDependencies, kind: MetricKind, fn: () => R): R {
  return deps.timer ? deps.timer.time(kind, fn) : fn();
}
