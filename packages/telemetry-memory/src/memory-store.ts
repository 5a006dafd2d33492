import { createLogger, isTelemetryActive, withSpan } from '@zeph/telemetry-core';
import { judgeAdmission } from './admission.js';
import { startConsolidationTimer } from './consolidation-loop.js';
import { firstSentenceSummarizer } from './default-summarizer.js';
import { planFactMerges } from './fact-consolidation.js';
import { FactTable, factText } from './fact-table.js';
import { extractGraphFacts } from './graph-extraction.js';
import { createHashedNgramEmbedder } from './hashed-ngram-embedder.js';
import { assertNewMessage, assertRecallK } from './input-checks.js';
import { instrumentVectorIndex } from './instrumented-vector-index.js';
import { openMemoryDatabase, type SqliteDatabase } from './memory-database.js';
import { MessageTable } from './message-table.js';
import { extractPersonaTraits } from './persona-extraction.js';
import { MEMORY_ATTRIBUTES, MEMORY_SPANS } from './spans.js';
import { chooseSqliteVectorBackend, type VectorExtensionLoader } from './sqlite-vector-backend.js';
import { SummaryTable } from './summary-table.js';
import { estimateTokens } from './token-estimate.js';
import type {
  AdmissionDecision,
  CompactionProbeResult,
  ConsolidationLoopHandle,
  ConsolidationResult,
  Embedder,
  ForgettingPolicy,
  MemoryStoreOptions,
  NewMessage,
  RecallHit,
  RecallOptions,
  RememberResult,
  StoredFact,
  StoredMessage,
  Summarizer,
  Summary,
  VectorBackend,
  VectorIndex,
  VectorMatch,
  VectorQuery,
} from './types.js';
import { isZeroVector } from './vector-math.js';

const DEFAULT_K = 5;
const RECENT_FOR_DUPLICATES = 8;
const log = createLogger('telemetry-memory');

function byScore<T>(matches: { id: number; score: number }[], items: T[], idOf: (item: T) => number): RecallHit<T>[] {
  const byId = new Map(items.map((item) => [idOf(item), item]));
  return matches.flatMap((m) => {
    const item = byId.get(m.id);
    return item ? [{ item, score: m.score }] : [];
  });
}

/**
 * The agent's long-term memory: messages, summaries and facts in one SQLite file (WAL), with
 * vector recall over messages and facts. Every operation runs in its memory.* span.
 */
export class MemoryStore {
  readonly embedder: Embedder;
  /** The vector backend chosen at open time. */
  readonly vectorBackend: VectorBackend;
  /** Why "auto" fell back from sqlite-vec, when it did. */
  readonly vectorFallbackReason: string | undefined;
  private readonly messages: MessageTable;
  private readonly summaries: SummaryTable;
  private readonly facts: FactTable;
  private readonly messageVectors: VectorIndex;
  private readonly factVectors: VectorIndex;
  private readonly summarizer: Summarizer;
  private readonly admissionThreshold: number;

  constructor(
    private readonly db: SqliteDatabase,
    options: Omit<MemoryStoreOptions, 'path'> & { loadVectorExtension?: VectorExtensionLoader },
  ) {
    this.embedder = options.embedder ?? createHashedNgramEmbedder();
    this.summarizer = options.summarizer ?? firstSentenceSummarizer;
    this.admissionThreshold = options.admissionThreshold ?? 0.3;
    this.messages = new MessageTable(db);
    this.summaries = new SummaryTable(db);
    this.facts = new FactTable(db);
    const dims = this.embedder.dimensions;
    if (options.vectorIndexFactory) {
      this.messageVectors = instrumentVectorIndex(options.vectorIndexFactory('messages', dims));
      this.factVectors = instrumentVectorIndex(options.vectorIndexFactory('facts', dims));
      this.vectorBackend = this.messageVectors.backend;
      this.vectorFallbackReason = undefined;
    } else {
      const choice = chooseSqliteVectorBackend(db, options.vectorBackend ?? 'auto', options.loadVectorExtension);
      this.messageVectors = instrumentVectorIndex(choice.createIndex('messages', dims));
      this.factVectors = instrumentVectorIndex(choice.createIndex('facts', dims));
      this.vectorBackend = choice.backend;
      this.vectorFallbackReason = choice.fallbackReason;
      if (choice.fallbackReason) log.warn('vector recall falls back to exact cosine', { reason: choice.fallbackReason });
    }
  }

