// Runs the real @qdrant/js-client-rest against a loopback stand-in of Qdrant's REST API
// (src/testing/qdrant-stand-in.ts): no Qdrant server can run on this machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QdrantClient } from '@qdrant/js-client-rest';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startQdrantStandIn, type QdrantStandIn } from './testing/qdrant-stand-in.js';
import { openMemoryStore } from './memory-store.js';
import { createQdrantVectorIndex } from './qdrant-vector-index.js';
import { MEMORY_ATTRIBUTES as A, MEMORY_SPANS as S } from './spans.js';
import { l2Normalise } from './vector-math.js';

let qdrant: QdrantStandIn;
let client: QdrantClient;
let telemetry: TestTelemetry | undefined;
beforeEach(async () => {
  qdrant = await startQdrantStandIn();
  client = new QdrantClient({ url: qdrant.url, checkCompatibility: false });
});
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
  await qdrant.close();
});

const v = (...xs: number[]) => l2Normalise(Float32Array.from(xs));

describe('Qdrant vector index', () => {
  it('creates the collection once, then upserts, searches with session filters and deletes', async () => {
    const index = createQdrantVectorIndex({ client, collection: 'messages', dimensions: 3 });
    await index.upsert([
      { id: 1, sessionId: 'a', vector: v(1, 0, 0) },
      { id: 2, sessionId: 'b', vector: v(0.9, 0.1, 0) },
      { id: 3, sessionId: 'a', vector: v(0, 1, 0) },
    ]);
    expect(qdrant.collections.get('messages')).toMatchObject({ size: 3, distance: 'Cosine' });
    expect((await index.search({ vector: v(1, 0, 0), k: 2 })).map((m) => m.id)).toEqual([1, 2]);
    expect((await index.search({ vector: v(1, 0, 0), k: 2, sessionId: 'a' })).map((m) => m.id)).toEqual([1, 3]);
    expect((await index.search({ vector: v(1, 0, 0), k: 2, excludeSessionId: 'a' })).map((m) => m.id)).toEqual([2]);
    await index.delete([1]);
    expect((await index.search({ vector: v(1, 0, 0), k: 1 }))[0].id).toBe(2);
    expect(qdrant.requests.filter((r) => r.path === '/collections/messages' && r.method === 'PUT')).toHaveLength(1);
  });

  it('backs a memory store, with qdrant as the backend on its spans', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zeph-qdrant-'));
    const store = openMemoryStore({
      path: join(dir, 'memory.db'),
      vectorIndexFactory: (collection, dimensions) => createQdrantVectorIndex({ client, collection, dimensions }),
    });
    try {
      expect(store.vectorBackend).toBe('qdrant');
      await store.remember({ sessionId: 's', role: 'user', content: 'The search cluster runs Elasticsearch 8.' });
      await store.remember({ sessionId: 's', role: 'user', content: 'Payroll is processed on the 25th.' });
      telemetry = await startTestTelemetry();
      const [hit] = await store.recall('which search cluster version', { sessionId: 's', k: 1 });
      expect(hit.item.content).toBe('The search cluster runs Elasticsearch 8.');
      expect(telemetry.span(S.vectorStore).attributes).toMatchObject({ [A.backend]: 'qdrant', [A.operation]: 'search', [A.hitCount]: 1 });
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('turns a server error into a rejected call that names the collection', async () => {
    const index = createQdrantVectorIndex({ client, collection: 'facts', dimensions: 3 });
    await index.upsert([{ id: 1, sessionId: 'a', vector: v(1, 0, 0) }]);
    qdrant.collections.get('facts')!.size = 4; // the server now disagrees about the dimensions
    await expect(index.upsert([{ id: 2, sessionId: 'a', vector: v(0, 1, 0) }])).rejects.toThrow(/qdrant collection facts: upsert failed: 400: Bad Request: Wrong input: Vector dimension error: expected dim: 4, got 3/);
    await qdrant.close();
    const offline = createQdrantVectorIndex({ client: new QdrantClient({ url: qdrant.url, checkCompatibility: false }), collection: 'other', dimensions: 3 });
    await expect(offline.search({ vector: v(1, 0, 0), k: 1 })).rejects.toThrow(/qdrant collection other: create failed/);
    qdrant = await startQdrantStandIn();
  });
});
