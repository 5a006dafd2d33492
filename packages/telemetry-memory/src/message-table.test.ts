import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDatabase, type SqliteDatabase } from './memory-database.js';
import { MessageTable } from './message-table.js';

describe('MessageTable.countSessions', () => {
  let dir: string;
  let db: SqliteDatabase;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zeph-message-table-'));
    db = openMemoryDatabase(join(dir, 'memory.sqlite'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const add = (table: MessageTable, sessionId: string, n: number) => {
    for (let i = 0; i < n; i++) table.insert({ sessionId, role: 'user', content: `m${i}`, createdAt: i, importance: 0.5 });
  };

  it('counts the sessions other than the given one, on an empty table too', () => {
    const table = new MessageTable(db);
    expect(table.countSessions('s-b')).toBe(0);
    add(table, 's-b', 3);
    expect(table.countSessions('s-b')).toBe(0);
    expect(table.countSessions('s-unknown')).toBe(1);
    add(table, 's-a', 2);
    add(table, 's-c', 5);
    add(table, 's-b', 1);
    expect(table.countSessions('s-b')).toBe(2);
    expect(table.countSessions('s-a')).toBe(2);
    expect(table.countSessions('s-unknown')).toBe(3);
    table.deleteForgotten(Number.POSITIVE_INFINITY, 0);
    expect(table.countSessions('s-unknown')).toBe(0);
  });

  it('seeks the session index instead of reading every message', () => {
    const table = new MessageTable(db);
    add(table, 's-a', 50);
    add(table, 's-b', 50);
    // The steps SQLite takes: each session costs one index seek, whatever the number of messages.
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${otherSessionsSql(table)}`).all('s-a') as { detail: string }[]).map((r) => r.detail);
    expect(plan.some((d) => /SEARCH messages USING COVERING INDEX messages_by_session/.test(d))).toBe(true);
    expect(plan.some((d) => /^SCAN messages/.test(d))).toBe(false);
  });
});

/** The statement's SQL, read from the prepared statement the table holds. */
function otherSessionsSql(table: MessageTable): string {
  return (table as unknown as { otherSessionsStatement: { source: string } }).otherSessionsStatement.source;
}
