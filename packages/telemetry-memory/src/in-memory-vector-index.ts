import { assertVectorSize } from './collection-name.js';
import type { VectorIndex, VectorMatch, VectorPoint, VectorQuery } from './types.js';
import { cosineSimilarity } from './vector-math.js';

/** Exact cosine search over vectors held in process memory: for small, rebuildable sets such as skills. */
export function createInMemoryVectorIndex(collection: string, dimensions: number): VectorIndex {
  const points = new Map<number, VectorPoint>();
  return {
    backend: 'in-memory',
    collection,
    dimensions,
    async upsert(batch: readonly VectorPoint[]) {
      for (const p of batch) assertVectorSize(collection, dimensions, p.vector);
      for (const p of batch) points.set(p.id, { id: p.id, sessionId: p.sessionId, vector: Float32Array.from(p.vector) });
    },
    async search(query: VectorQuery): Promise<VectorMatch[]> {
      assertVectorSize(collection, dimensions, query.vector);
      const scored: VectorMatch[] = [];
      for (const p of points.values()) {
        if (query.sessionId !== undefined && p.sessionId !== query.sessionId) continue;
        if (query.excludeSessionId !== undefined && p.sessionId === query.excludeSessionId) continue;
        scored.push({ id: p.id, score: cosineSimilarity(query.vector, p.vector) });
      }
      scored.sort((a, b) => b.score - a.score || a.id - b.id);
      return scored.slice(0, Math.max(0, query.k));
    },
    async delete(ids: readonly number[]) {
      for (const id of ids) points.delete(id);
    },
  };
}
