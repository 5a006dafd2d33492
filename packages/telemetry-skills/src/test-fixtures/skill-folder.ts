import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SAMPLE_SKILLS: Record<string, string> = {
  'git-commit': 'Write a conventional git commit message from the staged diff.',
  'sql-query': 'Write and explain SQL queries for PostgreSQL and SQLite databases.',
  'weather-report': 'Report the current weather and forecast for a city.',
  'unit-test': 'Write unit tests with vitest for TypeScript functions.',
  'docker-compose': 'Write docker compose files that run services and databases in containers.',
};

export function skillMarkdown(name: string, description: string, body = `Steps for ${name}.`): string {
  return `---\nname: ${name}\ndescription: ${description}\n---\n\n${body}\n`;
}

/** A temporary folder with one sub-folder per sample skill; remove() deletes it. */
export function createSkillFolder(skills: Record<string, string> = SAMPLE_SKILLS) {
  const directory = mkdtempSync(join(tmpdir(), 'zeph-skills-'));
  const write = (name: string, text: string) => {
    mkdirSync(join(directory, name), { recursive: true });
    writeFileSync(join(directory, name, 'SKILL.md'), text);
  };
  for (const [name, description] of Object.entries(skills)) write(name, skillMarkdown(name, description));
  return { directory, write, remove: () => rmSync(directory, { recursive: true, force: true }) };
}
