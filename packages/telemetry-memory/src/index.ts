// Public surface of @zeph/telemetry-memory (the `profiling` build).
export { MEMORY_SPANS, MEMORY_ATTRIBUTES } from './spans.js';
export type { MemorySpanName } from './spans.js';
export { MemoryStore, openMemoryStore } from './memory-store.js';
export { createHashedNgramEmbedder, embedTextWithHashedNgrams } from './hashed-ngram-embedder.js';
export type { HashedNgramEmbedderOptions } from './hashed-ngram-embedder.js';
export { cosineSimilarity, isZeroVector, l2Normalise } from './vector-math.js';
export { createQdrantVectorIndex } from './qdrant-vector-index.js';
export type { QdrantVectorIndexOptions } from './qdrant-vector-index.js';
export { instrumentVectorIndex } from './instrumented-vector-index.js';
export { createInMemoryVectorIndex } from './in-memory-vector-index.js';
export { judgeAdmission } from './admission.js';
export { extractGraphFacts } from './graph-extraction.js';
export { extractPersonaTraits } from './persona-extraction.js';
export { firstSentenceSummarizer } from './default-summarizer.js';
export { estimateTokens } from './token-estimate.js';
export type * from './types.js';
