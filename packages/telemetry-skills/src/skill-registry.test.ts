import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { MEMORY_SPANS } from '@zeph/telemetry-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SkillRegistry } from './skill-registry.js';
import { SKILL_ATTRIBUTES as A, SKILL_SPANS as S } from './spans.js';
import { createSkillFolder } from './test-fixtures/skill-folder.js';

let folder: ReturnType<typeof createSkillFolder>;
let telemetry: TestTelemetry | undefined;
beforeEach(() => {
  folder = createSkillFolder();
});
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
  folder.remove();
});

const childNames = (t: TestTelemetry, parentName: string) => {
  const id = t.span(parentName).spanContext().spanId;
  return t.spans().filter((s) => s.parentSpanContext?.spanId === id).map((s) => s.name);
};

describe('skill registry', () => {
  it('loads every SKILL.md, keeps invalid files aside with their error, and reports both on the span', async () => {
    folder.write('broken', '---\nname: broken\n---\n');
    writeFileSync(join(folder.directory, 'SKILL.md'), '---\nname: git-commit\ndescription: duplicate name\n---\n');
    telemetry = await startTestTelemetry();
    const registry = new SkillRegistry({ directory: folder.directory });
    const event = await registry.load();
    expect(registry.skills.map((s) => s.name).sort()).toEqual(['docker-compose', 'git-commit', 'sql-query', 'unit-test', 'weather-report']);
    expect(event.added).toHaveLength(5);
    // Files load in path order: the folder's own SKILL.md claims "git-commit" before git-commit/SKILL.md.
    expect(registry.invalid.map((i) => i.error)).toEqual([
      expect.stringMatching(/broken\/SKILL.md:1: front matter lacks "description"/),
      expect.stringMatching(/git-commit\/SKILL.md: skill name "git-commit" is already used by .*zeph-skills-\w+\/SKILL.md/),
    ]);
    const load = telemetry.span(S.registryLoad);
    expect(load.attributes).toMatchObject({ [A.files]: 7, [A.skillCount]: 5, [A.invalidFiles]: 2, [A.directory]: folder.directory });
    expect(load.events.map((e) => e.name)).toEqual(['skill.invalid_file', 'skill.invalid_file']);
  });

  it('fails clearly when the folder does not exist', async () => {
    const registry = new SkillRegistry({ directory: join(folder.directory, 'nope') });
    await expect(registry.load()).rejects.toThrow(/cannot read skills folder .*nope/);
  });

  it('bm25 search ranks the lexically closest skill first', async () => {
    const registry = new SkillRegistry({ directory: folder.directory });
    await registry.load();
    telemetry = await startTestTelemetry();
    const hits = registry.searchBm25('write a commit message for my diff', 3);
    expect(hits[0].skill.name).toBe('git-commit');
    expect(telemetry.span(S.bm25Search).attributes).toMatchObject({ [A.k]: 3, [A.topSkill]: 'git-commit' });
  });

  it('embedding match finds a skill from a paraphrase and syncs the matcher lazily, once', async () => {
    const registry = new SkillRegistry({ directory: folder.directory });
    await registry.load();
    telemetry = await startTestTelemetry();
    const hits = await registry.matchEmbedding('weather forecast for Berlin', 2);
    expect(hits[0].skill.name).toBe('weather-report');
    expect(childNames(telemetry, S.qdrantMatch)).toEqual([S.matcherSync, MEMORY_SPANS.vectorStore]);
    expect(telemetry.span(S.matcherSync).attributes).toMatchObject({ [A.upserted]: 5, [A.removed]: 0, [A.backend]: 'in-memory' });
    expect(telemetry.span(S.qdrantMatch).attributes).toMatchObject({ [A.k]: 2, [A.hitCount]: 2, [A.backend]: 'in-memory' });
    telemetry.reset();
    await registry.matchEmbedding('docker containers', 1);
    expect(telemetry.names()).not.toContain(S.matcherSync);
  });

  it('matches nothing for a query without words', async () => {
    const registry = new SkillRegistry({ directory: folder.directory });
    await registry.reload();
    expect(await registry.match('?? !!')).toEqual([]);
  });

  it('hybrid match nests bm25_search and qdrant_match under skill.match and fuses their scores', async () => {
    const registry = new SkillRegistry({ directory: folder.directory });
    await registry.reload();
    telemetry = await startTestTelemetry();
    const hits = await registry.match('write sql queries for my postgres database', { k: 3 });
    expect(hits[0].skill.name).toBe('sql-query');
    expect(hits[0].score).toBeGreaterThan(hits[1].score);
    expect(hits[0].score).toBeLessThanOrEqual(1);
    expect(childNames(telemetry, S.match)).toEqual([S.bm25Search, S.qdrantMatch]);
    expect(telemetry.span(S.match).attributes).toMatchObject({ [A.strategy]: 'hybrid', [A.k]: 3, [A.hitCount]: 3, [A.topSkill]: 'sql-query' });
  });

  it('weights decide which signal wins', async () => {
    const registry = new SkillRegistry({ directory: folder.directory });
    await registry.reload();
    const lexicalOnly = await registry.match('containers', { k: 5, weights: { bm25: 1, embedding: 0 } });
    expect(lexicalOnly.map((h) => h.skill.name)).toEqual(['docker-compose']);
    expect(lexicalOnly[0].score).toBe(1);
    await expect(registry.match('x', { weights: { bm25: 0, embedding: 0 } })).rejects.toThrow(/weights must be >= 0 and not both 0/);
  });

  it('matcher sync re-embeds only changed skills and drops removed ones', async () => {
    const registry = new SkillRegistry({ directory: folder.directory });
    await registry.reload();
    folder.write('weather-report', '---\nname: weather-report\ndescription: Say whether rain is coming.\n---\n');
    folder.write('unit-test', '---\nname: unit-test\ndescription: Write unit tests with vitest for TypeScript functions.\n---\n\nNew body only.\n');
    writeFileSync(join(folder.directory, 'sql-query', 'SKILL.md'), 'no longer a skill');
    const event = await registry.load();
    expect(event).toMatchObject({ added: [], removed: ['sql-query'], changed: ['unit-test', 'weather-report'], total: 4 });
    // The body does not take part in matching, so only the weather skill needs a new vector.
    expect(await registry.syncMatcher()).toEqual({ upserted: 1, removed: 1, unchanged: 3 });
    expect((await registry.matchEmbedding('will rain come', 1))[0].skill.name).toBe('weather-report');
  });
});
