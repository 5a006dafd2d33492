import { AGENT_SPANS } from '../spans.js';
import type { MetricKind } from './types.js';

// Which finished spans feed which summary. The llm.*, tool.* and memory.* names are owned by their
// packages (core cannot depend on them), so they are matched here by their documented pattern.
const TOOL_CALL_SPAN = 'tool.execute_call';
const LLM_CHAT = /^llm\.[^.]*chat/;
const MEMORY_PREFIX = 'memory.';

export function metricKindOfSpan(name: string): MetricKind | undefined {
  if (name === AGENT_SPANS.turn) return 'turn';
  if (name === AGENT_SPANS.prepareContext) return 'contextPreparation';
  if (name === TOOL_CALL_SPAN) return 'tool';
  if (name.startsWith(MEMORY_PREFIX)) return 'memory';
  if (LLM_CHAT.test(name)) return 'llm';
  return undefined;
}

export const METRIC_KINDS: readonly MetricKind[] = ['turn', 'llm', 'tool', 'contextPreparation', 'memory'];

export const METRICS_BRIDGE_LAYER_KIND = 'metrics-bridge';