  private backendAttributes() {
    return {
      [MEMORY_ATTRIBUTES.backend]: this.vectorBackend,
      ...(this.vectorFallbackReason ? { [MEMORY_ATTRIBUTES.backendFallbackReason]: this.vectorFallbackReason } : {}),
    };
  }

  private async embedOne(text: string): Promise<Float32Array> {
    const [vector] = await this.embedder.embed([text]);
    return vector;
  }

  /** Nearest neighbours of the query text; none for a query without words (its vector is zero). */
  private async searchText(index: VectorIndex, text: string, query: Omit<VectorQuery, 'vector'>): Promise<VectorMatch[]> {
    const vector = await this.embedOne(text);
    return isZeroVector(vector) ? [] : index.search({ ...query, vector });
  }

  /** memory.admission: is this message worth remembering? */
  admit(message: NewMessage): AdmissionDecision {
    return withSpan(MEMORY_SPANS.admission, (span) => {
      const recent = this.messages.recent(message.sessionId, RECENT_FOR_DUPLICATES).map((m) => m.content);
      const decision = judgeAdmission(message, recent, this.admissionThreshold);
      if (span.isRecording) {
        span.setAttributes({
          [MEMORY_ATTRIBUTES.admitted]: decision.admit,
          [MEMORY_ATTRIBUTES.admissionScore]: decision.score,
          [MEMORY_ATTRIBUTES.admissionReason]: decision.reason,
        });
      }
      return decision;
    });
  }

  /** memory.graph_extract: (subject, relation, object) triples in the text. */
  extractGraphFacts(text: string) {
    return withSpan(MEMORY_SPANS.graphExtract, (span) => {
      const facts = extractGraphFacts(text);
      if (span.isRecording) span.setAttributes({ [MEMORY_ATTRIBUTES.factCount]: facts.length, [MEMORY_ATTRIBUTES.bytes]: Buffer.byteLength(text) });
      return facts;
    });
  }

  /** memory.persona_extract: traits the user states about themselves. */
  extractPersona(text: string) {
    return withSpan(MEMORY_SPANS.personaExtract, (span) => {
      const traits = extractPersonaTraits(text);
      if (span.isRecording) span.setAttributes({ [MEMORY_ATTRIBUTES.traitCount]: traits.length, [MEMORY_ATTRIBUTES.bytes]: Buffer.byteLength(text) });
      return traits;
    });
  }

  /**
   * memory.remember: admission, then the message row and its vector; for user messages the facts
   * and persona traits found in it are stored and embedded too.
   */
  async remember(message: NewMessage): Promise<RememberResult> {
    assertNewMessage(message);
    const attributes = isTelemetryActive()
      ? { [MEMORY_ATTRIBUTES.sessionId]: message.sessionId, [MEMORY_ATTRIBUTES.role]: message.role, [MEMORY_ATTRIBUTES.bytes]: Buffer.byteLength(message.content) }
      : undefined;
    return withSpan(
      MEMORY_SPANS.remember,
      async (span) => {
        const decision = this.admit(message);
        span.setAttribute(MEMORY_ATTRIBUTES.admitted, decision.admit);
        if (!decision.admit) return { decision, facts: [] };
        const createdAt = message.createdAt ?? Date.now();
        const stored = this.messages.insert({ sessionId: message.sessionId, role: message.role, content: message.content, createdAt, importance: decision.score });
        span.setAttribute(MEMORY_ATTRIBUTES.messageId, stored.id);
        await this.messageVectors.upsert([{ id: stored.id, sessionId: stored.sessionId, vector: await this.embedOne(stored.content) }]);
        let facts: StoredFact[] = [];
        if (message.role === 'user') {
          const extracted = [...this.extractGraphFacts(message.content), ...this.extractPersona(message.content)];
          facts = this.facts.insertMany(message.sessionId, extracted, createdAt);
          if (facts.length > 0) {
            const vectors = await this.embedder.embed(facts.map(factText));
            await this.factVectors.upsert(facts.map((f, i) => ({ id: f.id, sessionId: f.sessionId, vector: vectors[i] })));
          }
        }
        span.setAttribute(MEMORY_ATTRIBUTES.factCount, facts.length);
        return { decision, message: stored, facts };
      },
      attributes,
    );
  }

