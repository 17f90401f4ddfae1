// PostgreSQL's counterpart of sqlite-group-commit.ts for the hottest small writes (operation-log
// lines, Slack effect records): rows that arrive while one statement is on its way to the server go
// together in the next multi-row statement, so the turns in flight share round trips instead of
// paying one each. A caller still hears of its row only once the statement carrying it committed;
// a statement that fails is retried row by row, so one bad row fails only its own caller.
import { CompiledQuery } from 'kysely';
import { withoutNul } from './drop-nul.js';

interface Waiting<Row> {
  row: Row;
  resolve(): void;
  reject(error: unknown): void;
}

/** Rows per statement at most (a few parameters each; PostgreSQL takes up to 65,535). */
const MAX_ROWS = 500;

/** `INSERT INTO table (columns) VALUES <rows> tail`: the statement most grouped writes are. */
export const insertRows = (table: string, columns: readonly string[], tail = '') => (rows: string) => `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${rows} ${tail}`;

/**
 * One statement at a time for the rows queued: `statement` receives the rows as a VALUES list
 * (`(…), (…)`, a tuple per row in the order of `columns`). `serverValues` names what a column's
 * placeholder becomes instead of a parameter (e.g. the server's clock); `dedupeBy` keeps only the
 * last row queued per key (an upsert cannot touch one row twice in a statement).
 */
export function groupedRows<Row extends object>(
  db: { executeQuery(query: CompiledQuery): Promise<unknown> },
  target: { statement: (rows: string) => string; columns: readonly string[]; dedupeBy?: keyof Row & string; serverValues?: Record<string, string> },
): (row: Row) => Promise<void> {
  const queue: Waiting<Row>[] = [];
  let flushing = false;

  const write = (rows: Row[]) => {
    const kept = target.dedupeBy ? [...new Map(rows.map((r) => [r[target.dedupeBy!], r])).values()] : rows;
    const parameters: unknown[] = [];
    const tuples = kept.map((row) => {
      const cells = target.columns.map((c) => {
        const server = target.serverValues?.[c];
        if (server) return server;
        const v = (row as Record<string, unknown>)[c];
        parameters.push(typeof v === 'string' ? withoutNul(v) : v);
        return `$${parameters.length}`;
      });
      return `(${cells.join(', ')})`;
    });
    return db.executeQuery(CompiledQuery.raw(target.statement(tuples.join(', ')), parameters));
  };

  const flush = async () => {
    flushing = true;
    try {
      while (queue.length) {
        const batch = queue.splice(0, MAX_ROWS);
        try {
          await write(batch.map((w) => w.row));
          for (const w of batch) w.resolve();
        } catch (error) {
          if (batch.length === 1) batch[0]!.reject(error);
          else {
            for (const w of batch) {
              try {
                await write([w.row]);
                w.resolve();
              } catch (rowError) {
                w.reject(rowError);
              }
            }
          }
        }
      }
    } finally {
      flushing = false;
    }
  };

  return (row) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ row, resolve, reject });
      if (!flushing) void flush();
    });
}
