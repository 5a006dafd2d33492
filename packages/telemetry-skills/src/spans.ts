// The skill.* slice of the instrumentation map (a public contract: see DESIGN.md).
// This file is the only place this package spells span names and attribute keys.

export const SKILL_SPANS = {
  registryLoad: 'skill.registry_load',
  match: 'skill.match',
  matcherSync: 'skill.matcher_sync',
  hotReload: 'skill.hot_reload',
  generate: 'skill.generate',
  evolution: 'skill.evolution',
  bm25Search: 'skill.bm25_search',
  qdrantMatch: 'skill.qdrant_match',
} as const;

export const SKILL_ATTRIBUTES = {
  directory: 'skill.registry.directory',
  files: 'skill.registry.files',
  skillCount: 'skill.registry.skill_count',
  invalidFiles: 'skill.registry.invalid_files',
  bytes: 'skill.registry.bytes',
  name: 'skill.name',
  k: 'skill.match.k',
  strategy: 'skill.match.strategy',
  hitCount: 'skill.match.hit_count',
  topSkill: 'skill.match.top_skill',
  topScore: 'skill.match.top_score',
  queryTerms: 'skill.bm25.query_terms',
  bm25Weight: 'skill.match.bm25_weight',
  embeddingWeight: 'skill.match.embedding_weight',
  backend: 'skill.vector.backend',
  upserted: 'skill.matcher.upserted',
  removed: 'skill.matcher.removed',
  unchanged: 'skill.matcher.unchanged',
  changedFiles: 'skill.reload.changed_files',
  added: 'skill.reload.added',
  reloadRemoved: 'skill.reload.removed',
  reloadChanged: 'skill.reload.changed',
  path: 'skill.file.path',
  promptBytes: 'skill.llm.prompt_bytes',
  responseBytes: 'skill.llm.response_bytes',
  successes: 'skill.feedback.successes',
  failures: 'skill.feedback.failures',
  descriptionChanged: 'skill.evolution.description_changed',
} as const;

export type SkillSpanName = (typeof SKILL_SPANS)[keyof typeof SKILL_SPANS];
