// skill.qdrant_match through the memory package's Qdrant adapter and the real @qdrant/js-client-rest,
// against a loopback stand-in of Qdrant's REST API (no Qdrant server can run on this machine).
import { QdrantClient } from '@qdrant/js-client-rest';
import { startTestTelemetry } from '@zeph/telemetry-core/testing';
import { createQdrantVectorIndex, MEMORY_SPANS } from '@zeph/telemetry-memory';
import { startQdrantStandIn } from '@zeph/telemetry-memory/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { SkillRegistry } from './skill-registry.js';
import { SKILL_ATTRIBUTES as A, SKILL_SPANS as S } from './spans.js';
import { createSkillFolder } from './test-fixtures/skill-folder.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('skill matching with a Qdrant collection', () => {
  it('stores skill vectors in Qdrant and finds the nearest skill there', async () => {
    const qdrant = await startQdrantStandIn();
    cleanups.push(() => qdrant.close());
    const folder = createSkillFolder();
    cleanups.push(folder.remove);
    const client = new QdrantClient({ url: qdrant.url, checkCompatibility: false });
    const registry = new SkillRegistry({
      directory: folder.directory,
      vectorIndex: createQdrantVectorIndex({ client, collection: 'skills', dimensions: 256 }),
    });
    await registry.reload();
    expect(qdrant.collections.get('skills')?.points.size).toBe(5);

    const telemetry = await startTestTelemetry();
    cleanups.push(() => telemetry.shutdown());
    const [best] = await registry.matchEmbedding('run my services in containers', 1);
    expect(best.skill.name).toBe('docker-compose');
    expect(telemetry.span(S.qdrantMatch).attributes).toMatchObject({ [A.backend]: 'qdrant', [A.topSkill]: 'docker-compose' });
    const search = telemetry.span(MEMORY_SPANS.vectorStore);
    expect(telemetry.parentOf(search)?.name).toBe(S.qdrantMatch);
    expect(qdrant.requests.at(-1)).toEqual({ method: 'POST', path: '/collections/skills/points/query' });
  });
});
