// Hot statements (a log line, an effect record, a ticket read: dozens per ticket) are built and
// compiled by Kysely once; each call only binds its values (and on PostgreSQL the server, too, parses
// and plans each once per connection). Building a query costs several times
// more CPU than SQLite takes to run these, as compiling each statement once did before Kysely.
import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Backend } from './database.js';
import { withoutNul } from './drop-nul.js';
import { pgPoolOf, pgStatement } from './pg-prepared.js';
import { groupCommitOf } from './sqlite-group-commit.js';

const MARK = '\u0001memdesk-parameter:';

/**
 * Compiles `build` once, with a marker standing for each named value, and returns a function that
 * runs the compiled statement with the values given. The builder must pass each value through as
 * it is (encode before the call, e.g. JSON to text), so every marker reaches the SQL as a parameter.
 */
export function prepared<Values extends Record<string, unknown>, Row>(
  db: Kysely<any>,
  backend: Backend,
  names: readonly (keyof Values & string)[],
  build: (values: Values) => Compilable<Row>,
): (values: Values) => Promise<QueryResult<Row>> {
  const markers = Object.fromEntries(names.map((name) => [name, `${MARK}${name}`])) as unknown as Values;
  const compiled = build(markers).compile();
  const slots = compiled.parameters.map((p) => {
    if (typeof p !== 'string' || !p.includes(MARK)) return { constant: p };
    const name = p.slice(MARK.length);
    if (!p.startsWith(MARK) || !names.includes(name)) throw new Error(`prepared statement changed its value ${JSON.stringify(p)}: pass values through as they are`);
    return { name };
  });
  // PostgreSQL cannot store U+0000; the plugin that drops it (drop-nul.ts) saw only the markers.
  const bind = (v: unknown) => (backend === 'postgres' && typeof v === 'string' ? withoutNul(v) : v);
  // On SQLite the statement runs at once on the group-commit database, without Kysely's executor
  // and connection lock around it (their promises cost more than the statement), unless a Kysely
  // transaction holds the connection.
  const direct = backend === 'sqlite' ? groupCommitOf.get(db) : undefined;
  // On PostgreSQL it runs as a named statement (pg-prepared.ts), parsed and planned once per connection.
  const pool = backend === 'postgres' ? pgPoolOf.get(db) : undefined;
  const named = pool && pgStatement(compiled.sql);
  return async (values) => {
    const parameters = slots.map((s) => ('name' in s ? bind(values[s.name as keyof Values]) : s.constant));
    if (named) {
      // The shape Kysely's PostgreSQL driver gives a result.
      const { command, rowCount, rows } = await named(pool, parameters);
      const changed = command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
      return { rows: rows as Row[], ...(changed ? { numAffectedRows: BigInt(rowCount ?? 0) } : {}) };
    }
    return (direct?.runNow(compiled.sql, parameters) as QueryResult<Row> | undefined) ?? db.executeQuery({ ...compiled, parameters } as CompiledQuery<Row>);
  };
}
