// Public surface of @zeph/telemetry-skills (the `profiling` build).
export { SKILL_SPANS, SKILL_ATTRIBUTES } from './spans.js';
export type { SkillSpanName } from './spans.js';
export { SkillRegistry } from './skill-registry.js';
export type { MatcherSyncResult } from './skill-registry.js';
export { watchSkills } from './skill-watcher.js';
export type { SkillWatcher, SkillWatcherOptions } from './skill-watcher.js';
export { generateSkill, skillGenerationPrompt } from './skill-generation.js';
export { evolveSkill, skillEvolutionPrompt } from './skill-evolution.js';
export type { SkillEvolution } from './skill-evolution.js';
export { parseSkillFile, formatSkillFile, SkillFileError } from './skill-file.js';
export type { ParsedSkillFile } from './skill-file.js';
export { Bm25Index, tokenize } from './bm25-index.js';
export type { Bm25Hit } from './bm25-index.js';
export type * from './types.js';
