// Attribute keys the demo's context assembly writes on the context.* spans (names from core's CONTEXT_SPANS).
export const CONTEXT_ATTRIBUTES = {
  items: 'context.items',
  snippets: 'context.snippets',
  skills: 'context.skills',
  topSkill: 'context.top_skill',
  topPath: 'context.fetch_code.top_path',
  tokens: 'context.tokens',
  tokenBudget: 'context.token_budget',
  overBudget: 'context.over_budget',
  summaryId: 'context.summary_id',
  trimmed: 'context.microcompact.trimmed',
  dropped: 'context.microcompact.dropped',
  charsSaved: 'context.microcompact.chars_saved',
} as const;
