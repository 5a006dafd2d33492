import { describe, expect, it } from 'vitest';
import { createHashedNgramEmbedder } from './hashed-ngram-embedder.js';
import { cosineSimilarity } from './vector-math.js';

describe('hashed n-gram embedder', () => {
  const embedder = createHashedNgramEmbedder({ dimensions: 128 });

  it('is deterministic and L2-normalised', async () => {
    const [a] = await embedder.embed(['The deploy pipeline runs on Fridays']);
    const [b] = await createHashedNgramEmbedder({ dimensions: 128 }).embed(['The deploy pipeline runs on Fridays']);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(a.length).toBe(128);
    const norm = Math.sqrt(a.reduce((s, v) => s + v * v, 0));
    expect(norm).toBeCloseTo(1, 5);
  });

  it('puts texts sharing words closer than unrelated ones', async () => {
    const [query, related, unrelated] = await embedder.embed([
      'which database does the project use',
      'the project uses a SQLite database',
      'my cat sleeps all afternoon',
    ]);
    expect(cosineSimilarity(query, related)).toBeGreaterThan(cosineSimilarity(query, unrelated) + 0.2);
  });

  it('gives the zero vector for text without words', async () => {
    const [empty] = await embedder.embed(['  ...  ']);
    expect(empty.every((v) => v === 0)).toBe(true);
  });

  it('rejects a nonsensical dimension count, naming it', () => {
    expect(() => createHashedNgramEmbedder({ dimensions: 3 })).toThrow(/dimensions must be an integer >= 8, got 3/);
  });
});