  /** memory.recall: the k messages of this session nearest to the query. */
  async recall(query: string, options: RecallOptions): Promise<RecallHit<StoredMessage>[]> {
    const k = options.k ?? DEFAULT_K;
    assertRecallK('recall', k);
    return withSpan(
      MEMORY_SPANS.recall,
      async (span) => {
        const matches = await this.searchText(this.messageVectors, query, { k, sessionId: options.sessionId });
        const hits = byScore(matches, this.messages.byIds(matches.map((m) => m.id)), (m) => m.id);
        span.setAttribute(MEMORY_ATTRIBUTES.hitCount, hits.length);
        return hits;
      },
      isTelemetryActive()
        ? { [MEMORY_ATTRIBUTES.k]: k, [MEMORY_ATTRIBUTES.sessionId]: options.sessionId, [MEMORY_ATTRIBUTES.target]: 'messages', ...this.backendAttributes() }
        : undefined,
    );
  }

  /** memory.recall over facts and persona traits, from every session (they describe the user, not a conversation). */
  async recallFacts(query: string, options: { k?: number } = {}): Promise<RecallHit<StoredFact>[]> {
    const k = options.k ?? DEFAULT_K;
    assertRecallK('fact recall', k);
    return withSpan(
      MEMORY_SPANS.recall,
      async (span) => {
        const matches = await this.searchText(this.factVectors, query, { k });
        const hits = byScore(matches, this.facts.byIds(matches.map((m) => m.id)), (f) => f.id);
        span.setAttribute(MEMORY_ATTRIBUTES.hitCount, hits.length);
        return hits;
      },
      isTelemetryActive() ? { [MEMORY_ATTRIBUTES.k]: k, [MEMORY_ATTRIBUTES.target]: 'facts', ...this.backendAttributes() } : undefined,
    );
  }

  /** memory.cross_session: the k messages nearest to the query from every other session. */
  async recallCrossSession(query: string, options: RecallOptions): Promise<RecallHit<StoredMessage>[]> {
    const k = options.k ?? DEFAULT_K;
    assertRecallK('cross-session recall', k);
    return withSpan(
      MEMORY_SPANS.crossSession,
      async (span) => {
        if (span.isRecording) span.setAttribute(MEMORY_ATTRIBUTES.sessionsSearched, this.messages.countSessions(options.sessionId));
        const matches = await this.searchText(this.messageVectors, query, { k, excludeSessionId: options.sessionId });
        const hits = byScore(matches, this.messages.byIds(matches.map((m) => m.id)), (m) => m.id);
        span.setAttribute(MEMORY_ATTRIBUTES.hitCount, hits.length);
        return hits;
      },
      isTelemetryActive() ? { [MEMORY_ATTRIBUTES.k]: k, [MEMORY_ATTRIBUTES.sessionId]: options.sessionId, ...this.backendAttributes() } : undefined,
    );
  }

  /**
   * The messages of a session in order (memory.sqlite); with `last`, only its newest `last`
   * messages (oldest first), read through the index instead of the whole session.
   */
  history(sessionId: string, options: { last?: number } = {}): StoredMessage[] {
    if (options.last === undefined) return this.messages.listSession(sessionId);
    if (!Number.isInteger(options.last) || options.last < 1) throw new RangeError(`history: "last" must be a whole number of at least 1, got ${String(options.last)}`);
    return this.messages.recent(sessionId, options.last);
  }

  /** The newest summaries of a session, oldest first (memory.sqlite). */
  latestSummaries(sessionId: string, limit = 3): Summary[] {
    return this.summaries.latest(sessionId, limit);
  }

  /** Messages not yet covered by a summary. */
  private unsummarized(sessionId: string): StoredMessage[] {
    return this.messages.listAfter(sessionId, this.summaries.lastCoveredMessageId(sessionId));
  }

  /** memory.compaction_probe: do the messages since the last summary exceed the token budget? */
  probeCompaction(sessionId: string, tokenBudget: number): CompactionProbeResult {
    if (!(tokenBudget > 0)) throw new RangeError(`memory compaction probe: token budget must be > 0, got ${tokenBudget}`);
    return withSpan(
      MEMORY_SPANS.compactionProbe,
      (span) => {
        const pending = this.unsummarized(sessionId);
        const tokens = estimateTokens(pending);
        const result = { tokens, budget: tokenBudget, overBudget: tokens > tokenBudget, messages: pending.length };
        if (span.isRecording) {
          span.setAttributes({ [MEMORY_ATTRIBUTES.tokens]: tokens, [MEMORY_ATTRIBUTES.overBudget]: result.overBudget, [MEMORY_ATTRIBUTES.rows]: pending.length });
        }
        return result;
      },
      isTelemetryActive() ? { [MEMORY_ATTRIBUTES.sessionId]: sessionId, [MEMORY_ATTRIBUTES.tokenBudget]: tokenBudget } : undefined,
    );
  }

