import { writeFile } from 'node:fs/promises';
import { isTelemetryActive, withSpan } from '@zeph/telemetry-core';
import { formatSkillFile } from './skill-file.js';
import type { SkillRegistry } from './skill-registry.js';
import { SKILL_ATTRIBUTES as A, SKILL_SPANS } from './spans.js';
import type { CompleteText, Skill, SkillFeedback } from './types.js';

const MAX_DESCRIPTION = 1024;

export function skillEvolutionPrompt(skill: Skill, feedback: SkillFeedback): string {
  return [
    `Rewrite the description of the agent skill "${skill.name}" so that it is matched when it helps and not otherwise.`,
    'Answer with the new description only: one or two sentences, no quotes, no front matter.',
    '',
    `Current description: ${skill.description}`,
    `Uses that went well: ${feedback.successes}. Uses that went badly: ${feedback.failures}.`,
    ...(feedback.notes?.length ? ['Feedback:', ...feedback.notes.map((n) => `- ${n}`)] : []),
  ].join('\n');
}

export interface SkillEvolution {
  before: string;
  after: string;
  skill: Skill;
}

/**
 * skill.evolution: rewrites a skill's description from usage feedback through the LLM, keeps the
 * rest of its front matter and body, and reloads the registry.
 */
export function evolveSkill(registry: SkillRegistry, name: string, feedback: SkillFeedback, complete: CompleteText): Promise<SkillEvolution> {
  const skill = registry.get(name);
  if (!skill) return Promise.reject(new Error(`skill evolution: no skill named "${name}" in ${registry.directory}`));
  return withSpan(
    SKILL_SPANS.evolution,
    async (span) => {
      const prompt = skillEvolutionPrompt(skill, feedback);
      const response = await complete(prompt);
      const after = response.trim().replace(/^["']|["']$/g, '').replace(/\s+/g, ' ').trim();
      if (span.isRecording) span.setAttributes({ [A.promptBytes]: Buffer.byteLength(prompt), [A.responseBytes]: Buffer.byteLength(response) });
      if (!after) throw new Error(`skill evolution: the LLM returned an empty description for "${name}"`);
      if (after.length > MAX_DESCRIPTION) throw new Error(`skill evolution: the new description for "${name}" has ${after.length} characters (limit ${MAX_DESCRIPTION})`);
      span.setAttribute(A.descriptionChanged, after !== skill.description);
      if (after !== skill.description) {
        await writeFile(skill.path, formatSkillFile({ ...skill.metadata, description: after }, skill.body));
        await registry.reload();
      }
      return { before: skill.description, after, skill: registry.get(name) ?? skill };
    },
    isTelemetryActive() ? { [A.name]: name, [A.successes]: feedback.successes, [A.failures]: feedback.failures } : undefined,
  );
}
