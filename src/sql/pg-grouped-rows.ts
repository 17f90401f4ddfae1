// PostgreSQL's counterpart of sqlite-group-commit.ts for the hottest small writes (operation-log
// lines, Slack effect records, finished inbox items, escalations…): rows that arrive while one
// statement is on its way to the server go together in the next statement, so the turns in flight
// share round trips instead of paying one each. Every kind of row of one database shares the same
// statement: each kind's writes are CTEs of it (WITH a AS (INSERT …), b AS (UPDATE …) SELECT 1), so
// a log line, an effect record and a finished inbox item queued together cost one round trip, not
// three. A caller still hears of its row only once the statement carrying it committed; a statement
// that fails is retried row by row, so one bad row fails only its own caller.
import { CompiledQuery } from 'kysely';
import { withoutNul } from './drop-nul.js';

interface Waiting<Row> {
  row: Row;
  resolve(): void;
  reject(error: unknown): void;
}

/** Rows per kind per statement at most (a few parameters each; PostgreSQL takes up to 65,535 in all). */
const MAX_ROWS = 500;

/** `name AS (INSERT INTO table (columns) VALUES <rows> tail)`: the write most kinds of rows are. */
export const insertRows =
  (name: string, table: string, columns: readonly string[], tail = '') =>
  (rows: string): string[] => [`${name} AS (INSERT INTO ${table} (${columns.join(', ')}) VALUES ${rows} ${tail})`];

/** What one kind of row writes. */
export interface GroupedTarget<Row extends object> {
  /** The CTEs (`name AS (…)`, names unique among the kinds) that write the rows, given as a VALUES
   * list (`(…), (…)`, a tuple per row in the order of `columns`). */
  writes: (rows: string) => string[];
  columns: readonly string[];
  /** Keeps only the last row queued per key (an upsert cannot touch one row twice in a statement). */
  dedupeBy?: keyof Row & string;
  /** What a column's placeholder becomes instead of a parameter (e.g. the server's clock). */
  serverValues?: Record<string, string>;
  /** A table these writes UPDATE (or upsert). Two kinds that update one table never share a statement:
   * PostgreSQL applies only one of two changes one statement makes to a row. */
  updates?: string;
}

interface Kind {
  target: GroupedTarget<object>;
  queue: Waiting<object>[];
}

type Executor = { executeQuery(query: CompiledQuery): Promise<unknown> };

/** The statement of each database (its Kysely instance), shared by every kind of row written to it. */
const writers = new WeakMap<Executor, { kinds: Kind[]; flushing: boolean }>();

function statementOf(taken: { kind: Kind; rows: object[] }[]): CompiledQuery {
  const parameters: unknown[] = [];
  const ctes: string[] = [];
  for (const { kind, rows } of taken) {
    const t = kind.target;
    const kept = t.dedupeBy ? [...new Map(rows.map((r) => [(r as Record<string, unknown>)[t.dedupeBy!], r])).values()] : rows;
    const tuples = kept.map((row) => {
      const cells = t.columns.map((c) => {
        const server = t.serverValues?.[c];
        if (server) return server;
        const v = (row as Record<string, unknown>)[c];
        parameters.push(typeof v === 'string' ? withoutNul(v) : v);
        return `$${parameters.length}`;
      });
      return `(${cells.join(', ')})`;
    });
    ctes.push(...t.writes(tuples.join(', ')));
  }
  return CompiledQuery.raw(`WITH ${ctes.join(',\n')} SELECT 1`, parameters);
}

/**
 * The function that queues one kind's rows: each goes out in the next statement to `db`, beside
 * the rows of every other kind queued by then.
 */
export function groupedRows<Row extends object>(db: Executor, target: GroupedTarget<Row>): (row: Row) => Promise<void> {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = { kinds: [], flushing: false }));
  const w = writer;
  const kind: Kind = { target: target as GroupedTarget<object>, queue: [] };
  w.kinds.push(kind);

  const flush = async () => {
    w.flushing = true;
    try {
      while (w.kinds.some((k) => k.queue.length)) {
        const taken: { kind: Kind; batch: Waiting<object>[] }[] = [];
        const updating = new Set<string>();
        const skipped: Kind[] = [];
        for (const k of w.kinds) {
          if (!k.queue.length) continue;
          const table = k.target.updates;
          if (table && updating.has(table)) {
            skipped.push(k);
            continue;
          }
          if (table) updating.add(table);
          taken.push({ kind: k, batch: k.queue.splice(0, MAX_ROWS) });
        }
        // A kind left for the next statement goes first there, so none waits behind another for long.
        if (skipped.length) w.kinds = [...skipped, ...w.kinds.filter((k) => !skipped.includes(k))];
        try {
          await db.executeQuery(statementOf(taken.map(({ kind: k, batch }) => ({ kind: k, rows: batch.map((x) => x.row) }))));
          for (const { batch } of taken) for (const x of batch) x.resolve();
        } catch (error) {
          const all = taken.flatMap(({ kind: k, batch }) => batch.map((x) => ({ kind: k, x })));
          if (all.length === 1) all[0]!.x.reject(error);
          else {
            for (const { kind: k, x } of all) {
              try {
                await db.executeQuery(statementOf([{ kind: k, rows: [x.row] }]));
                x.resolve();
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
    new Promise<void>((resolve, reject) => {
      kind.queue.push({ row, resolve, reject });
      if (!w.flushing) void flush();
    });
}
