import type { QdrantClient } from '@qdrant/js-client-rest';
import { assertVectorSize } from './collection-name.js';
import type { VectorIndex, VectorMatch, VectorPoint, VectorQuery } from './types.js';

export interface QdrantVectorIndexOptions {
  /** A client from @qdrant/js-client-rest (the caller owns its URL and API key). */
  client: QdrantClient;
  collection: string;
  dimensions: number;
}

const SESSION_KEY = 'session_id';

function sessionFilter(query: VectorQuery) {
  if (query.sessionId !== undefined) return { must: [{ key: SESSION_KEY, match: { value: query.sessionId } }] };
  if (query.excludeSessionId !== undefined) return { must_not: [{ key: SESSION_KEY, match: { value: query.excludeSessionId } }] };
  return undefined;
}

/** Qdrant answers errors as {status: {error}}; the client only says "Bad Request", so add the server's words. */
function describeQdrantError(error: unknown): string {
  const err = error as Error & { status?: number; data?: { status?: { error?: string } } };
  const detail = err.data?.status?.error;
  return [err.status, err.message, detail].filter((part) => part !== undefined && part !== '').join(': ');
}

async function call<R>(collection: string, operation: string, run: () => Promise<R>): Promise<R> {
  try {
    return await run();
  } catch (error) {
    throw new Error(`qdrant collection ${collection}: ${operation} failed: ${describeQdrantError(error)}`, { cause: error });
  }
}

/** A vector index stored in a Qdrant collection (cosine distance, session id in the payload). */
export function createQdrantVectorIndex({ client, collection, dimensions }: QdrantVectorIndexOptions): VectorIndex {
  let ready: Promise<void> | undefined;
  // Create the collection on first use; a failed attempt is retried on the next call.
  const ensureCollection = () => {
    ready ??= (async () => {
      const { exists } = await client.collectionExists(collection);
      if (!exists) await client.createCollection(collection, { vectors: { size: dimensions, distance: 'Cosine' } });
    })().catch((error: unknown) => {
      ready = undefined;
      throw new Error(`qdrant collection ${collection}: create failed: ${describeQdrantError(error)}`, { cause: error });
    });
    return ready;
  };

  return {
    backend: 'qdrant',
    collection,
    dimensions,
    async upsert(points: readonly VectorPoint[]) {
      if (points.length === 0) return;
      for (const p of points) assertVectorSize(collection, dimensions, p.vector);
      await ensureCollection();
      await call(collection, 'upsert', () => client.upsert(collection, {
        wait: true,
        points: points.map((p) => ({ id: p.id, vector: Array.from(p.vector), payload: { [SESSION_KEY]: p.sessionId } })),
      }));
    },
    async search(query: VectorQuery): Promise<VectorMatch[]> {
      assertVectorSize(collection, dimensions, query.vector);
      if (query.k <= 0) return [];
      await ensureCollection();
      const result = await call(collection, 'search', () => client.query(collection, {
        query: Array.from(query.vector),
        limit: query.k,
        filter: sessionFilter(query),
        with_payload: false,
      }));
      return result.points.map((point) => ({ id: Number(point.id), score: point.score }));
    },
    async delete(ids: readonly number[]) {
      if (ids.length === 0) return;
      await ensureCollection();
      await call(collection, 'delete', () => client.delete(collection, { wait: true, points: [...ids] }));
    },
  };
}
