import type { StoredFact } from './types.js';
import { cosineSimilarity } from './vector-math.js';

export interface FactMerge {
  /** Summed support of the keeper and its duplicates. */
  support: number;
  duplicates: number[];
}

/**
 * Greedy single pass: each fact joins the first earlier keeper of the same kind and subject whose
 * vector is at least `similarity` close, else becomes a keeper. Returns keeper id -> merge.
 */
export function planFactMerges(facts: readonly StoredFact[], vectors: readonly Float32Array[], similarity: number): Map<number, FactMerge> {
  const keepers: { fact: StoredFact; vector: Float32Array; merge: FactMerge }[] = [];
  for (let i = 0; i < facts.length; i++) {
    const fact = facts[i];
    const keeper = keepers.find(
      (k) => k.fact.kind === fact.kind && k.fact.subject === fact.subject && cosineSimilarity(k.vector, vectors[i]) >= similarity,
    );
    if (keeper) {
      keeper.merge.support += fact.support;
      keeper.merge.duplicates.push(fact.id);
    } else {
      keepers.push({ fact, vector: vectors[i], merge: { support: fact.support, duplicates: [] } });
    }
  }
  return new Map(keepers.filter((k) => k.merge.duplicates.length > 0).map((k) => [k.fact.id, k.merge]));
}
