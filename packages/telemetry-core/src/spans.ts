// The agent.* and context.* slice of the instrumentation map (a public contract: see DESIGN.md).
// This file is the only place these names are spelled.

export const AGENT_SPANS = {
  turn: 'agent.turn',
  prepareContext: 'agent.prepare_context',
  processResponse: 'agent.process_response',
  securityPrescreen: 'agent.security_prescreen',
  toolLoop: 'agent.tool_loop',
  toolExec: 'agent.tool_exec',
  toolBatch: 'agent.tool_batch',
  learning: 'agent.learning',
  codeIndex: 'agent.code_index',
  mcpDispatch: 'agent.mcp_dispatch',
  planExecute: 'agent.plan_execute',
  persistMessage: 'agent.persist_message',
  restoreHistory: 'agent.restore_history',
} as const;

export const CONTEXT_SPANS = {
  assembly: 'context.assembly',
  fetchRecall: 'context.fetch_recall',
  fetchSummaries: 'context.fetch_summaries',
  fetchCode: 'context.fetch_code',
  fetchCrossSession: 'context.fetch_cross_session',
  fetchGraphFacts: 'context.fetch_graph_facts',
  compaction: 'context.compaction',
  checkSummarization: 'context.check_summarization',
  microcompact: 'context.microcompact',
} as const;

/** Attribute keys core itself writes. */
export const CORE_ATTRIBUTES = {
  sessionId: 'zeph.session.id',
  turnIndex: 'zeph.turn.index',
  argPrefix: 'zeph.arg.',
  estimated: 'zeph.estimated',
} as const;

/** Names of the samples (gauges) the system metrics task records. */
export const SYSTEM_METRICS = {
  rssBytes: 'process.rss_bytes',
  heapUsedBytes: 'process.heap_used_bytes',
  cpuPercent: 'process.cpu_percent',
  threadCount: 'process.thread_count',
  fdCount: 'process.fd_count',
  eventLoopDelayP99Ms: 'process.event_loop_delay_p99_ms',
} as const;

export type AgentSpanName = (typeof AGENT_SPANS)[keyof typeof AGENT_SPANS];
export type ContextSpanName = (typeof CONTEXT_SPANS)[keyof typeof CONTEXT_SPANS];
