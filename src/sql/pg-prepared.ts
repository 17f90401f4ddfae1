// Named (server-side prepared) statements on PostgreSQL. node-pg sends an unnamed statement by
// default, which the server parses, analyses and plans again at every call: for the hot statements
// of a ticket turn (inbox claim and acceptance, ticket reads and updates, memory searches) that cost
// as much server CPU as running them. A named statement is parsed once per connection and, after a
// few executions, runs a cached generic plan. Only statements whose text is fixed get a name (a text
// that varies would leave a prepared statement per variant on every connection).
import { createHash } from 'node:crypto';
import type pg from 'pg';

/** The pg pool behind each PostgreSQL Kysely instance (sql/database.ts registers it). */
export const pgPoolOf = new WeakMap<object, pg.Pool>();

/** `cached plan must not change result type`: a `*` statement prepared before a migration added a column. */
const RESULT_TYPE_CHANGED = '0A000';

/**
 * The statement `text` under a name of its own (from its text, so two callers of one text share it);
 * call it with the pool (or a client) and its values. If a migration by another instance changes
 * the columns a prepared `*` returns, the server refuses the cached plan: the statement then runs
 * unnamed from there on, as before.
 */
export function pgStatement<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string): (db: pg.Pool | pg.PoolClient, values: unknown[]) => Promise<pg.QueryResult<R>> {
  const name = `memdesk_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
  let named = true;
  return async (db, values) => {
    if (!named) return db.query<R>(text, values);
    try {
      return await db.query<R>({ name, text, values });
    } catch (err) {
      if ((err as { code?: string }).code !== RESULT_TYPE_CHANGED) throw err;
      named = false;
      return db.query<R>(text, values);
    }
  };
}
