import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isTelemetryActive, withSpan } from '@zeph/telemetry-core';
import { createHashedNgramEmbedder, createInMemoryVectorIndex, instrumentVectorIndex, isZeroVector } from '@zeph/telemetry-memory';
import { Bm25Index } from './bm25-index.js';
import { parseSkillFile } from './skill-file.js';
import { findSkillFiles } from './skill-files.js';
import { SKILL_ATTRIBUTES as A, SKILL_SPANS } from './spans.js';
import type { Embedder, HybridWeights, InvalidSkillFile, MatchOptions, Skill, SkillMatch, SkillRegistryOptions, SkillReloadEvent, VectorIndex } from './types.js';

const DEFAULT_K = 3;
const DEFAULT_WEIGHTS: HybridWeights = { bm25: 0.5, embedding: 0.5 };
// Every skill vector carries the same partition key: the index is shared by one registry only.
const PARTITION = 'skills';

const matchText = (skill: Skill) => `${skill.name.replaceAll('-', ' ')}: ${skill.description}`;
const fingerprint = (skill: Skill) => createHash('sha1').update(`${skill.description}\0${skill.body}\0${JSON.stringify(skill.metadata)}`).digest('hex');

export interface MatcherSyncResult {
  upserted: number;
  removed: number;
  unchanged: number;
}

/**
 * Skills loaded from a folder of SKILL.md files, searchable by BM25, by embedding, or by both fused.
 * Invalid files are kept aside with their error instead of failing the whole load.
 */
export class SkillRegistry {
  readonly directory: string;
  readonly embedder: Embedder;
  private readonly vectors: VectorIndex;
  private byName = new Map<string, Skill>();
  private fingerprints = new Map<string, string>();
  private invalidFiles: InvalidSkillFile[] = [];
  private bm25 = new Bm25Index();
  private readonly vectorIds = new Map<string, number>();
  private readonly syncedText = new Map<string, string>();
  private matcherDirty = true;

  constructor(options: SkillRegistryOptions) {
    this.directory = resolve(options.directory);
    this.embedder = options.embedder ?? createHashedNgramEmbedder();
    this.vectors = instrumentVectorIndex(options.vectorIndex ?? createInMemoryVectorIndex('skills', this.embedder.dimensions));
  }

  get skills(): Skill[] {
    return [...this.byName.values()];
  }

  get invalid(): InvalidSkillFile[] {
    return [...this.invalidFiles];
  }

  get(name: string): Skill | undefined {
    return this.byName.get(name);
  }

  /** skill.registry_load: reads every SKILL.md and rebuilds the BM25 index; returns what changed. */
  load(): Promise<SkillReloadEvent> {
    return withSpan(
      SKILL_SPANS.registryLoad,
      async (span) => {
        const paths = await findSkillFiles(this.directory);
        const next = new Map<string, Skill>();
        const invalid: InvalidSkillFile[] = [];
        let bytes = 0;
        for (const path of paths) {
          try {
            const text = await readFile(path, 'utf8');
            bytes += Buffer.byteLength(text);
            const { metadata, body } = parseSkillFile(text, path);
            const existing = next.get(metadata.name);
            if (existing) throw new Error(`${path}: skill name "${metadata.name}" is already used by ${existing.path}`);
            next.set(metadata.name, { name: metadata.name, description: metadata.description, body, path, metadata });
          } catch (error) {
            invalid.push({ path, error: (error as Error).message });
          }
        }
        const nextFingerprints = new Map([...next.values()].map((s) => [s.name, fingerprint(s)]));
        const event: SkillReloadEvent = {
          added: [...next.keys()].filter((n) => !this.byName.has(n)),
          removed: [...this.byName.keys()].filter((n) => !next.has(n)),
          changed: [...next.keys()].filter((n) => this.fingerprints.has(n) && this.fingerprints.get(n) !== nextFingerprints.get(n)),
          total: next.size,
          invalid,
        };
        const bm25 = new Bm25Index();
        for (const skill of next.values()) bm25.add(skill.name, matchText(skill));
        this.byName = next;
        this.fingerprints = nextFingerprints;
        this.invalidFiles = invalid;
        this.bm25 = bm25;
        this.matcherDirty = true;
        if (span.isRecording) {
          span.setAttributes({ [A.files]: paths.length, [A.skillCount]: next.size, [A.invalidFiles]: invalid.length, [A.bytes]: bytes });
          for (const bad of invalid) span.addEvent('skill.invalid_file', { [A.path]: bad.path, 'exception.message': bad.error });
        }
        return event;
      },
      isTelemetryActive() ? { [A.directory]: this.directory } : undefined,
    );
  }

