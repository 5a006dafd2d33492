import type { AdmissionDecision, NewMessage } from './types.js';

// Phatic replies carry nothing worth recalling later.
const FILLER = new Set([
  'ok', 'okay', 'k', 'thanks', 'thank you', 'thx', 'ty', 'yes', 'no', 'yep', 'nope', 'sure', 'cool', 'nice', 'great',
  'hi', 'hello', 'hey', 'bye', 'lol', 'hmm', 'got it', 'sounds good', 'done',
]);
// Statements about the user weigh most: they feed persona recall.
const INFORMATION_SIGNALS: ReadonlyArray<[RegExp, number]> = [
  [/\b(i am|i'm|my|i like|i love|i prefer|i hate|i dislike|i use|i speak|i work|i live|remember|always|never|call me)\b/i, 0.2],
  [/\b(is|are|was|uses|works|lives|depends|owns|likes|prefers)\b/i, 0.12],
  [/\d/, 0.12],
  [/\b[A-Z][a-z]+\b/, 0.12],
];
const WORD = /[\p{L}\p{N}']+/gu;

const normalise = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}' ]+/gu, ' ').replace(/\s+/g, ' ').trim();

/**
 * Decides whether a message is worth remembering: empty text, filler and exact repeats of a recent
 * message are rejected; otherwise the score grows with content words and information signals.
 */
export function judgeAdmission(message: NewMessage, recentContents: readonly string[], threshold: number): AdmissionDecision {
  const text = normalise(message.content);
  if (text.length === 0) return { admit: false, score: 0, reason: 'empty' };
  if (FILLER.has(text)) return { admit: false, score: 0.05, reason: 'filler' };
  if (recentContents.some((recent) => normalise(recent) === text)) return { admit: false, score: 0.1, reason: 'duplicate' };
  const words = text.match(WORD)?.length ?? 0;
  const signals = INFORMATION_SIGNALS.reduce((sum, [signal, weight]) => sum + (signal.test(message.content) ? weight : 0), 0);
  const roleWeight = message.role === 'user' ? 0.1 : message.role === 'tool' ? -0.1 : 0;
  const score = Math.max(0, Math.min(1, Math.min(words, 20) / 40 + signals + roleWeight));
  const rounded = Math.round(score * 1000) / 1000;
  return rounded >= threshold
    ? { admit: true, score: rounded, reason: 'informative' }
    : { admit: false, score: rounded, reason: 'below_threshold' };
}
