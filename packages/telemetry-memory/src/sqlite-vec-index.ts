import { assertCollectionName, assertVectorSize } from './collection-name.js';
import type { SqliteDatabase } from './memory-database.js';
import type { VectorIndex, VectorMatch, VectorPoint, VectorQuery } from './types.js';

/**
 * K-nearest-neighbour search in a sqlite-vec `vec0` virtual table (cosine distance, session id as a
 * metadata column so the filter runs inside the KNN scan). The extension must already be loaded.
 */
export function createSqliteVecIndex(db: SqliteDatabase, collection: string, dimensions: number): VectorIndex {
  assertCollectionName(collection);
  const table = `vec_${collection}`;
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS ${table} USING vec0(embedding float[${dimensions}] distance_metric=cosine, session_id text)`);
  const remove = db.prepare(`DELETE FROM ${table} WHERE rowid = ?`);
  const insert = db.prepare(`INSERT INTO ${table} (rowid, embedding, session_id) VALUES (?, ?, ?)`);
  const knn = `SELECT rowid AS id, distance FROM ${table} WHERE embedding MATCH ? AND k = ?`;
  const searchAll = db.prepare(`${knn} ORDER BY distance`);
  const searchSession = db.prepare(`${knn} AND session_id = ? ORDER BY distance`);
  const searchOthers = db.prepare(`${knn} AND session_id != ? ORDER BY distance`);

  return {
    backend: 'sqlite-vec',
    collection,
    dimensions,
    async upsert(points: readonly VectorPoint[]) {
      for (const p of points) assertVectorSize(collection, dimensions, p.vector);
      // vec0 has no UPSERT; delete then insert. Rowids must be BigInt or vec0 rejects them as floats.
      db.transaction(() => {
        for (const p of points) {
          remove.run(BigInt(p.id));
          insert.run(BigInt(p.id), p.vector, p.sessionId);
        }
      })();
    },
    async search(query: VectorQuery): Promise<VectorMatch[]> {
      assertVectorSize(collection, dimensions, query.vector);
      if (query.k <= 0) return [];
      const rows = (
        query.sessionId !== undefined
          ? searchSession.all(query.vector, query.k, query.sessionId)
          : query.excludeSessionId !== undefined
            ? searchOthers.all(query.vector, query.k, query.excludeSessionId)
            : searchAll.all(query.vector, query.k)
      ) as { id: number; distance: number }[];
      return rows.map((row) => ({ id: Number(row.id), score: 1 - row.distance }));
    },
    async delete(ids: readonly number[]) {
      db.transaction(() => {
        for (const id of ids) remove.run(BigInt(id));
      })();
    },
  };
}
