// Public types of @zeph/telemetry-skills.
import type { Embedder, VectorIndex } from '@zeph/telemetry-memory';

export type { Embedder, VectorIndex };

export interface Skill {
  /** Unique within a registry; from the front matter. */
  name: string;
  description: string;
  /** Markdown after the front matter. */
  body: string;
  /** Absolute path of the SKILL.md file. */
  path: string;
  /** Every front-matter key, including name and description. */
  metadata: Record<string, string>;
}

export interface SkillMatch {
  skill: Skill;
  /** Fused score in [0, 1] for hybrid matches; the raw BM25 or cosine score otherwise. */
  score: number;
}

export interface InvalidSkillFile {
  path: string;
  error: string;
}

export interface HybridWeights {
  bm25: number;
  embedding: number;
}

export interface MatchOptions {
  k?: number;
  /** Default { bm25: 0.5, embedding: 0.5 }. */
  weights?: HybridWeights;
}

export interface SkillRegistryOptions {
  /** Folder holding SKILL.md files (directly or one folder per skill). */
  directory: string;
  /** Defaults to the hashed n-gram embedder of @zeph/telemetry-memory. */
  embedder?: Embedder;
  /** Where skill vectors live; defaults to an in-memory index (a Qdrant index fits too). */
  vectorIndex?: VectorIndex;
}

export interface SkillReloadEvent {
  added: string[];
  removed: string[];
  changed: string[];
  /** Skill count after the reload. */
  total: number;
  invalid: InvalidSkillFile[];
}

/** Completes a prompt with an LLM (wire it to @zeph/telemetry-llm's client). */
export type CompleteText = (prompt: string) => Promise<string>;

export interface SkillFeedback {
  successes: number;
  failures: number;
  /** What users said or what went wrong, most recent last. */
  notes?: string[];
}
