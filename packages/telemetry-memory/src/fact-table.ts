import type { FactMerge } from './fact-consolidation.js';
import type { SqliteDatabase } from './memory-database.js';
import { inSqliteSpan } from './sqlite-span.js';
import type { ExtractedFact, FactKind, StoredFact } from './types.js';

interface FactRow {
  id: number;
  session_id: string;
  kind: FactKind;
  subject: string;
  relation: string;
  object: string;
  support: number;
  created_at: number;
}

const toFact = (row: FactRow): StoredFact => ({
  id: row.id,
  sessionId: row.session_id,
  kind: row.kind,
  subject: row.subject,
  relation: row.relation,
  object: row.object,
  support: row.support,
  createdAt: row.created_at,
});

/** The text a fact is embedded and shown as. */
export const factText = (fact: ExtractedFact): string => `${fact.subject} ${fact.relation.replaceAll('_', ' ')} ${fact.object}`;

const listed = (facts: StoredFact[]) => ({ rows: facts.length, bytes: facts.reduce((sum, f) => sum + Buffer.byteLength(factText(f)), 0) });

/** The facts table (graph triples and persona traits): every statement runs in a memory.sqlite span. */
export class FactTable {
  constructor(private readonly db: SqliteDatabase) {}

  insertMany(sessionId: string, facts: readonly ExtractedFact[], createdAt: number): StoredFact[] {
    if (facts.length === 0) return [];
    return inSqliteSpan(
      'facts',
      'insert',
      () => {
        const insert = this.db.prepare(
          'INSERT INTO facts (session_id, kind, subject, relation, object, support, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)',
        );
        return this.db.transaction(() =>
          facts.map((fact) => {
            const info = insert.run(sessionId, fact.kind, fact.subject, fact.relation, fact.object, createdAt);
            return { ...fact, id: Number(info.lastInsertRowid), sessionId, support: 1, createdAt };
          }),
        )();
      },
      listed,
    );
  }

  all(): StoredFact[] {
    return inSqliteSpan('facts', 'select', () => (this.db.prepare('SELECT * FROM facts ORDER BY id').all() as FactRow[]).map(toFact), listed);
  }

  byIds(ids: readonly number[]): StoredFact[] {
    if (ids.length === 0) return [];
    return inSqliteSpan(
      'facts',
      'select',
      () => (this.db.prepare(`SELECT * FROM facts WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as FactRow[]).map(toFact),
      listed,
    );
  }

  /** Folds duplicates into their keeper: adds their support to it and deletes them, in one transaction. */
  mergeInto(merges: ReadonlyMap<number, FactMerge>): number {
    return inSqliteSpan(
      'facts',
      'update',
      () => {
        const setSupport = this.db.prepare('UPDATE facts SET support = ? WHERE id = ?');
        const remove = this.db.prepare('DELETE FROM facts WHERE id = ?');
        return this.db.transaction(() => {
          let removed = 0;
          for (const [keeperId, merge] of merges) {
            setSupport.run(merge.support, keeperId);
            for (const id of merge.duplicates) removed += remove.run(id).changes;
          }
          return removed;
        })();
      },
      (removed) => ({ rows: removed + merges.size }),
    );
  }
}
