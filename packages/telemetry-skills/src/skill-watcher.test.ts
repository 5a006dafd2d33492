import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SkillRegistry } from './skill-registry.js';
import { watchSkills, type SkillWatcher } from './skill-watcher.js';
import { SKILL_ATTRIBUTES as A, SKILL_SPANS as S } from './spans.js';
import { createSkillFolder, skillMarkdown } from './test-fixtures/skill-folder.js';
import type { SkillReloadEvent } from './types.js';

let folder: ReturnType<typeof createSkillFolder>;
let watcher: SkillWatcher | undefined;
let telemetry: TestTelemetry | undefined;
beforeEach(() => {
  folder = createSkillFolder({ 'git-commit': 'Write a git commit message.' });
});
afterEach(async () => {
  watcher?.close();
  watcher = undefined;
  await telemetry?.shutdown();
  telemetry = undefined;
  folder.remove();
});

async function nextEvent(iterator: AsyncIterator<SkillReloadEvent>): Promise<SkillReloadEvent> {
  const result = await iterator.next();
  if (result.done) throw new Error('watcher closed before a reload');
  return result.value;
}

describe('skill hot reload', () => {
  it('reloads after real file writes and emits the change through the iterable and the callback', async () => {
    const registry = new SkillRegistry({ directory: folder.directory });
    await registry.reload();
    telemetry = await startTestTelemetry();
    const onReload = vi.fn();
    watcher = watchSkills(registry, { debounceMs: 200, onReload });
    const events = watcher.events[Symbol.asyncIterator]();

    // A burst of writes (new skill folder, then a rewrite) settles into one reload.
    folder.write('release-notes', skillMarkdown('release-notes', 'Draft release notes from merged pull requests.'));
    writeFileSync(join(folder.directory, 'release-notes', 'SKILL.md'), skillMarkdown('release-notes', 'Draft release notes from the changelog.'));
    const added = await nextEvent(events);
    expect(added).toMatchObject({ added: ['release-notes'], removed: [], total: 2 });
    expect(registry.get('release-notes')?.description).toBe('Draft release notes from the changelog.');
    expect((await registry.match('write release notes', { k: 1 }))[0].skill.name).toBe('release-notes');
    expect(onReload).toHaveBeenCalledWith(added);

    rmSync(join(folder.directory, 'git-commit'), { recursive: true });
    const removed = await nextEvent(events);
    expect(removed).toMatchObject({ removed: ['git-commit'], total: 1 });

    const reloads = telemetry.spans().filter((s) => s.name === S.hotReload);
    expect(reloads).toHaveLength(2);
    expect(Number(reloads[0].attributes[A.changedFiles])).toBeGreaterThanOrEqual(1);
    expect(reloads[0].attributes).toMatchObject({ [A.added]: 1, [A.skillCount]: 2 });
    const id = reloads[0].spanContext().spanId;
    expect(telemetry.spans().filter((s) => s.parentSpanContext?.spanId === id).map((s) => s.name)).toEqual([S.registryLoad, S.matcherSync]);
  });

  it('keeps running when a file turns invalid, and the callback failing does not stop it', async () => {
    const registry = new SkillRegistry({ directory: folder.directory });
    await registry.reload();
    watcher = watchSkills(registry, {
      debounceMs: 50,
      onReload: () => {
        throw new Error('consumer bug');
      },
    });
    const events = watcher.events[Symbol.asyncIterator]();
    writeFileSync(join(folder.directory, 'git-commit', 'SKILL.md'), '---\nname: git-commit\n---\n');
    const broken = await nextEvent(events);
    expect(broken.removed).toEqual(['git-commit']);
    expect(broken.invalid[0].error).toMatch(/lacks "description"/);
    writeFileSync(join(folder.directory, 'git-commit', 'SKILL.md'), skillMarkdown('git-commit', 'Write a git commit message.'));
    expect((await nextEvent(events)).added).toEqual(['git-commit']);
  });

  it('ends the event stream on close', async () => {
    const registry = new SkillRegistry({ directory: folder.directory });
    await registry.load();
    watcher = watchSkills(registry);
    const events = watcher.events[Symbol.asyncIterator]();
    const pending = events.next();
    watcher.close();
    expect(await pending).toEqual({ value: undefined, done: true });
  });
});
