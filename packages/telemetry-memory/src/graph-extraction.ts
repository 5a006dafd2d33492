import type { ExtractedFact } from './types.js';

// Third-person relations: "<subject> <verb phrase> <object>". First-person statements are persona
// traits (see persona-extraction.ts), so subjects like "I" and "my" are skipped here.
const RELATIONS: ReadonlyArray<[RegExp, string]> = [
  [/^(.+?) (?:is|was) (?:located|based) in (.+)$/i, 'located_in'],
  [/^(.+?) (?:works|worked) (?:at|for) (.+)$/i, 'works_at'],
  [/^(.+?) (?:lives|lived) in (.+)$/i, 'lives_in'],
  [/^(.+?) (?:depends|relies) on (.+)$/i, 'depends_on'],
  [/^(.+?) (?:is|was) written in (.+)$/i, 'written_in'],
  [/^(.+?) (?:was )?(?:created|built|written|founded) by (.+)$/i, 'created_by'],
  [/^(.+?) (?:uses|used) (.+)$/i, 'uses'],
  [/^(.+?) (?:likes|loves|prefers) (.+)$/i, 'likes'],
  [/^(.+?) (?:owns|has) (.+)$/i, 'has'],
  [/^(.+?) (?:is|are|was) (?:a|an|the) (.+)$/i, 'is_a'],
  [/^(.+?) (?:is|are|was) part of (.+)$/i, 'part_of'],
];
const FIRST_PERSON = /^(i|i'm|my|me|we|our|you|your|it|this|that|there|he|she|they)\b/i;

export const splitSentences = (text: string): string[] =>
  text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim().replace(/[.!?]+$/, '').trim())
    .filter((s) => s.length > 0);

export const cleanPhrase = (phrase: string): string =>
  phrase
    .trim()
    .replace(/^(the|a|an) /i, '')
    .replace(/[,;:].*$/, '')
    .trim()
    .toLowerCase();

/** Extracts (subject, relation, object) triples from plain sentences with a fixed set of verb patterns. */
export function extractGraphFacts(text: string): ExtractedFact[] {
  const facts: ExtractedFact[] = [];
  for (const sentence of splitSentences(text)) {
    if (FIRST_PERSON.test(sentence)) continue;
    for (const [pattern, relation] of RELATIONS) {
      const match = pattern.exec(sentence);
      if (!match) continue;
      const subject = cleanPhrase(match[1]);
      const object = cleanPhrase(match[2]);
      if (subject && object && subject.split(' ').length <= 5) facts.push({ kind: 'relation', subject, relation, object });
      break;
    }
  }
  return facts;
}
