import { assertCollectionName, assertVectorSize } from './collection-name.js';
import type { SqliteDatabase } from './memory-database.js';
import type { VectorIndex, VectorMatch, VectorPoint, VectorQuery } from './types.js';
import { cosineSimilarity } from './vector-math.js';

const asBlob = (vector: Float32Array) => Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
// A view when the driver's buffer is 4-byte aligned, else a copy (pooled Buffers may be unaligned).
const fromBlob = (blob: Buffer) =>
  blob.byteOffset % 4 === 0 ? new Float32Array(blob.buffer, blob.byteOffset, blob.byteLength / 4) : new Float32Array(new Uint8Array(blob).buffer);

/** Exact cosine search over float32 blobs in a plain table: the fallback when sqlite-vec does not load. */
export function createSqliteCosineIndex(db: SqliteDatabase, collection: string, dimensions: number): VectorIndex {
  assertCollectionName(collection);
  const table = `vectors_${collection}`;
  db.exec(`CREATE TABLE IF NOT EXISTS ${table} (id INTEGER PRIMARY KEY, session_id TEXT NOT NULL, vector BLOB NOT NULL)`);
  const upsert = db.prepare(
    `INSERT INTO ${table} (id, session_id, vector) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET session_id = excluded.session_id, vector = excluded.vector`,
  );
  const remove = db.prepare(`DELETE FROM ${table} WHERE id = ?`);
  const scanAll = db.prepare(`SELECT id, vector FROM ${table}`);
  const scanSession = db.prepare(`SELECT id, vector FROM ${table} WHERE session_id = ?`);
  const scanOthers = db.prepare(`SELECT id, vector FROM ${table} WHERE session_id != ?`);

  return {
    backend: 'sqlite-cosine',
    collection,
    dimensions,
    async upsert(points: readonly VectorPoint[]) {
      for (const p of points) assertVectorSize(collection, dimensions, p.vector);
      db.transaction(() => {
        for (const p of points) upsert.run(p.id, p.sessionId, asBlob(p.vector));
      })();
    },
    async search(query: VectorQuery): Promise<VectorMatch[]> {
      assertVectorSize(collection, dimensions, query.vector);
      if (query.k <= 0) return [];
      const rows = (
        query.sessionId !== undefined
          ? scanSession.all(query.sessionId)
          : query.excludeSessionId !== undefined
            ? scanOthers.all(query.excludeSessionId)
            : scanAll.all()
      ) as { id: number; vector: Buffer }[];
      const scored = rows.map((row) => ({ id: row.id, score: cosineSimilarity(query.vector, fromBlob(row.vector)) }));
      scored.sort((a, b) => b.score - a.score || a.id - b.id);
      return scored.slice(0, query.k);
    },
    async delete(ids: readonly number[]) {
      db.transaction(() => {
        for (const id of ids) remove.run(id);
      })();
    },
  };
}
