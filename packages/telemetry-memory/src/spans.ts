// The memory.* slice of the instrumentation map (a public contract: see DESIGN.md).
// This file is the only place this package spells span names, attribute keys and metric names.

export const MEMORY_SPANS = {
  remember: 'memory.remember',
  recall: 'memory.recall',
  summarize: 'memory.summarize',
  graphExtract: 'memory.graph_extract',
  personaExtract: 'memory.persona_extract',
  crossSession: 'memory.cross_session',
  vectorStore: 'memory.vector_store',
  sqlite: 'memory.sqlite',
  admission: 'memory.admission',
  compactionProbe: 'memory.compaction_probe',
  forgetting: 'memory.forgetting',
  consolidation: 'memory.consolidation',
  consolidationLoop: 'memory.consolidation_loop',
} as const;

export const MEMORY_ATTRIBUTES = {
  /** Database system, as in the OpenTelemetry database conventions. */
  dbSystem: 'db.system.name',
  /** SQL verb or vector operation: insert, select, delete, upsert, search... */
  operation: 'memory.operation',
  table: 'memory.table',
  /** Rows (or points) read, written or deleted by the operation. */
  rows: 'memory.rows',
  /** Bytes of text or vector data the operation moved. */
  bytes: 'memory.bytes',
  k: 'memory.k',
  hitCount: 'memory.hit_count',
  topScore: 'memory.top_score',
  /** Vector backend: sqlite-vec, sqlite-cosine, qdrant or in-memory. */
  backend: 'memory.vector.backend',
  /** Why the automatic choice fell back (e.g. the extension failed to load). */
  backendFallbackReason: 'memory.vector.fallback_reason',
  dimensions: 'memory.vector.dimensions',
  collection: 'memory.vector.collection',
  sessionId: 'memory.session.id',
  role: 'memory.message.role',
  messageId: 'memory.message.id',
  admitted: 'memory.admission.admitted',
  admissionScore: 'memory.admission.score',
  admissionReason: 'memory.admission.reason',
  factCount: 'memory.fact.count',
  traitCount: 'memory.persona.trait_count',
  summaryId: 'memory.summary.id',
  inputMessages: 'memory.summary.input_messages',
  tokens: 'memory.tokens',
  tokenBudget: 'memory.token_budget',
  overBudget: 'memory.over_budget',
  deleted: 'memory.deleted',
  maxAgeMs: 'memory.forgetting.max_age_ms',
  minImportance: 'memory.forgetting.min_importance',
  examined: 'memory.consolidation.examined',
  merged: 'memory.consolidation.merged',
  similarity: 'memory.consolidation.similarity',
  loopRun: 'memory.consolidation_loop.run',
  intervalMs: 'memory.consolidation_loop.interval_ms',
  sessionsSearched: 'memory.cross_session.sessions',
  target: 'memory.recall.target',
} as const;

export type MemorySpanName = (typeof MEMORY_SPANS)[keyof typeof MEMORY_SPANS];
