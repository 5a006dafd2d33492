// Public types of @zeph/telemetry-memory.

/** Turns texts into fixed-size float32 vectors. Injected so a real embedding model can replace the default. */
export interface Embedder {
  readonly dimensions: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export type MessageRole = 'user' | 'assistant' | 'system' | 'tool';

export interface NewMessage {
  sessionId: string;
  role: MessageRole;
  content: string;
  /** Milliseconds since the epoch; defaults to now. */
  createdAt?: number;
}

export interface StoredMessage {
  id: number;
  sessionId: string;
  role: MessageRole;
  content: string;
  createdAt: number;
  /** Admission score in [0, 1]: how worth remembering the message was judged. */
  importance: number;
}

export interface Summary {
  id: number;
  sessionId: string;
  content: string;
  /** Ids of the first and last message the summary covers. */
  fromMessageId: number;
  toMessageId: number;
  createdAt: number;
}

export type FactKind = 'relation' | 'persona';

/** A (subject, relation, object) triple; persona traits use subject "user". */
export interface ExtractedFact {
  kind: FactKind;
  subject: string;
  relation: string;
  object: string;
}

export interface StoredFact extends ExtractedFact {
  id: number;
  sessionId: string;
  /** How many times the fact was stated (consolidation merges duplicates into one row). */
  support: number;
  createdAt: number;
}

export interface AdmissionDecision {
  admit: boolean;
  /** In [0, 1]. */
  score: number;
  reason: string;
}

export interface RememberResult {
  decision: AdmissionDecision;
  /** Set when the message was admitted and stored. */
  message?: StoredMessage;
  facts: StoredFact[];
}

export interface RecallHit<T> {
  item: T;
  /** Cosine similarity in [-1, 1]; higher is closer. */
  score: number;
}

export interface RecallOptions {
  sessionId: string;
  k?: number;
}

/** Turns a run of messages into one short text. Inject an LLM call; the default is deterministic. */
export type Summarizer = (messages: readonly StoredMessage[]) => string | Promise<string>;

export interface CompactionProbeResult {
  tokens: number;
  budget: number;
  overBudget: boolean;
  messages: number;
}

export interface ForgettingPolicy {
  /** Delete messages older than this. */
  maxAgeMs?: number;
  /** Delete messages whose admission score is below this. */
  minImportance?: number;
  /** Reference time; defaults to now. */
  now?: number;
}

export interface ConsolidationResult {
  examined: number;
  merged: number;
}

export type VectorBackend = 'sqlite-vec' | 'sqlite-cosine' | 'qdrant' | 'in-memory';

export interface VectorPoint {
  id: number;
  sessionId: string;
  vector: Float32Array;
}

export interface VectorQuery {
  vector: Float32Array;
  k: number;
  /** Only points of this session. */
  sessionId?: string;
  /** Only points of sessions other than this one. */
  excludeSessionId?: string;
}

export interface VectorMatch {
  id: number;
  /** Cosine similarity; higher is closer. */
  score: number;
}

/** A collection of vectors keyed by integer id. SQLite, sqlite-vec and Qdrant implement it. */
export interface VectorIndex {
  readonly backend: VectorBackend;
  readonly collection: string;
  readonly dimensions: number;
  upsert(points: readonly VectorPoint[]): Promise<void>;
  search(query: VectorQuery): Promise<VectorMatch[]>;
  delete(ids: readonly number[]): Promise<void>;
}

export interface MemoryStoreOptions {
  /** SQLite file path (":memory:" for a throwaway store). */
  path: string;
  embedder?: Embedder;
  /** "auto" uses sqlite-vec when the extension loads, else exact cosine over stored blobs. */
  vectorBackend?: 'auto' | 'sqlite-vec' | 'sqlite-cosine';
  summarizer?: Summarizer;
  /** Minimum admission score for a message to be stored (default 0.3). */
  admissionThreshold?: number;
  /** Builds the vector index for a collection instead of the SQLite one (e.g. Qdrant). */
  vectorIndexFactory?: (collection: string, dimensions: number) => VectorIndex;
}

export interface ConsolidationLoopHandle {
  /** Number of completed runs. */
  readonly runs: number;
  /** Runs consolidation now (e.g. before shutdown), or waits for the run already going. */
  runNow(): Promise<void>;
  stop(): void;
}
