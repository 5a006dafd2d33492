// Okapi BM25 over skill names and descriptions (the text a matcher should look at; bodies are
// instructions for the model, not for routing).

const TOKEN = /[\p{L}\p{N}]+/gu;
const STOP_WORDS = new Set(['a', 'an', 'the', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'with', 'is', 'are', 'it', 'this', 'that', 'me', 'my', 'i', 'you', 'be', 'do', 'how', 'what', 'can', 'please']);

// Plural folding only ("queries" -> "query", "tests" -> "test"): enough for short descriptions.
const stem = (t: string) => (t.length > 4 && t.endsWith('ies') ? `${t.slice(0, -3)}y` : t.length > 3 && t.endsWith('s') && !t.endsWith('ss') ? t.slice(0, -1) : t);

export const tokenize = (text: string): string[] => (text.toLowerCase().match(TOKEN) ?? []).filter((t) => !STOP_WORDS.has(t)).map(stem);

export interface Bm25Hit {
  id: string;
  score: number;
}

export class Bm25Index {
  private readonly docs = new Map<string, { length: number; termFrequency: Map<string, number> }>();
  private readonly documentFrequency = new Map<string, number>();
  private totalLength = 0;

  constructor(
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {}

  get size(): number {
    return this.docs.size;
  }

  add(id: string, text: string): void {
    if (this.docs.has(id)) this.remove(id);
    const tokens = tokenize(text);
    const termFrequency = new Map<string, number>();
    for (const t of tokens) termFrequency.set(t, (termFrequency.get(t) ?? 0) + 1);
    for (const t of termFrequency.keys()) this.documentFrequency.set(t, (this.documentFrequency.get(t) ?? 0) + 1);
    this.docs.set(id, { length: tokens.length, termFrequency });
    this.totalLength += tokens.length;
  }

  remove(id: string): void {
    const doc = this.docs.get(id);
    if (!doc) return;
    for (const t of doc.termFrequency.keys()) {
      const n = (this.documentFrequency.get(t) ?? 1) - 1;
      if (n === 0) this.documentFrequency.delete(t);
      else this.documentFrequency.set(t, n);
    }
    this.totalLength -= doc.length;
    this.docs.delete(id);
  }

  search(query: string, k: number): Bm25Hit[] {
    const terms = [...new Set(tokenize(query))];
    const n = this.docs.size;
    if (n === 0 || terms.length === 0) return [];
    const averageLength = this.totalLength / n || 1;
    const hits: Bm25Hit[] = [];
    for (const [id, doc] of this.docs) {
      let score = 0;
      for (const term of terms) {
        const tf = doc.termFrequency.get(term);
        if (!tf) continue;
        const df = this.documentFrequency.get(term) ?? 0;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += (idf * tf * (this.k1 + 1)) / (tf + this.k1 * (1 - this.b + (this.b * doc.length) / averageLength));
      }
      if (score > 0) hits.push({ id, score });
    }
    hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    return hits.slice(0, k);
  }
}
