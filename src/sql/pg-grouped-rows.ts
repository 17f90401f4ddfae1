// PostgreSQL's counterpart of sqlite-group-commit.ts for the hottest small writes (operation-log
// lines, Slack effect records, finished inbox items, escalations…): rows that arrive while one
// statement is on its way to the server go together in the next statement, so the turns in flight
// share round trips instead of paying one each. Every kind of row of one database shares the same
// statement: each kind's writes are CTEs of it (WITH a AS (INSERT …), b AS (UPDATE …) SELECT 1), so
// a log line, an effect record and a finished inbox item queued together cost one round trip, not
// three. A caller still hears of its row only once the statement carrying it committed; a statement
// that fails is retried row by row, so one bad row fails only its own caller.
// The statement's text depends only on which kinds it carries, never on how many rows: each kind's
// rows arrive as one array per column (unnest). So it is a named statement (pg-prepared.ts), parsed
// and planned once per connection, where a VALUES list of the rows at hand made a new text, parsed
// and planned again, at every statement. Only the kinds with rows are in it: a statement that also
// ran every other kind's CTEs on empty arrays cost the server about as much again (each CTE opens
// its table and indexes) and the client the encoding of every kind's parameters. Each set of kinds
// that occurs is one more statement prepared per connection (a few dozen sets in a load run, from
// ~50 KB of server memory each); past MAX_SHAPES a set runs in the smallest statement made that
// has all its kinds, with empty arrays for the others.
import { CompiledQuery } from 'kysely';
import { withoutNul } from './drop-nul.js';
import { pgPoolOf, pgStatement } from './pg-prepared.js';
import type pg from 'pg';

/**
 * The connection the shared statements of each database run on (sql/database.ts opens it): one, as
 * one statement is on its way at a time, set to plan each statement once (plan_cache_mode =
 * force_generic_plan). Each statement's rows are a handful, which its custom plan knew, so the server
 * kept planning it afresh at every execution (its generic plan, sized for unknown arrays, looked
 * costlier); planning a dozen CTEs cost it as much as running them. On the pool of every query it
 * could not be set: a claim's `status = $1` matches a partial index only in a custom plan.
 */
export const pgGroupedPoolOf = new WeakMap<object, pg.Pool>();

interface Waiting<Row> {
  row: Row;
  /** `inserted`: for a kind that returns keys, whether this row's key came back (the first row per key). */
  resolve(inserted: boolean): void;
  reject(error: unknown): void;
}

/** Rows per kind per statement at most (a few parameters each; PostgreSQL takes up to 65,535 in all). */
const MAX_ROWS = 500;
/** Statements (sets of kinds) prepared per database at most, each on every connection that runs it. */
const MAX_SHAPES = 32;

/** `name AS (INSERT INTO table (columns) <rows> tail)`: the write most kinds of rows are. */
export const insertRows =
  (name: string, table: string, columns: readonly string[], tail = '') =>
  (rows: string): string[] => [`${name} AS (INSERT INTO ${table} (${columns.join(', ')}) ${rows} ${tail})`];

/** What one kind of row writes. */
interface GroupedTarget<Row extends object> {
  /** The CTEs (`name AS (…)`, names unique among the kinds) that write the rows, given as a query
   * (`SELECT … FROM unnest(…)`) whose columns are `columns` in their order. */
  writes: (rows: string) => string[];
  columns: readonly string[];
  /** A column's SQL type where it is not text (the rows arrive as arrays of it: `timestamptz[]`). */
  types?: Record<string, string>;
  /** Keeps only the last row queued per key (an upsert cannot touch one row twice in a statement). */
  dedupeBy?: keyof Row & string;
  /** What a column's placeholder becomes instead of a parameter (e.g. the server's clock). */
  serverValues?: Record<string, string>;
  /** A table these writes UPDATE (or upsert). Two kinds that update one table never share a statement:
   * PostgreSQL applies only one of two changes one statement makes to a row. */
  updates?: string;
  /** The CTE whose RETURNING gives the key (`key`, a column of the rows) of each row it wrote: the
   * caller then hears whether its row was written (an INSERT … ON CONFLICT DO NOTHING that was new). */
  returning?: { from: string; key: keyof Row & string };
}

interface Kind {
  target: GroupedTarget<object>;
  queue: Waiting<object>[];
}

