import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export const SKILL_FILE_NAME = 'SKILL.md';

/** SKILL.md files in the folder itself and in its direct subfolders (one folder per skill), sorted. */
export async function findSkillFiles(directory: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    throw new Error(`skill registry: cannot read skills folder ${directory}: ${(error as Error).message}`, { cause: error });
  }
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.isFile() && entry.name === SKILL_FILE_NAME) found.push(join(directory, entry.name));
    if (entry.isDirectory() && !entry.name.startsWith('.')) {
      const inner = await readdir(join(directory, entry.name), { withFileTypes: true }).catch(() => []);
      if (inner.some((e) => e.isFile() && e.name === SKILL_FILE_NAME)) found.push(join(directory, entry.name, SKILL_FILE_NAME));
    }
  }
  return found.sort();
}