  /** skill.matcher_sync: embeds new or changed skills into the vector index and drops removed ones. */
  syncMatcher(): Promise<MatcherSyncResult> {
    return withSpan(SKILL_SPANS.matcherSync, async (span) => {
      const stale = this.skills.filter((s) => this.syncedText.get(s.name) !== matchText(s));
      const removed = [...this.syncedText.keys()].filter((name) => !this.byName.has(name));
      if (removed.length > 0) {
        await this.vectors.delete(removed.map((name) => this.vectorIds.get(name)!));
        for (const name of removed) this.syncedText.delete(name);
      }
      if (stale.length > 0) {
        const embeddings = await this.embedder.embed(stale.map(matchText));
        await this.vectors.upsert(stale.map((s, i) => ({ id: this.vectorIdOf(s.name), sessionId: PARTITION, vector: embeddings[i] })));
        for (const s of stale) this.syncedText.set(s.name, matchText(s));
      }
      this.matcherDirty = false;
      const result = { upserted: stale.length, removed: removed.length, unchanged: this.byName.size - stale.length };
      if (span.isRecording) {
        span.setAttributes({ [A.upserted]: result.upserted, [A.removed]: result.removed, [A.unchanged]: result.unchanged, [A.backend]: this.vectors.backend });
      }
      return result;
    });
  }

  /** load() then syncMatcher(): what a hot reload does. */
  async reload(): Promise<SkillReloadEvent> {
    const event = await this.load();
    await this.syncMatcher();
    return event;
  }

  private vectorIdOf(name: string): number {
    let id = this.vectorIds.get(name);
    if (id === undefined) {
      id = this.vectorIds.size + 1;
      this.vectorIds.set(name, id);
    }
    return id;
  }

  /** skill.bm25_search: lexical ranking of skills against the query. */
  searchBm25(query: string, k = DEFAULT_K): SkillMatch[] {
    return withSpan(
      SKILL_SPANS.bm25Search,
      (span) => {
        const hits = this.bm25.search(query, k).map((h) => ({ skill: this.byName.get(h.id)!, score: h.score }));
        if (span.isRecording) span.setAttributes(matchAttributes(hits));
        return hits;
      },
      isTelemetryActive() ? { [A.k]: k } : undefined,
    );
  }

  /** skill.qdrant_match: nearest skills by embedding in the vector index (Qdrant or another backend). */
  matchEmbedding(query: string, k = DEFAULT_K): Promise<SkillMatch[]> {
    return withSpan(
      SKILL_SPANS.qdrantMatch,
      async (span) => {
        if (this.matcherDirty) await this.syncMatcher();
        const [vector] = await this.embedder.embed([query]);
        const nameById = new Map([...this.vectorIds].map(([name, id]) => [id, name]));
        const matches = isZeroVector(vector) ? [] : await this.vectors.search({ vector, k, sessionId: PARTITION });
        const hits = matches.flatMap((m) => {
          const skill = this.byName.get(nameById.get(m.id) ?? '');
          return skill ? [{ skill, score: m.score }] : [];
        });
        if (span.isRecording) span.setAttributes(matchAttributes(hits));
        return hits;
      },
      isTelemetryActive() ? { [A.k]: k, [A.backend]: this.vectors.backend } : undefined,
    );
  }

  /**
   * skill.match: hybrid ranking. BM25 scores are scaled by the best one into [0, 1], cosine scores
   * are clamped to [0, 1], and the two are summed with the given weights.
   */
  match(query: string, options: MatchOptions = {}): Promise<SkillMatch[]> {
    const k = options.k ?? DEFAULT_K;
    const weights = options.weights ?? DEFAULT_WEIGHTS;
    if (!(weights.bm25 >= 0 && weights.embedding >= 0 && weights.bm25 + weights.embedding > 0)) {
      return Promise.reject(new RangeError(`skill match: weights must be >= 0 and not both 0, got ${JSON.stringify(weights)}`));
    }
    return withSpan(
      SKILL_SPANS.match,
      async (span) => {
        const pool = Math.max(k * 3, 10);
        const lexical = weights.bm25 > 0 ? this.searchBm25(query, pool) : [];
        const semantic = weights.embedding > 0 ? await this.matchEmbedding(query, pool) : [];
        const best = lexical[0]?.score ?? 0;
        const fused = new Map<string, SkillMatch>();
        const add = (skill: Skill, score: number) => {
          const entry = fused.get(skill.name) ?? { skill, score: 0 };
          entry.score += score;
          fused.set(skill.name, entry);
        };
        for (const hit of lexical) add(hit.skill, weights.bm25 * (best > 0 ? hit.score / best : 0));
        for (const hit of semantic) add(hit.skill, weights.embedding * Math.max(0, hit.score));
        const total = weights.bm25 + weights.embedding;
        const ranked = [...fused.values()]
          .map((m) => ({ skill: m.skill, score: m.score / total }))
          .filter((m) => m.score > 0)
          .sort((a, b) => b.score - a.score || a.skill.name.localeCompare(b.skill.name))
          .slice(0, k);
        if (span.isRecording) span.setAttributes(matchAttributes(ranked));
        return ranked;
      },
      isTelemetryActive()
        ? { [A.k]: k, [A.strategy]: 'hybrid', [A.bm25Weight]: weights.bm25, [A.embeddingWeight]: weights.embedding }
        : undefined,
    );
  }
}

function matchAttributes(hits: SkillMatch[]) {
  return {
    [A.hitCount]: hits.length,
    ...(hits.length > 0 ? { [A.topSkill]: hits[0].skill.name, [A.topScore]: hits[0].score } : {}),
  };
}