type Executor = { executeQuery(query: CompiledQuery): Promise<unknown> };

interface Writer {
  /** In the order they were made: the statement's text follows it. */
  kinds: Kind[];
  /** The order kinds are taken in (one left out of a statement goes first in the next). */
  order: Kind[];
  flushing: boolean;
  /** The statement for each set of kinds made so far, by the bits of their positions in `kinds`. */
  statements: Map<number, { positions: readonly number[]; text: string; named: ReturnType<typeof pgStatement> }>;
}

/** The statement of each database (its Kysely instance), shared by every kind of row written to it. */
const writers = new WeakMap<Executor, Writer>();

/** The text for the kinds at `positions` of `kinds` (in the order they were made), a parameter per column of each. */
function statementText(kinds: readonly Kind[], positions: readonly number[]): string {
  let parameter = 0;
  const ctes: string[] = [];
  const returned: string[] = [];
  for (const i of positions) {
    const t = kinds[i]!.target;
    const sent = t.columns.filter((c) => !t.serverValues?.[c]);
    const arrays = sent.map((c) => `$${++parameter}::${t.types?.[c] ?? 'text'}[]`);
    const select = t.columns.map((c) => t.serverValues?.[c] ?? `v.${c}`);
    ctes.push(...t.writes(`SELECT ${select.join(', ')} FROM unnest(${arrays.join(', ')}) AS v(${sent.join(', ')})`));
    if (t.returning) returned.push(`SELECT ${i} AS kind, ${t.returning.key}::text AS key FROM ${t.returning.from}`);
  }
  return `WITH ${ctes.join(',\n')} ${returned.length ? returned.join(' UNION ALL ') : 'SELECT 1'}`;
}

/** The statement's values: the rows of each kind at `positions` (none for a kind not taken) as one array per column. */
function parametersOf(kinds: readonly Kind[], positions: readonly number[], taken: ReadonlyMap<Kind, Waiting<object>[]>): unknown[] {
  const parameters: unknown[] = [];
  for (const i of positions) {
    const kind = kinds[i]!;
    const t = kind.target;
    const rows = (taken.get(kind) ?? []).map((x) => x.row as Record<string, unknown>);
    const kept = t.dedupeBy ? [...new Map(rows.map((r) => [r[t.dedupeBy!], r])).values()] : rows;
    for (const c of t.columns) {
      if (t.serverValues?.[c]) continue;
      parameters.push(kept.map((r) => (typeof r[c] === 'string' ? withoutNul(r[c] as string) : (r[c] ?? null))));
    }
  }
  return parameters;
}

/** Runs one statement for `taken` and tells each row's caller; throws when the statement failed. */
async function write(db: Executor, writer: Writer, taken: ReadonlyMap<Kind, Waiting<object>[]>): Promise<void> {
  const { kinds } = writer;
  const { positions, text, named } = statementFor(writer, kinds.flatMap((k, i) => (taken.has(k) ? [i] : [])));
  const parameters = parametersOf(kinds, positions, taken);
  const pool = pgGroupedPoolOf.get(db) ?? pgPoolOf.get(db);
  const result = (pool ? await named(pool, parameters) : await db.executeQuery(CompiledQuery.raw(text, parameters))) as { rows?: { kind: number; key: string }[] };
  for (const [i, kind] of kinds.entries()) {
    const batch = taken.get(kind);
    if (!batch) continue;
    const key = kind.target.returning?.key;
    if (!key) {
      for (const x of batch) x.resolve(false);
      continue;
    }
    const keys = new Set((result.rows ?? []).filter((r) => r.kind === i).map((r) => r.key));
    for (const x of batch) {
      const k = withoutNul(String((x.row as Record<string, unknown>)[key]));
      // Two rows with one key in a statement: only the first was written.
      x.resolve(keys.delete(k));
    }
  }
}

/** The statement for the kinds at `carried`: its own, or past MAX_SHAPES the smallest one made that
 * has them all (the kinds it has beside them get empty arrays), or else the one of every kind. */
