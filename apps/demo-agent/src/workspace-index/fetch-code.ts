import { CONTEXT_SPANS, withSpan } from '@zeph/telemetry-core';
import { CONTEXT_ATTRIBUTES } from '../memory-context/context-attributes.js';
import type { CodeHit, CodeIndex } from './code-index.js';

/** BM25 scores below this share only a common word with the message: not worth prompt space. */
const MIN_SCORE = 1;

/**
 * context.fetch_code: brings the code index up to date if due, then returns the k chunks that
 * best match the user's message.
 */
export function fetchCode(index: CodeIndex, userMessage: string, k = 2): Promise<CodeHit[]> {
  return withSpan(CONTEXT_SPANS.fetchCode, async (span) => {
    await index.refreshIfDue();
    const hits = index.search(userMessage, k).filter((hit) => hit.score >= MIN_SCORE);
    span.setAttribute(CONTEXT_ATTRIBUTES.items, hits.length);
    if (hits[0] && span.isRecording) span.setAttribute(CONTEXT_ATTRIBUTES.topPath, hits[0].path);
    return hits;
  });
}
