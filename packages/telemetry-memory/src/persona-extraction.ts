import { cleanPhrase, splitSentences } from './graph-extraction.js';
import type { ExtractedFact } from './types.js';

// First-person statements about the user, as (user, trait, value) triples.
const TRAITS: ReadonlyArray<[RegExp, string]> = [
  [/^(?:my name is|call me|i am called) (.+)$/i, 'name'],
  [/^(?:i live in|i'm based in|i am based in) (.+)$/i, 'lives_in'],
  [/^(?:i work (?:at|for)) (.+)$/i, 'works_at'],
  [/^(?:i speak) (.+)$/i, 'speaks'],
  [/^(?:i prefer) (.+)$/i, 'prefers'],
  [/^(?:i (?:really )?(?:like|love|enjoy)) (.+)$/i, 'likes'],
  [/^(?:i (?:dislike|hate|can't stand)) (.+)$/i, 'dislikes'],
  [/^(?:i use) (.+)$/i, 'uses'],
  [/^(?:i am|i'm) (?:a|an) (.+)$/i, 'is_a'],
  [/^my (.+?) is (.+)$/i, 'my'],
];

/** Extracts persona traits ("I prefer tea", "my editor is vim") as facts about the user. */
export function extractPersonaTraits(text: string): ExtractedFact[] {
  const traits: ExtractedFact[] = [];
  for (const sentence of splitSentences(text)) {
    for (const [pattern, relation] of TRAITS) {
      const match = pattern.exec(sentence);
      if (!match) continue;
      if (relation === 'my') {
        // "my favourite language is Rust" -> (user, favourite_language, rust)
        const attribute = cleanPhrase(match[1]).replace(/\s+/g, '_');
        const value = cleanPhrase(match[2]);
        if (attribute && value) traits.push({ kind: 'persona', subject: 'user', relation: attribute, object: value });
      } else {
        const value = cleanPhrase(match[1]);
        if (value) traits.push({ kind: 'persona', subject: 'user', relation, object: value });
      }
      break;
    }
  }
  return traits;
}