function statementFor(writer: Writer, carried: number[]): { positions: readonly number[]; text: string; named: ReturnType<typeof pgStatement> } {
  const { kinds, statements } = writer;
  const mask = carried.reduce((m, i) => m | (1 << i), 0);
  const made = (positions: number[]) => {
    const text = statementText(kinds, positions);
    return { positions, text, named: pgStatement(text) };
  };
  let statement = statements.get(mask);
  if (!statement && statements.size < MAX_SHAPES) statements.set(mask, (statement = made(carried)));
  statement ??= [...statements.entries()].filter(([m]) => (m & mask) === mask).sort(([a], [b]) => bits(a) - bits(b))[0]?.[1];
  if (!statement) {
    const every = (1 << kinds.length) - 1;
    if (!statements.has(every)) statements.set(every, made(kinds.map((_, i) => i)));
    statement = statements.get(every)!;
  }
  return statement;
}

const bits = (mask: number): number => (mask.toString(2).match(/1/g) ?? []).length;

/**
 * The function that queues one kind's rows: each goes out in the next statement to `db`, beside
 * the rows of every other kind queued by then.
 */
export function groupedRows<Row extends object>(db: Executor, target: GroupedTarget<Row>): (row: Row) => Promise<void> {
  const queue = grouped(db, target);
  return (row) => queue(row).then(() => undefined);
}

/**
 * New rows of `table` keyed by `key` (INSERT … ON CONFLICT (key) DO NOTHING), grouped as groupedRows
 * does, under the CTE name `name`: each caller hears whether its row was new (false: a row with its
 * key was already there, e.g. the one a first run of the same turn wrote).
 */
export function groupedInserts<Row extends object>(
  db: Executor,
  target: { name: string; table: string; columns: readonly string[]; types?: Record<string, string>; key: keyof Row & string },
): (row: Row) => Promise<boolean> {
  const { name, table, columns, types, key } = target;
  return grouped<Row>(db, { writes: insertRows(name, table, columns, `ON CONFLICT (${key}) DO NOTHING RETURNING ${key}`), columns, ...(types ? { types } : {}), returning: { from: name, key } });
}

/**
 * Rows of one kind written as `target.writes` says, grouped as groupedRows does: each caller hears
 * whether its key came back from `target.returning` (e.g. a row an INSERT … SELECT … WHERE let in).
 */
export function groupedReturning<Row extends object>(db: Executor, target: GroupedTarget<Row> & { returning: NonNullable<GroupedTarget<Row>['returning']> }): (row: Row) => Promise<boolean> {
  return grouped(db, target);
}

function grouped<Row extends object>(db: Executor, target: GroupedTarget<Row>): (row: Row) => Promise<boolean> {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = { kinds: [], order: [], flushing: false, statements: new Map() }));
  const w = writer;
  const kind: Kind = { target: target as GroupedTarget<object>, queue: [] };
  // A statement's set of kinds is kept as the bits of their positions.
  if (w.kinds.length >= 30) throw new Error('pg-grouped-rows: at most 30 kinds of rows per database');
  w.kinds.push(kind);
  w.order.push(kind);

  const flush = async () => {
    w.flushing = true;
    try {
      while (w.kinds.some((k) => k.queue.length)) {
        const taken = new Map<Kind, Waiting<object>[]>();
        const updating = new Set<string>();
        const skipped: Kind[] = [];
        for (const k of w.order) {
          if (!k.queue.length) continue;
          const table = k.target.updates;
          if (table && updating.has(table)) {
            skipped.push(k);
            continue;
          }
          if (table) updating.add(table);
          taken.set(k, k.queue.splice(0, MAX_ROWS));
        }
        // A kind left for the next statement goes first there, so none waits behind another for long.
        if (skipped.length) w.order = [...skipped, ...w.order.filter((k) => !skipped.includes(k))];
        try {
          await write(db, w, taken);
        } catch (error) {
          const all = [...taken].flatMap(([k, batch]) => batch.map((x) => ({ kind: k, x })));
          if (all.length === 1) all[0]!.x.reject(error);
          else {
            for (const { kind: k, x } of all) {
              try {
                await write(db, w, new Map([[k, [x]]]));
              } catch (rowError) {
                x.reject(rowError);
              }
            }
          }
        }
      }
    } finally {
      w.flushing = false;
    }
  };

  return (row) =>
    new Promise<boolean>((resolve, reject) => {
      kind.queue.push({ row, resolve, reject });
      if (!w.flushing) void flush();
    });
}
