import type { SqliteDatabase } from './memory-database.js';
import { inSqliteSpan } from './sqlite-span.js';
import type { Summary } from './types.js';

interface SummaryRow {
  id: number;
  session_id: string;
  content: string;
  from_message_id: number;
  to_message_id: number;
  created_at: number;
}

const toSummary = (row: SummaryRow): Summary => ({
  id: row.id,
  sessionId: row.session_id,
  content: row.content,
  fromMessageId: row.from_message_id,
  toMessageId: row.to_message_id,
  createdAt: row.created_at,
});

/** The summaries table: every statement runs in a memory.sqlite span. */
export class SummaryTable {
  constructor(private readonly db: SqliteDatabase) {}

  insert(summary: Omit<Summary, 'id'>): Summary {
    return inSqliteSpan(
      'summaries',
      'insert',
      () => {
        const info = this.db
          .prepare('INSERT INTO summaries (session_id, content, from_message_id, to_message_id, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(summary.sessionId, summary.content, summary.fromMessageId, summary.toMessageId, summary.createdAt);
        return { ...summary, id: Number(info.lastInsertRowid) };
      },
      (stored) => ({ rows: 1, bytes: Buffer.byteLength(stored.content) }),
    );
  }

  /** The newest `limit` summaries of a session, oldest first. */
  latest(sessionId: string, limit: number): Summary[] {
    return inSqliteSpan(
      'summaries',
      'select',
      () =>
        (this.db.prepare('SELECT * FROM summaries WHERE session_id = ? ORDER BY to_message_id DESC LIMIT ?').all(sessionId, limit) as SummaryRow[])
          .map(toSummary)
          .reverse(),
      (rows) => ({ rows: rows.length, bytes: rows.reduce((sum, s) => sum + Buffer.byteLength(s.content), 0) }),
    );
  }

  /** Id of the last message already covered by a summary (0 when none). */
  lastCoveredMessageId(sessionId: string): number {
    return inSqliteSpan(
      'summaries',
      'select',
      () => (this.db.prepare('SELECT MAX(to_message_id) AS id FROM summaries WHERE session_id = ?').get(sessionId) as { id: number | null }).id ?? 0,
      () => ({ rows: 1 }),
    );
  }
}
