import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDatabase, type SqliteDatabase } from './memory-database.js';
import { chooseSqliteVectorBackend } from './sqlite-vector-backend.js';
import type { VectorIndex } from './types.js';
import { cosineSimilarity, l2Normalise } from './vector-math.js';

// A seeded generator keeps the random corpus identical on every run.
function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
}

const DIMS = 16;
const random = seededRandom(42);
const corpus = Array.from({ length: 200 }, (_, i) => ({
  id: i + 1,
  sessionId: i % 3 === 0 ? 'alpha' : 'beta',
  vector: l2Normalise(Float32Array.from({ length: DIMS }, random)),
}));
const query = l2Normalise(Float32Array.from({ length: DIMS }, random));

function bruteForce(k: number, keep: (p: (typeof corpus)[number]) => boolean) {
  return corpus
    .filter(keep)
    .map((p) => ({ id: p.id, score: cosineSimilarity(query, p.vector) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

let dir: string;
let db: SqliteDatabase;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zeph-vectors-'));
  db = openMemoryDatabase(join(dir, 'memory.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(['sqlite-vec', 'sqlite-cosine'] as const)('%s vector index', (preference) => {
  let index: VectorIndex;
  beforeEach(async () => {
    const choice = chooseSqliteVectorBackend(db, preference);
    expect(choice.backend).toBe(preference);
    index = choice.createIndex('messages', DIMS);
    await index.upsert(corpus);
  });

  it('returns the exact nearest neighbours in order', async () => {
    const expected = bruteForce(10, () => true);
    const found = await index.search({ vector: query, k: 10 });
    expect(found.map((m) => m.id)).toEqual(expected.map((m) => m.id));
    found.forEach((m, i) => expect(m.score).toBeCloseTo(expected[i].score, 4));
  });

  it('filters by session and by excluded session', async () => {
    const own = await index.search({ vector: query, k: 5, sessionId: 'alpha' });
    expect(own.map((m) => m.id)).toEqual(bruteForce(5, (p) => p.sessionId === 'alpha').map((m) => m.id));
    const others = await index.search({ vector: query, k: 5, excludeSessionId: 'alpha' });
    expect(others.map((m) => m.id)).toEqual(bruteForce(5, (p) => p.sessionId !== 'alpha').map((m) => m.id));
  });

  it('forgets deleted points and replaces upserted ones', async () => {
    const [nearest] = await index.search({ vector: query, k: 1 });
    await index.delete([nearest.id]);
    const [next] = await index.search({ vector: query, k: 1 });
    expect(next.id).toBe(bruteForce(2, () => true)[1].id);
    await index.upsert([{ id: 7, sessionId: 'beta', vector: query }]);
    const [exact] = await index.search({ vector: query, k: 1 });
    expect(exact.id).toBe(7);
    expect(exact.score).toBeCloseTo(1, 5);
  });

  it('keeps vectors in the file across reopening', async () => {
    db.close();
    db = openMemoryDatabase(join(dir, 'memory.db'));
    const reopened = chooseSqliteVectorBackend(db, preference).createIndex('messages', DIMS);
    const found = await reopened.search({ vector: query, k: 3 });
    expect(found.map((m) => m.id)).toEqual(bruteForce(3, () => true).map((m) => m.id));
  });

  it('names the collection and sizes when a vector has the wrong length', async () => {
    await expect(index.search({ vector: new Float32Array(3), k: 1 })).rejects.toThrow(/messages: expected a vector of 16 dimensions, got 3/);
  });
});

describe('vector backend choice', () => {
  it('picks sqlite-vec automatically when the extension loads', () => {
    const choice = chooseSqliteVectorBackend(db, 'auto');
    expect(choice.backend).toBe('sqlite-vec');
    expect(choice.fallbackReason).toBeUndefined();
  });

  it('falls back to exact cosine with a reason when the extension fails to load', async () => {
    const choice = chooseSqliteVectorBackend(db, 'auto', () => {
      throw new Error('libvec0.so: cannot open shared object file');
    });
    expect(choice.backend).toBe('sqlite-cosine');
    expect(choice.fallbackReason).toContain('cannot open shared object file');
    const index = choice.createIndex('facts', DIMS);
    await index.upsert(corpus.slice(0, 20));
    expect((await index.search({ vector: corpus[4].vector, k: 1 }))[0].id).toBe(5);
  });

  it('fails clearly when sqlite-vec was required but does not load', () => {
    expect(() =>
      chooseSqliteVectorBackend(db, 'sqlite-vec', () => {
        throw new Error('not found');
      }),
    ).toThrow(/vector_backend "sqlite-vec" requested but sqlite-vec did not load: not found/);
  });

  it('rejects collection names that are not plain identifiers', () => {
    expect(() => chooseSqliteVectorBackend(db, 'sqlite-cosine').createIndex('x; DROP TABLE messages', DIMS)).toThrow(/collection name/);
  });
});

describe('in-memory vector index', () => {
  it('returns the same exact nearest neighbours as the reference', async () => {
    const { createInMemoryVectorIndex } = await import('./in-memory-vector-index.js');
    const index = createInMemoryVectorIndex('skills', DIMS);
    await index.upsert(corpus);
    expect((await index.search({ vector: query, k: 8 })).map((m) => m.id)).toEqual(bruteForce(8, () => true).map((m) => m.id));
    expect((await index.search({ vector: query, k: 4, excludeSessionId: 'beta' })).map((m) => m.id)).toEqual(
      bruteForce(4, (p) => p.sessionId !== 'beta').map((m) => m.id),
    );
    await index.delete([bruteForce(1, () => true)[0].id]);
    expect((await index.search({ vector: query, k: 1 }))[0].id).toBe(bruteForce(2, () => true)[1].id);
  });
});
