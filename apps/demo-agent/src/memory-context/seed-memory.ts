import type { MemoryStore, NewMessage } from '@zeph/telemetry-memory';

/** The earlier session the demo pretends to have had, so cross-session recall has something to find. */
export const SEED_SESSION_ID = 'demo-earlier-session';
const DAY_MS = 24 * 60 * 60 * 1000;

const EARLIER_SESSION: ReadonlyArray<Pick<NewMessage, 'role' | 'content'>> = [
  { role: 'user', content: 'My name is Ada. I prefer short answers with one example.' },
  { role: 'assistant', content: 'Noted, Ada: short answers with one example.' },
  { role: 'user', content: 'The staging database is PostgreSQL 16. The billing service depends on the payments queue.' },
  { role: 'assistant', content: 'PostgreSQL 16 on staging, and billing depends on the payments queue: I will keep that in mind.' },
  { role: 'user', content: 'Zeph is written in TypeScript. I use Perfetto to read Chrome traces.' },
];

// Earlier in the current conversation: enough text that the first turn crosses the demo's token
// budget, so summarization and compaction really run.
const CURRENT_SESSION_HISTORY: ReadonlyArray<Pick<NewMessage, 'role' | 'content'>> = [
  { role: 'user', content: 'I am debugging slow agent turns. The slowest turns happen right after a deploy of the recall service.' },
  {
    role: 'assistant',
    content:
      'Slow turns right after a deploy usually mean cold caches: the first recall query after a restart has to page the vector table in from disk, and the embedding model warms up on first use. Look for a long memory.recall span under agent.turn in the first minute after each deploy, and compare it with the same span ten minutes later.',
  },
  { role: 'user', content: 'The recall service runs on two cores and keeps its SQLite database on a network volume in Frankfurt.' },
  {
    role: 'assistant',
    content:
      'A network volume adds latency to every page read, and WAL checkpoints are slower there too. If memory.sqlite spans dominate, moving the database to a local disk would help most; if memory.vector_store dominates, the vector index is being scanned instead of searched.',
  },
];

// An old, low-value message that the forgetting pass at start-up deletes.
const STALE_MESSAGE: Pick<NewMessage, 'role' | 'content'> = { role: 'user', content: 'Lunch today is at the Italian place near the office.' };

/**
 * Seeds the store once (the earlier session, a stale message, some history of the current session)
 * so that recall, cross-session recall, graph facts and summarization return real results.
 */
export async function seedDemoMemory(store: MemoryStore, sessionId: string, now = Date.now()): Promise<void> {
  if (store.history(SEED_SESSION_ID).length === 0) {
    await store.remember({ sessionId: SEED_SESSION_ID, ...STALE_MESSAGE, createdAt: now - 90 * DAY_MS });
    let at = now - 7 * DAY_MS;
    for (const message of EARLIER_SESSION) await store.remember({ sessionId: SEED_SESSION_ID, ...message, createdAt: (at += 60_000) });
  }
  if (store.history(sessionId).length === 0) {
    let at = now - 10 * 60_000;
    for (const message of CURRENT_SESSION_HISTORY) await store.remember({ sessionId, ...message, createdAt: (at += 30_000) });
  }
}
