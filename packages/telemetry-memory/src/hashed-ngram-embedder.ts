import type { Embedder } from './types.js';
import { l2Normalise } from './vector-math.js';

// Offline default: character trigrams of each word (with boundary marks) and the words themselves,
// hashed into a fixed number of buckets with a sign bit (feature hashing), then L2-normalised.
// Deterministic across runs and machines, so recall results are reproducible in tests and demos.

const WORD = /[\p{L}\p{N}]+/gu;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function addFeature(vector: Float32Array, feature: string, weight: number): void {
  const hash = fnv1a(feature);
  const bucket = hash % vector.length;
  // The top bit picks the sign so that colliding features cancel rather than pile up.
  vector[bucket] += hash & 0x80000000 ? -weight : weight;
}

export function embedTextWithHashedNgrams(text: string, dimensions: number): Float32Array {
  const vector = new Float32Array(dimensions);
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const word = match[0];
    addFeature(vector, `w:${word}`, 1);
    const marked = `<${word}>`;
    for (let i = 0; i + 3 <= marked.length; i++) addFeature(vector, `g:${marked.slice(i, i + 3)}`, 0.5);
  }
  return l2Normalise(vector);
}

export interface HashedNgramEmbedderOptions {
  /** Vector size (default 256). */
  dimensions?: number;
}

export function createHashedNgramEmbedder(options: HashedNgramEmbedderOptions = {}): Embedder {
  const dimensions = options.dimensions ?? 256;
  if (!Number.isInteger(dimensions) || dimensions < 8) {
    throw new RangeError(`hashed n-gram embedder: dimensions must be an integer >= 8, got ${String(options.dimensions)}`);
  }
  return {
    dimensions,
    embed: async (texts) => texts.map((text) => embedTextWithHashedNgrams(text, dimensions)),
  };
}
