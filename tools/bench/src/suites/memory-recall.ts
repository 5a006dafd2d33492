// Memory recall: the cost of one k-nearest-neighbour query through sqlite-vec's vec0 table against
// the exact-cosine fallback over float32 blobs, on the same real SQLite file and corpus, in one run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openMemoryStore, type MemoryStore } from '@zeph/telemetry-memory';
import type { BenchContext, BenchRow, BenchSuite } from '../types.js';

const SUITE = 'memory-recall';
const TOPICS = ['deploy', 'database', 'billing', 'trace', 'weather', 'queue', 'cache', 'kafka', 'login', 'search', 'backup', 'vpn'];

function sentence(i: number): string {
  const a = TOPICS[i % TOPICS.length];
  const b = TOPICS[(i * 7 + 3) % TOPICS.length];
  return `Note ${i}: the ${a} service talks to the ${b} cluster in region ${i % 17} every ${(i % 50) + 1} minutes.`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

async function seed(store: MemoryStore, messages: number): Promise<void> {
  for (let i = 0; i < messages; i++) await store.remember({ sessionId: 'bench', role: 'assistant', content: sentence(i) });
}

/** Median microseconds per recall over several rounds of `queries` queries. */
async function recallMicros(store: MemoryStore, queries: number, rounds: number): Promise<number[]> {
  const perRound: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    for (let q = 0; q < queries; q++) {
      const hits = await store.recall(`${TOPICS[q % TOPICS.length]} cluster region ${q % 17}`, { sessionId: 'bench', k: 5 });
      if (hits.length !== 5) throw new Error(`recall returned ${hits.length} hits instead of 5`);
    }
    perRound.push(((performance.now() - start) * 1000) / queries);
  }
  return perRound;
}

const suite: BenchSuite = {
  name: SUITE,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const messages = ctx.quick ? 300 : 3000;
    const queries = ctx.quick ? 20 : 100;
    const rounds = ctx.quick ? 3 : 5;
    const dir = mkdtempSync(join(tmpdir(), 'zeph-bench-memory-'));
    try {
      const vec = openMemoryStore({ path: join(dir, 'vec.db'), vectorBackend: 'sqlite-vec' });
      const cosine = openMemoryStore({ path: join(dir, 'cosine.db'), vectorBackend: 'sqlite-cosine' });
      await seed(vec, messages);
      await seed(cosine, messages);
      const vecRounds: number[] = [];
      const cosineRounds: number[] = [];
      // Interleaved so that machine noise hits both backends alike.
      for (let r = 0; r < rounds; r++) {
        vecRounds.push(...(await recallMicros(vec, queries, 1)));
        cosineRounds.push(...(await recallMicros(cosine, queries, 1)));
      }
      vec.close();
      cosine.close();
      const value = median(vecRounds);
      const baseline = median(cosineRounds);
      return [
        {
          suite: SUITE,
          case: `recall k=5 over ${messages} messages (256 dims): sqlite-vec vs exact cosine`,
          value,
          unit: 'µs/query',
          baseline,
          ratio: value / baseline,
          confidence: `${rounds} interleaved rounds of ${queries} queries, median`,
          note: 'baseline = exact cosine over float32 blobs (the fallback when sqlite-vec does not load)',
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default suite;
