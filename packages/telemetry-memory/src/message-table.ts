import type { SqliteDatabase } from './memory-database.js';
import { inSqliteSpan } from './sqlite-span.js';
import type { MessageRole, StoredMessage } from './types.js';

interface MessageRow {
  id: number;
  session_id: string;
  role: MessageRole;
  content: string;
  created_at: number;
  importance: number;
}

const toMessage = (row: MessageRow): StoredMessage => ({
  id: row.id,
  sessionId: row.session_id,
  role: row.role,
  content: row.content,
  createdAt: row.created_at,
  importance: row.importance,
});

const textBytes = (messages: readonly StoredMessage[]) => messages.reduce((sum, m) => sum + Buffer.byteLength(m.content), 0);
const listed = (messages: StoredMessage[]) => ({ rows: messages.length, bytes: textBytes(messages) });

/** The messages table: every statement runs in a memory.sqlite span. */
export class MessageTable {
  private readonly insertStatement;
  private readonly bySessionStatement;
  private readonly afterIdStatement;
  private readonly recentStatement;
  private readonly otherSessionsStatement;

  constructor(private readonly db: SqliteDatabase) {
    this.insertStatement = db.prepare(
      'INSERT INTO messages (session_id, role, content, created_at, importance) VALUES (?, ?, ?, ?, ?)',
    );
    this.bySessionStatement = db.prepare('SELECT * FROM messages WHERE session_id = ? ORDER BY id');
    this.afterIdStatement = db.prepare('SELECT * FROM messages WHERE session_id = ? AND id > ? ORDER BY id');
    this.recentStatement = db.prepare('SELECT * FROM messages WHERE session_id = ? ORDER BY id DESC LIMIT ?');
    // COUNT(DISTINCT session_id) reads every message's index entry, so a telemetry attribute would cost
    // more with every message stored. This walks the (session_id, id) index one session at a time
    // instead: one seek per session.
    this.otherSessionsStatement = db.prepare(`
      WITH RECURSIVE sessions(id) AS (
        SELECT MIN(session_id) FROM messages
        UNION ALL
        SELECT (SELECT MIN(session_id) FROM messages WHERE session_id > sessions.id) FROM sessions WHERE sessions.id IS NOT NULL
      )
      SELECT COUNT(id) AS n FROM sessions WHERE id IS NOT NULL AND id != ?`);
  }

  insert(message: Omit<StoredMessage, 'id'>): StoredMessage {
    return inSqliteSpan(
      'messages',
      'insert',
      () => {
        const info = this.insertStatement.run(message.sessionId, message.role, message.content, message.createdAt, message.importance);
        return { ...message, id: Number(info.lastInsertRowid) };
      },
      (stored) => ({ rows: 1, bytes: Buffer.byteLength(stored.content) }),
    );
  }

  listSession(sessionId: string): StoredMessage[] {
    return inSqliteSpan('messages', 'select', () => (this.bySessionStatement.all(sessionId) as MessageRow[]).map(toMessage), listed);
  }

  listAfter(sessionId: string, afterId: number): StoredMessage[] {
    return inSqliteSpan('messages', 'select', () => (this.afterIdStatement.all(sessionId, afterId) as MessageRow[]).map(toMessage), listed);
  }

  /** The newest `limit` messages of a session, oldest first. */
  recent(sessionId: string, limit: number): StoredMessage[] {
    return inSqliteSpan(
      'messages',
      'select',
      () => (this.recentStatement.all(sessionId, limit) as MessageRow[]).map(toMessage).reverse(),
      listed,
    );
  }

  byIds(ids: readonly number[]): StoredMessage[] {
    if (ids.length === 0) return [];
    return inSqliteSpan(
      'messages',
      'select',
      () => {
        const rows = this.db.prepare(`SELECT * FROM messages WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as MessageRow[];
        return rows.map(toMessage);
      },
      listed,
    );
  }

  /** Deletes messages older than `createdBefore` or scored below `importanceBelow`; returns their ids. */
  deleteForgotten(createdBefore: number, importanceBelow: number): number[] {
    return inSqliteSpan(
      'messages',
      'delete',
      () =>
        this.db.transaction(() => {
          const where = 'created_at < ? OR importance < ?';
          const ids = (this.db.prepare(`SELECT id FROM messages WHERE ${where}`).all(createdBefore, importanceBelow) as { id: number }[]).map(
            (r) => r.id,
          );
          this.db.prepare(`DELETE FROM messages WHERE ${where}`).run(createdBefore, importanceBelow);
          return ids;
        })(),
      (ids) => ({ rows: ids.length }),
    );
  }

  countSessions(excludeSessionId: string): number {
    return inSqliteSpan(
      'messages',
      'select',
      () => (this.otherSessionsStatement.get(excludeSessionId) as { n: number }).n,
      () => ({ rows: 1 }),
    );
  }
}
