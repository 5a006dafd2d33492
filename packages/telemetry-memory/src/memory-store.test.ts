import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openMemoryStore, type MemoryStore } from './memory-store.js';
import { MEMORY_ATTRIBUTES as A, MEMORY_SPANS as S } from './spans.js';

let dir: string;
let store: MemoryStore;
let telemetry: TestTelemetry | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zeph-memory-'));
  store = openMemoryStore({ path: join(dir, 'memory.db') });
});
afterEach(async () => {
  store.close();
  await telemetry?.shutdown();
  telemetry = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const childrenOf = (t: TestTelemetry, parentName: string) => {
  const parent = t.span(parentName);
  return t.spans().filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId);
};

describe('memory store on a real SQLite file', () => {
  it('opens the file in WAL mode with the three tables', () => {
    const raw = new Database(join(dir, 'memory.db'), { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['messages', 'summaries', 'facts']));
    raw.close();
    expect(store.vectorBackend).toBe('sqlite-vec');
  });

  it('remember emits admission, sqlite, vector_store and extraction spans under memory.remember', async () => {
    telemetry = await startTestTelemetry();
    const result = await store.remember({ sessionId: 's1', role: 'user', content: 'My name is Ada. Zeph uses SQLite for memory.' });
    expect(result.decision.admit).toBe(true);
    expect(result.facts.map((f) => [f.subject, f.relation, f.object])).toEqual([
      ['zeph', 'uses', 'sqlite for memory'],
      ['user', 'name', 'ada'],
    ]);
    const children = childrenOf(telemetry, S.remember).map((s) => s.name);
    expect(children).toEqual([S.admission, S.sqlite, S.vectorStore, S.graphExtract, S.personaExtract, S.sqlite, S.vectorStore]);
    // The admission span looks at recent messages for duplicates: its own memory.sqlite child.
    expect(childrenOf(telemetry, S.admission).map((s) => s.name)).toEqual([S.sqlite]);

    const remember = telemetry.span(S.remember);
    expect(remember.attributes).toMatchObject({ [A.sessionId]: 's1', [A.role]: 'user', [A.admitted]: true, [A.factCount]: 2 });
    expect(remember.attributes[A.messageId]).toBe(result.message?.id);
    const insert = telemetry.spans().find((s) => s.name === S.sqlite && s.attributes[A.operation] === 'insert' && s.attributes[A.table] === 'messages');
    expect(insert?.attributes).toMatchObject({ [A.dbSystem]: 'sqlite', [A.rows]: 1, [A.bytes]: Buffer.byteLength(result.message!.content) });
    const upserts = telemetry.spans().filter((s) => s.name === S.vectorStore);
    expect(upserts.map((s) => [s.attributes[A.collection], s.attributes[A.rows], s.attributes[A.bytes]])).toEqual([
      ['messages', 1, 256 * 4],
      ['facts', 2, 2 * 256 * 4],
    ]);
    expect(upserts[0].attributes[A.backend]).toBe('sqlite-vec');
    expect(telemetry.span(S.admission).attributes).toMatchObject({ [A.admitted]: true, [A.admissionReason]: 'informative' });
    expect(telemetry.span(S.graphExtract).attributes[A.factCount]).toBe(1);
    expect(telemetry.span(S.personaExtract).attributes[A.traitCount]).toBe(1);
  });

  it('rejects filler and repeats at admission and stores nothing for them', async () => {
    telemetry = await startTestTelemetry();
    await store.remember({ sessionId: 's1', role: 'user', content: 'The staging cluster lives in Frankfurt.' });
    const filler = await store.remember({ sessionId: 's1', role: 'user', content: 'ok' });
    const repeat = await store.remember({ sessionId: 's1', role: 'user', content: 'the staging cluster lives in frankfurt' });
    expect([filler.decision.reason, repeat.decision.reason]).toEqual(['filler', 'duplicate']);
    expect(store.history('s1')).toHaveLength(1);
    const rejected = telemetry.spans().filter((s) => s.name === S.remember && s.attributes[A.admitted] === false);
    expect(rejected).toHaveLength(2);
  });

  it('history with last returns the newest messages oldest first, and rejects a bad count', async () => {
    const lines = ['The build server is in Oslo.', 'Deploys run at noon on Tuesdays.', 'The cache lives on Redis 7.', 'Backups go to a bucket in Dublin.'];
    for (const content of lines) await store.remember({ sessionId: 'h', role: 'user', content });
    expect(store.history('h', { last: 2 }).map((m) => m.content)).toEqual(lines.slice(2));
    expect(store.history('h', { last: 10 }).map((m) => m.content)).toEqual(lines);
    expect(() => store.history('h', { last: 0 })).toThrow('history: "last" must be a whole number of at least 1, got 0');
  });

  it('recall returns the nearest messages of the session with k and hit count on the span', async () => {
    for (const content of [
      'The deploy pipeline runs every Friday at noon.',
      'Grafana dashboards live in the deploy folder.',
      'The office coffee machine is broken again.',
      'Our database backups are stored in S3 buckets.',
    ]) {
      await store.remember({ sessionId: 's1', role: 'user', content });
    }
    await store.remember({ sessionId: 's2', role: 'user', content: 'When does the deploy pipeline run on Friday?' });
    telemetry = await startTestTelemetry();
    const hits = await store.recall('when does the deploy pipeline run', { sessionId: 's1', k: 2 });
    expect(hits[0].item.content).toBe('The deploy pipeline runs every Friday at noon.');
    expect(hits.every((h) => h.item.sessionId === 's1')).toBe(true);
    expect(hits[0].score).toBeGreaterThan(hits[1].score);
    const recall = telemetry.span(S.recall);
    expect(recall.attributes).toMatchObject({ [A.k]: 2, [A.hitCount]: 2, [A.target]: 'messages', [A.backend]: 'sqlite-vec' });
    expect(childrenOf(telemetry, S.recall).map((s) => s.name)).toEqual([S.vectorStore, S.sqlite]);
    expect(telemetry.span(S.vectorStore).attributes).toMatchObject({ [A.operation]: 'search', [A.k]: 2, [A.hitCount]: 2 });
  });

  it.each(['sqlite-vec', 'sqlite-cosine'] as const)('a query without words recalls nothing on %s', async (vectorBackend) => {
    store.close();
    store = openMemoryStore({ path: join(dir, `${vectorBackend}.db`), vectorBackend });
    await store.remember({ sessionId: 's', role: 'user', content: 'The API gateway runs in Oslo.' });
    expect(await store.recall('?!', { sessionId: 's', k: 3 })).toEqual([]);
    expect(await store.recallCrossSession('...', { sessionId: 'other', k: 3 })).toEqual([]);
    expect(await store.recallFacts('', { k: 3 })).toEqual([]);
  });

  it('cross-session recall searches only the other sessions', async () => {
    await store.remember({ sessionId: 'old', role: 'user', content: 'The release train leaves every second Tuesday.' });
    await store.remember({ sessionId: 'older', role: 'user', content: 'Tuesday standups moved to Wednesday.' });
    await store.remember({ sessionId: 'now', role: 'user', content: 'When does the release train leave on Tuesday?' });
    telemetry = await startTestTelemetry();
    const hits = await store.recallCrossSession('release train tuesday', { sessionId: 'now', k: 3 });
    expect(hits.map((h) => h.item.sessionId)).toEqual(['old', 'older']);
    expect(telemetry.span(S.crossSession).attributes).toMatchObject({ [A.hitCount]: 2, [A.sessionsSearched]: 2, [A.k]: 3 });
  });

  it('recalls facts from every session', async () => {
    await store.remember({ sessionId: 'a', role: 'user', content: 'I prefer green tea. The billing service depends on Postgres.' });
    const hits = await store.recallFacts('what does billing depend on', { k: 1 });
    expect(hits[0].item).toMatchObject({ subject: 'billing service', relation: 'depends_on', object: 'postgres' });
  });

  it('probes the token budget and summarizes older messages through the injected summarizer', async () => {
    const summarizer = vi.fn((msgs: readonly { content: string }[]) => `summary of ${msgs.length}`);
    store.close();
    store = openMemoryStore({ path: join(dir, 'memory.db'), summarizer });
    for (let i = 0; i < 6; i++) {
      await store.remember({ sessionId: 's', role: i % 2 ? 'assistant' : 'user', content: `Message number ${i} about the Kafka consumer lag in topic ${i}.` });
    }
    telemetry = await startTestTelemetry();
    const before = store.probeCompaction('s', 50);
    expect(before).toMatchObject({ overBudget: true, messages: 6 });
    expect(telemetry.span(S.compactionProbe).attributes).toMatchObject({ [A.tokenBudget]: 50, [A.overBudget]: true, [A.rows]: 6 });

    const summary = await store.summarize('s', { keepRecent: 2 });
    expect(summary?.content).toBe('summary of 4');
    expect(summarizer.mock.calls[0][0].map((m) => m.content)).toEqual(store.history('s').slice(0, 4).map((m) => m.content));
    expect(telemetry.span(S.summarize).attributes).toMatchObject({ [A.inputMessages]: 4, [A.summaryId]: summary!.id });

    const after = store.probeCompaction('s', 50);
    expect(after.messages).toBe(2);
    expect(after.tokens).toBeLessThan(before.tokens);
    expect(store.latestSummaries('s').map((x) => x.content)).toEqual(['summary of 4']);
    expect(await store.summarize('s', { keepRecent: 2 })).toBeUndefined();
  });

  it('the default summarizer keeps the first sentence of each message', async () => {
    for (const content of ['Alpha is the first service. It has more text.', 'Beta replaced Gamma last week! Details follow.', 'Delta is new.']) {
      await store.remember({ sessionId: 's', role: 'user', content });
    }
    const summary = await store.summarize('s', { keepRecent: 1 });
    expect(summary?.content).toBe('user: Alpha is the first service. | user: Beta replaced Gamma last week!');
  });

  it('forgetting deletes old and unimportant messages together with their vectors', async () => {
    const now = 1_000_000_000;
    await store.remember({ sessionId: 's', role: 'user', content: 'The old VPN gateway is in Dublin.', createdAt: now - 10_000 });
    await store.remember({ sessionId: 's', role: 'user', content: 'The new VPN gateway is in Lisbon.', createdAt: now - 10 });
    telemetry = await startTestTelemetry();
    const deleted = await store.forget({ maxAgeMs: 1_000, now });
    expect(deleted).toBe(1);
    expect(store.history('s').map((m) => m.content)).toEqual(['The new VPN gateway is in Lisbon.']);
    const hits = await store.recall('VPN gateway Dublin', { sessionId: 's', k: 5 });
    expect(hits.map((h) => h.item.content)).toEqual(['The new VPN gateway is in Lisbon.']);
    expect(telemetry.span(S.forgetting).attributes).toMatchObject({ [A.deleted]: 1, [A.maxAgeMs]: 1_000 });
    expect(childrenOf(telemetry, S.forgetting).map((s) => s.name)).toEqual([S.sqlite, S.vectorStore]);
    await expect(store.forget({})).rejects.toThrow(/needs maxAgeMs, minImportance or both/);
  });

  it('consolidation merges near-duplicate facts and keeps the summed support', async () => {
    await store.remember({ sessionId: 'a', role: 'user', content: 'I prefer green tea.' });
    await store.remember({ sessionId: 'b', role: 'user', content: 'I prefer green tea!!' });
    await store.remember({ sessionId: 'c', role: 'user', content: 'I prefer dark roast coffee.' });
    telemetry = await startTestTelemetry();
    const result = await store.consolidate({ similarity: 0.95 });
    expect(result).toEqual({ examined: 3, merged: 1 });
    const hits = await store.recallFacts('green tea', { k: 5 });
    const tea = hits.filter((h) => h.item.object === 'green tea');
    expect(tea).toHaveLength(1);
    expect(tea[0].item.support).toBe(2);
    expect(telemetry.span(S.consolidation).attributes).toMatchObject({ [A.examined]: 3, [A.merged]: 1, [A.similarity]: 0.95 });
  });

  it('the consolidation loop runs consolidation periodically in its own spans', async () => {
    const first = await store.remember({ sessionId: 'a', role: 'user', content: 'I use neovim.' });
    expect(first.facts).toHaveLength(1);
    const second = await store.remember({ sessionId: 'b', role: 'user', content: 'I use neovim every day.' });
    expect(second.facts).toHaveLength(1);
    telemetry = await startTestTelemetry();
    const loop = store.startConsolidationLoop({ intervalMs: 10, similarity: 0.6 });
    await vi.waitFor(() => expect(loop.runs).toBeGreaterThanOrEqual(2), { timeout: 5_000, interval: 10 });
    loop.stop();
    const loops = telemetry.spans().filter((s) => s.name === S.consolidationLoop);
    expect(loops.length).toBeGreaterThanOrEqual(2);
    expect(loops[0].attributes).toMatchObject({ [A.loopRun]: 1, [A.intervalMs]: 10 });
    const firstRun = telemetry.spans().find((s) => s.name === S.consolidation && telemetry!.parentOf(s) === loops[0]);
    expect(firstRun?.attributes[A.merged]).toBe(1);
    expect(() => store.startConsolidationLoop({ intervalMs: 0 })).toThrow(/intervalMs must be > 0, got 0/);
  });

  it('falls back to exact cosine when sqlite-vec does not load and reports why on recall spans', async () => {
    store.close();
    store = openMemoryStore({
      path: join(dir, 'fallback.db'),
      loadVectorExtension: () => {
        throw new Error('extension loading disabled');
      },
    });
    expect(store.vectorBackend).toBe('sqlite-cosine');
    await store.remember({ sessionId: 's', role: 'user', content: 'The on-call rota is in PagerDuty.' });
    await store.remember({ sessionId: 's', role: 'user', content: 'Lunch is at one o clock.' });
    telemetry = await startTestTelemetry();
    const [hit] = await store.recall('who is on call', { sessionId: 's', k: 1 });
    expect(hit.item.content).toBe('The on-call rota is in PagerDuty.');
    expect(telemetry.span(S.recall).attributes[A.backend]).toBe('sqlite-cosine');
    expect(String(telemetry.span(S.recall).attributes[A.backendFallbackReason])).toContain('extension loading disabled');
  });

  it('rejects malformed messages and k values, naming the field and the value', async () => {
    await expect(store.remember({ sessionId: '', role: 'user', content: 'x' })).rejects.toThrow('sessionId must be a non-empty string, got ""');
    await expect(store.remember({ sessionId: 's', role: 'robot' as never, content: 'x' })).rejects.toThrow('role must be one of user, assistant, system, tool, got "robot"');
    await expect(store.remember({ sessionId: 's', role: 'user', content: 42 as never })).rejects.toThrow('content must be a string, got number');
    await expect(store.recall('x', { sessionId: 's', k: 0 })).rejects.toThrow('memory recall: k must be an integer from 1 to 1000, got 0');
    await expect(store.recallFacts('x', { k: 2.5 })).rejects.toThrow('memory fact recall: k must be an integer from 1 to 1000, got 2.5');
    expect(store.history('s')).toEqual([]);
  });

  it('names the file when the database cannot be opened', () => {
    expect(() => openMemoryStore({ path: join(dir, 'missing', 'dir', 'x.db') })).toThrow(/cannot open SQLite database at .*missing/);
  });
});
