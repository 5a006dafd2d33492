export interface ContextSnippet {
  source: string;
  text: string;
}

export interface MicrocompactResult {
  snippets: ContextSnippet[];
  trimmed: number;
  dropped: number;
  charsSaved: number;
}

/**
 * Cheap compaction of what goes into the prompt: drops snippets repeated across sources and cuts
 * each one to maxChars on a word boundary, instead of summarizing with the LLM.
 */
export function microcompactSnippets(snippets: readonly ContextSnippet[], maxChars: number): MicrocompactResult {
  const seen = new Set<string>();
  const kept: ContextSnippet[] = [];
  let trimmed = 0;
  let dropped = 0;
  let charsSaved = 0;
  for (const snippet of snippets) {
    const key = snippet.text.trim().toLowerCase();
    if (seen.has(key)) {
      dropped += 1;
      charsSaved += snippet.text.length;
      continue;
    }
    seen.add(key);
    if (snippet.text.length <= maxChars) {
      kept.push(snippet);
      continue;
    }
    const cut = snippet.text.slice(0, maxChars);
    const text = `${cut.slice(0, Math.max(cut.lastIndexOf(' '), maxChars / 2)).trimEnd()}…`;
    trimmed += 1;
    charsSaved += snippet.text.length - text.length;
    kept.push({ source: snippet.source, text });
  }
  return { snippets: kept, trimmed, dropped, charsSaved };
}
