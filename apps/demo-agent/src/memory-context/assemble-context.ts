import { CONTEXT_SPANS, withSpan } from '@zeph/telemetry-core';
import type { RecallHit, StoredFact, StoredMessage, Summary } from '@zeph/telemetry-memory';
import type { SkillMatch } from '@zeph/telemetry-skills';
import { CONTEXT_ATTRIBUTES as A } from './context-attributes.js';
import type { DemoMemory } from './demo-memory.js';
import { microcompactSnippets, type ContextSnippet } from './microcompact.js';
import { fetchCode } from '../workspace-index/fetch-code.js';
import type { CodeHit } from '../workspace-index/code-index.js';

export interface ContextAssemblyOptions {
  /** Token budget for the unsummarized history before compaction kicks in. */
  tokenBudget?: number;
  recallK?: number;
  /** Longest snippet kept verbatim by microcompaction. */
  maxSnippetChars?: number;
}

export interface AssembledContext {
  /** System prompt text: skills, facts, summaries and recalled snippets. */
  systemPrompt: string;
  skills: SkillMatch[];
  recalled: RecallHit<StoredMessage>[];
  crossSession: RecallHit<StoredMessage>[];
  facts: RecallHit<StoredFact>[];
  summaries: Summary[];
  code: CodeHit[];
  compacted: boolean;
}

const MIN_RELEVANCE = 0.05;

/**
 * context.assembly: checks the history against the token budget (compacting it into a summary
 * when over), fetches summaries, recalled messages, other sessions' messages and graph facts from
 * memory and matching code from the workspace index, matches skills, and microcompacts the snippets into one system prompt.
 */
export function assembleContext(memory: DemoMemory, userMessage: string, options: ContextAssemblyOptions = {}): Promise<AssembledContext> {
  const { store, skills, sessionId } = memory;
  const budget = options.tokenBudget ?? 200;
  const k = options.recallK ?? 3;
  return withSpan(CONTEXT_SPANS.assembly, async (span) => {
    const probe = withSpan(CONTEXT_SPANS.checkSummarization, (s) => {
      const result = store.probeCompaction(sessionId, budget);
      s.setAttributes({ [A.tokens]: result.tokens, [A.tokenBudget]: budget, [A.overBudget]: result.overBudget });
      return result;
    });
    let compacted = false;
    if (probe.overBudget) {
      await withSpan(CONTEXT_SPANS.compaction, async (s) => {
        const summary = await store.summarize(sessionId, { keepRecent: 2 });
        compacted = summary !== undefined;
        if (summary) s.setAttribute(A.summaryId, summary.id);
      });
    }
    const summaries = withSpan(CONTEXT_SPANS.fetchSummaries, (s) => {
      const found = store.latestSummaries(sessionId, 2);
      s.setAttribute(A.items, found.length);
      return found;
    });
    const recalled = await withSpan(CONTEXT_SPANS.fetchRecall, async (s) => {
      const hits = (await store.recall(userMessage, { sessionId, k })).filter((h) => h.score > MIN_RELEVANCE);
      s.setAttribute(A.items, hits.length);
      return hits;
    });
    const crossSession = await withSpan(CONTEXT_SPANS.fetchCrossSession, async (s) => {
      const hits = (await store.recallCrossSession(userMessage, { sessionId, k })).filter((h) => h.score > MIN_RELEVANCE);
      s.setAttribute(A.items, hits.length);
      return hits;
    });
    const facts = await withSpan(CONTEXT_SPANS.fetchGraphFacts, async (s) => {
      const hits = (await store.recallFacts(userMessage, { k: 4 })).filter((h) => h.score > MIN_RELEVANCE);
      s.setAttribute(A.items, hits.length);
      return hits;
    });
    const code = memory.codeIndex ? await fetchCode(memory.codeIndex, userMessage) : [];
    const matchedSkills = await skills.match(userMessage, { k: 2 });

    const snippets: ContextSnippet[] = [
      ...summaries.map((x) => ({ source: 'summary', text: x.content })),
      ...recalled.map((h) => ({ source: 'recall', text: h.item.content })),
      ...crossSession.map((h) => ({ source: 'earlier session', text: h.item.content })),
      ...code.map((c) => ({ source: `code ${c.path}:${c.startLine}`, text: c.text })),
    ];
    const compact = withSpan(CONTEXT_SPANS.microcompact, (s) => {
      const result = microcompactSnippets(snippets, options.maxSnippetChars ?? 160);
      s.setAttributes({ [A.snippets]: result.snippets.length, [A.trimmed]: result.trimmed, [A.dropped]: result.dropped, [A.charsSaved]: result.charsSaved });
      return result;
    });

    const systemPrompt = [
      'You are Zeph, a helpful agent.',
      ...matchedSkills.map((m) => `Skill ${m.skill.name}: ${m.skill.description}\n${m.skill.body}`),
      ...(facts.length ? [`Known facts: ${facts.map((f) => `${f.item.subject} ${f.item.relation.replaceAll('_', ' ')} ${f.item.object}`).join('; ')}.`] : []),
      ...compact.snippets.map((x) => `[${x.source}] ${x.text}`),
    ].join('\n\n');
    span.setAttributes({ [A.skills]: matchedSkills.length, [A.snippets]: compact.snippets.length, [A.items]: facts.length });
    if (matchedSkills[0]) span.setAttribute(A.topSkill, matchedSkills[0].skill.name);
    return { systemPrompt, skills: matchedSkills, recalled, crossSession, facts, summaries, code, compacted };
  });
}
