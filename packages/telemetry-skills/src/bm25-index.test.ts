import { describe, expect, it } from 'vitest';
import { Bm25Index, tokenize } from './bm25-index.js';

describe('BM25', () => {
  const index = new Bm25Index();
  index.add('git', 'git commit message from the staged diff');
  index.add('sql', 'write sql queries for postgres databases; sql joins and sql indexes');
  index.add('weather', 'weather forecast for a city');
  index.add('tests', 'write unit tests for typescript functions');

  it('ranks the document that matches the rare query terms first', () => {
    expect(index.search('commit my staged changes', 3).map((h) => h.id)).toEqual(['git']);
    expect(index.search('forecast for Paris tomorrow', 3)[0].id).toBe('weather');
  });

  it('rewards term frequency but weighs rare terms above common ones', () => {
    const hits = index.search('write sql', 4);
    expect(hits[0].id).toBe('sql');
    expect(hits.map((h) => h.id)).toContain('tests');
    expect(hits[0].score).toBeGreaterThan(hits[1].score);
    // "write" appears in two documents, "typescript" in one: the rarer term scores higher alone.
    expect(index.search('typescript', 1)[0].score).toBeGreaterThan(index.search('write', 1)[0].score);
  });

  it('returns nothing for unknown or stop-word-only queries, and forgets removed documents', () => {
    expect(index.search('zebra', 3)).toEqual([]);
    expect(index.search('the and of', 3)).toEqual([]);
    const copy = new Bm25Index();
    copy.add('a', 'alpha beta');
    copy.add('b', 'beta gamma');
    copy.remove('a');
    expect(copy.size).toBe(1);
    expect(copy.search('alpha', 5)).toEqual([]);
  });

  it('tokenizes case-insensitively, drops stop words and folds simple plurals', () => {
    expect(tokenize('The Databases and SQL queries, class')).toEqual(['database', 'sql', 'query', 'class']);
  });
});
