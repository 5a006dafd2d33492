import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evolveSkill } from './skill-evolution.js';
import { generateSkill } from './skill-generation.js';
import { SkillRegistry } from './skill-registry.js';
import { SKILL_ATTRIBUTES as A, SKILL_SPANS as S } from './spans.js';
import { createSkillFolder } from './test-fixtures/skill-folder.js';
import type { CompleteText } from './types.js';

// The LLM is injected as a function; these tests pass small deterministic ones that record the
// prompt, so what is checked is the package's own handling of prompts, answers and files.
function recordingLlm(answer: (prompt: string) => string): CompleteText & { prompts: string[] } {
  const prompts: string[] = [];
  return Object.assign(async (prompt: string) => {
    prompts.push(prompt);
    return answer(prompt);
  }, { prompts });
}

let folder: ReturnType<typeof createSkillFolder>;
let registry: SkillRegistry;
let telemetry: TestTelemetry | undefined;
beforeEach(async () => {
  folder = createSkillFolder({ 'git-commit': 'Write a git commit message.' });
  registry = new SkillRegistry({ directory: folder.directory });
  await registry.reload();
});
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
  folder.remove();
});

describe('skill generation', () => {
  it('writes the SKILL.md the LLM drafted and makes it matchable', async () => {
    telemetry = await startTestTelemetry();
    const llm = recordingLlm(() => '```markdown\n---\nname: csv-summary\ndescription: Summarise CSV files with column statistics.\n---\n\n1. Read the header.\n```');
    const skill = await generateSkill(registry, 'summarise csv files', llm);
    expect(llm.prompts[0]).toContain('The skill should: summarise csv files');
    expect(llm.prompts[0]).toContain('Names already taken: git-commit.');
    expect(skill.path).toBe(join(folder.directory, 'csv-summary', 'SKILL.md'));
    expect(readFileSync(skill.path, 'utf8')).toContain('description: "Summarise CSV files with column statistics."');
    expect((await registry.match('column statistics of a csv', { k: 1 }))[0].skill.name).toBe('csv-summary');
    const span = telemetry.span(S.generate);
    expect(span.attributes).toMatchObject({ [A.name]: 'csv-summary', [A.path]: skill.path });
    expect(Number(span.attributes[A.responseBytes])).toBeGreaterThan(0);
    const id = span.spanContext().spanId;
    expect(telemetry.spans().filter((s) => s.parentSpanContext?.spanId === id).map((s) => s.name)).toEqual([S.registryLoad, S.matcherSync]);
  });

  it('rejects an answer that is not a SKILL.md, or that reuses a name, saying why', async () => {
    telemetry = await startTestTelemetry();
    await expect(generateSkill(registry, 'anything', recordingLlm(() => 'Sure! Here is a skill.'))).rejects.toThrow(
      /not a valid SKILL.md \(generated SKILL.md:1: expected front matter/,
    );
    expect(telemetry.span(S.generate).status.code).toBe(2);
    await expect(generateSkill(registry, 'commits', recordingLlm(() => '---\nname: git-commit\ndescription: again\n---\n'))).rejects.toThrow(
      /a skill named "git-commit" already exists/,
    );
    await expect(generateSkill(registry, '  ', recordingLlm(() => ''))).rejects.toThrow('the description is empty');
  });
});

describe('skill evolution', () => {
  it('rewrites the description from feedback and keeps the rest of the file', async () => {
    folder.write('git-commit', '---\nname: git-commit\ndescription: Write a git commit message.\nowner: platform\n---\n\nUse the imperative mood.\n');
    await registry.reload();
    telemetry = await startTestTelemetry();
    const llm = recordingLlm(() => '"Write conventional commit messages (feat:, fix:) from the staged diff."');
    const result = await evolveSkill(registry, 'git-commit', { successes: 3, failures: 2, notes: ['users wanted conventional prefixes'] }, llm);
    expect(llm.prompts[0]).toContain('Uses that went well: 3. Uses that went badly: 2.');
    expect(llm.prompts[0]).toContain('- users wanted conventional prefixes');
    expect(result.after).toBe('Write conventional commit messages (feat:, fix:) from the staged diff.');
    expect(registry.get('git-commit')).toMatchObject({ description: result.after, body: 'Use the imperative mood.', metadata: { owner: 'platform' } });
    expect(telemetry.span(S.evolution).attributes).toMatchObject({ [A.name]: 'git-commit', [A.successes]: 3, [A.failures]: 2, [A.descriptionChanged]: true });
  });

  it('fails clearly for an unknown skill or an empty answer', async () => {
    await expect(evolveSkill(registry, 'nope', { successes: 0, failures: 1 }, recordingLlm(() => 'x'))).rejects.toThrow(/no skill named "nope"/);
    await expect(evolveSkill(registry, 'git-commit', { successes: 0, failures: 1 }, recordingLlm(() => ' "" '))).rejects.toThrow(/empty description/);
    expect(registry.get('git-commit')?.description).toBe('Write a git commit message.');
  });
});
