import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isTelemetryActive, withSpan } from '@zeph/telemetry-core';
import { formatSkillFile, parseSkillFile } from './skill-file.js';
import type { SkillRegistry } from './skill-registry.js';
import { SKILL_ATTRIBUTES as A, SKILL_SPANS } from './spans.js';
import type { CompleteText, Skill } from './types.js';

const stripFences = (text: string) => text.trim().replace(/^```(?:markdown|md)?\s*\n/, '').replace(/\n```\s*$/, '');

export function skillGenerationPrompt(description: string, existing: readonly string[]): string {
  return [
    'Write a new agent skill as a SKILL.md file.',
    'Start with front matter between "---" lines holding `name:` (lowercase letters, digits and dashes)',
    'and `description:` (one sentence saying when to use the skill), then Markdown instructions.',
    `Names already taken: ${existing.length ? existing.join(', ') : 'none'}.`,
    '',
    `The skill should: ${description}`,
  ].join('\n');
}

/**
 * skill.generate: asks the LLM for a SKILL.md, validates it, writes it to
 * <registry folder>/<name>/SKILL.md and reloads the registry. Invalid output is an error that says why.
 */
export function generateSkill(registry: SkillRegistry, description: string, complete: CompleteText): Promise<Skill> {
  if (!description.trim()) return Promise.reject(new Error('skill generate: the description is empty'));
  return withSpan(SKILL_SPANS.generate, async (span) => {
    const prompt = skillGenerationPrompt(description, registry.skills.map((s) => s.name));
    const response = await complete(prompt);
    if (span.isRecording) span.setAttributes({ [A.promptBytes]: Buffer.byteLength(prompt), [A.responseBytes]: Buffer.byteLength(response) });
    let parsed;
    try {
      parsed = parseSkillFile(stripFences(response), 'generated SKILL.md');
    } catch (error) {
      throw new Error(`skill generate: the LLM answer is not a valid SKILL.md (${(error as Error).message})`, { cause: error });
    }
    const name = parsed.metadata.name;
    span.setAttribute(A.name, name);
    if (registry.get(name)) throw new Error(`skill generate: a skill named "${name}" already exists at ${registry.get(name)!.path}`);
    const path = join(registry.directory, name, 'SKILL.md');
    await mkdir(join(registry.directory, name), { recursive: true });
    await writeFile(path, formatSkillFile(parsed.metadata, parsed.body), { flag: 'wx' });
    span.setAttribute(A.path, path);
    await registry.reload();
    return registry.get(name)!;
  }, isTelemetryActive() ? { [A.directory]: registry.directory } : undefined);
}
