import * as sqliteVec from 'sqlite-vec';
import type { SqliteDatabase } from './memory-database.js';
import { createSqliteCosineIndex } from './sqlite-cosine-index.js';
import { createSqliteVecIndex } from './sqlite-vec-index.js';
import type { VectorIndex } from './types.js';

export type SqliteVectorPreference = 'auto' | 'sqlite-vec' | 'sqlite-cosine';

export interface SqliteVectorBackendChoice {
  backend: 'sqlite-vec' | 'sqlite-cosine';
  /** Set when "auto" wanted sqlite-vec but had to fall back. */
  fallbackReason?: string;
  createIndex(collection: string, dimensions: number): VectorIndex;
}

export type VectorExtensionLoader = (db: SqliteDatabase) => void;

const loadSqliteVec: VectorExtensionLoader = (db) => sqliteVec.load(db);

/**
 * Decides once per database which vector index to use: sqlite-vec when its extension loads (or was
 * asked for explicitly: then a load failure is an error), else exact cosine over float32 blobs.
 */
export function chooseSqliteVectorBackend(
  db: SqliteDatabase,
  preference: SqliteVectorPreference,
  loadExtension: VectorExtensionLoader = loadSqliteVec,
): SqliteVectorBackendChoice {
  const cosine = (fallbackReason?: string): SqliteVectorBackendChoice => ({
    backend: 'sqlite-cosine',
    fallbackReason,
    createIndex: (collection, dimensions) => createSqliteCosineIndex(db, collection, dimensions),
  });
  if (preference === 'sqlite-cosine') return cosine();
  try {
    loadExtension(db);
  } catch (error) {
    const reason = `sqlite-vec did not load: ${(error as Error).message}`;
    if (preference === 'sqlite-vec') throw new Error(`memory store: vector_backend "sqlite-vec" requested but ${reason}`, { cause: error });
    return cosine(reason);
  }
  return { backend: 'sqlite-vec', createIndex: (collection, dimensions) => createSqliteVecIndex(db, collection, dimensions) };
}
