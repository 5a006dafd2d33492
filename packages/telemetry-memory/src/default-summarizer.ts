import type { StoredMessage, Summarizer } from './types.js';

const MAX_LINE = 80;
const MAX_SUMMARY = 480;

/** Offline default: the first sentence of each message, prefixed by its role, capped in length. */
export const firstSentenceSummarizer: Summarizer = (messages: readonly StoredMessage[]) => {
  const lines = messages.map((m) => {
    const first = m.content.split(/(?<=[.!?])\s+|\n/)[0].trim();
    return `${m.role}: ${first.length > MAX_LINE ? `${first.slice(0, MAX_LINE - 1)}…` : first}`;
  });
  const summary = lines.join(' | ');
  return summary.length > MAX_SUMMARY ? `${summary.slice(0, MAX_SUMMARY - 1)}…` : summary;
};
