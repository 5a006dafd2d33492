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
  /** GenAI conventions: the conversation (session, thread) a span belongs to. */
  genAiConversationId: 'gen_ai.conversation.id',
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

/** The instant event the system metrics task emits on each tick (its args carry every value). */
export const SYSTEM_METRICS_INSTANT = { name: 'process.metrics', category: 'system' } as const;

/** Names the Chrome trace writer itself puts in the file. */
export const CHROME_TRACE_NAMES = {
  /** Counter of events lost because the write buffer was full. */
  droppedEvents: 'zeph.trace.dropped_events',
  processName: 'process_name',
  threadName: 'thread_name',
  threadSortIndex: 'thread_sort_index',
  mainLane: 'main',
  asyncLanePrefix: 'async-',
} as const;

/** Metrics the OTLP layer reports about itself (export health). */
export const OTLP_METRICS = {
  /** Counter of finished spans that never reached the collector; attribute zeph.telemetry.drop_reason. */
  droppedSpans: 'zeph.telemetry.dropped_spans',
  /** Counter of metric export batches given up after the retries. */
  droppedMetricExports: 'zeph.telemetry.dropped_metric_exports',
  /** Counter of log records that never reached the collector; attribute zeph.telemetry.drop_reason. */
  droppedLogRecords: 'zeph.telemetry.dropped_log_records',
} as const;

export const OTLP_ATTRIBUTES = {
  /** queue_full | export_failed | shutdown_deadline */
  dropReason: 'zeph.telemetry.drop_reason',
  hostName: 'host.name',
  serviceName: 'service.name',
  serviceInstanceId: 'service.instance.id',
  processPid: 'process.pid',
  processRuntimeName: 'process.runtime.name',
  processRuntimeVersion: 'process.runtime.version',
  serviceVersion: 'service.version',
} as const;

export type AgentSpanName = (typeof AGENT_SPANS)[keyof typeof AGENT_SPANS];
export type ContextSpanName = (typeof CONTEXT_SPANS)[keyof typeof CONTEXT_SPANS];