  /**
   * memory.summarize: folds the messages since the last summary, except the newest `keepRecent`,
   * into one summary row through the summarizer. Returns undefined when there is nothing to fold.
   */
  summarize(sessionId: string, options: { keepRecent?: number } = {}): Promise<Summary | undefined> {
    const keepRecent = options.keepRecent ?? 4;
    return withSpan(
      MEMORY_SPANS.summarize,
      async (span) => {
        const pending = this.unsummarized(sessionId);
        const toFold = pending.slice(0, Math.max(0, pending.length - keepRecent));
        span.setAttribute(MEMORY_ATTRIBUTES.inputMessages, toFold.length);
        if (toFold.length === 0) return undefined;
        const content = (await this.summarizer(toFold)).trim();
        if (!content) throw new Error(`memory summarize: the summarizer returned empty text for session ${sessionId}`);
        const summary = this.summaries.insert({
          sessionId,
          content,
          fromMessageId: toFold[0].id,
          toMessageId: toFold[toFold.length - 1].id,
          createdAt: Date.now(),
        });
        if (span.isRecording) span.setAttributes({ [MEMORY_ATTRIBUTES.summaryId]: summary.id, [MEMORY_ATTRIBUTES.bytes]: Buffer.byteLength(content) });
        return summary;
      },
      isTelemetryActive() ? { [MEMORY_ATTRIBUTES.sessionId]: sessionId } : undefined,
    );
  }

  /** memory.forgetting: deletes messages (and their vectors) older than maxAgeMs or scored below minImportance. */
  forget(policy: ForgettingPolicy): Promise<number> {
    if (policy.maxAgeMs === undefined && policy.minImportance === undefined) {
      return Promise.reject(new Error('memory forgetting: the policy needs maxAgeMs, minImportance or both'));
    }
    const now = policy.now ?? Date.now();
    return withSpan(
      MEMORY_SPANS.forgetting,
      async (span) => {
        const createdBefore = policy.maxAgeMs === undefined ? -Infinity : now - policy.maxAgeMs;
        const ids = this.messages.deleteForgotten(createdBefore, policy.minImportance ?? -Infinity);
        if (ids.length > 0) await this.messageVectors.delete(ids);
        span.setAttribute(MEMORY_ATTRIBUTES.deleted, ids.length);
        return ids.length;
      },
      isTelemetryActive()
        ? {
            ...(policy.maxAgeMs !== undefined ? { [MEMORY_ATTRIBUTES.maxAgeMs]: policy.maxAgeMs } : {}),
            ...(policy.minImportance !== undefined ? { [MEMORY_ATTRIBUTES.minImportance]: policy.minImportance } : {}),
          }
        : undefined,
    );
  }

  /**
   * memory.consolidation: merges near-duplicate facts of the same kind and subject (cosine of their
   * texts >= similarity) into the oldest one, which keeps the summed support.
   */
  consolidate(options: { similarity?: number } = {}): Promise<ConsolidationResult> {
    const similarity = options.similarity ?? 0.9;
    return withSpan(
      MEMORY_SPANS.consolidation,
      async (span) => {
        const facts = this.facts.all();
        const vectors = await this.embedder.embed(facts.map(factText));
        const merges = planFactMerges(facts, vectors, similarity);
        const removedIds = [...merges.values()].flatMap((m) => m.duplicates);
        if (merges.size > 0) {
          this.facts.mergeInto(merges);
          await this.factVectors.delete(removedIds);
        }
        const result = { examined: facts.length, merged: removedIds.length };
        if (span.isRecording) span.setAttributes({ [MEMORY_ATTRIBUTES.examined]: result.examined, [MEMORY_ATTRIBUTES.merged]: result.merged });
        return result;
      },
      isTelemetryActive() ? { [MEMORY_ATTRIBUTES.similarity]: similarity } : undefined,
    );
  }

  /** memory.consolidation_loop: consolidation every intervalMs on an unref'd timer (see consolidation-loop.ts). */
  startConsolidationLoop(options: { intervalMs: number; similarity?: number }): ConsolidationLoopHandle {
    return startConsolidationTimer(() => this.consolidate({ similarity: options.similarity }), options.intervalMs);
  }

  close(): void {
    this.db.close();
  }
}

/** Opens (or creates) a memory store in a SQLite file. */
export function openMemoryStore(options: MemoryStoreOptions & { loadVectorExtension?: VectorExtensionLoader }): MemoryStore {
  const db = openMemoryDatabase(options.path);
  try {
    return new MemoryStore(db, options);
  } catch (error) {
    db.close();
    throw error;
  }
}
