// PostgreSQL's counterpart of sqlite-group-commit.ts for the hottest small writes (operation-log
// lines, Slack effect records): rows that arrive while one statement is on its way to the server go
// together in the next multi-row statement, so the turns in flight share round trips instead of
// paying one each. A caller still hears of its row only once the statement carrying it committed;
// a statement that fails is retried row by row, so one bad row fails only its own caller.
import { CompiledQuery, type Kysely } from 'kysely';
import { withoutNul } from './drop-nul.js';

interface Waiting<Row> {
  row: Row;
  resolve(): void;
  reject(error: unknown): void;
}

/** Rows per statement at most (a few parameters each; PostgreSQL takes up to 65,535). */
const MAX_ROWS = 500;

/**
 * `INSERT INTO table (columns) VALUES (…), (…) <tail>` for the rows queued, one statement at a time.
 * `value` names what a column's placeholder becomes (e.g. a server clock instead of a parameter).
 */
export function groupedRows<Row extends Record<string, unknown>>(
  db: Kysely<any>,
  target: { table: string; columns: readonly (keyof Row & string)[]; tail?: string; dedupeBy?: keyof Row & string; serverValues?: Record<string, string> },
): (row: Row) => Promise<void> {
  const queue: Waiting<Row>[] = [];
  let flushing = false;
  const head = `INSERT INTO ${target.table} (${target.columns.join(', ')}) VALUES `;

  const write = (rows: Row[]) => {
    // An upsert cannot touch one key twice in a statement: the later write of a key is what stands.
    const kept = target.dedupeBy ? [...new Map(rows.map((r) => [r[target.dedupeBy!], r])).values()] : rows;
    const parameters: unknown[] = [];
    const tuples = kept.map((row) => {
      const cells = target.columns.map((c) => {
        const server = target.serverValues?.[c];
        if (server) return server;
        const v = row[c];
        parameters.push(typeof v === 'string' ? withoutNul(v) : v);
        return `$${parameters.length}`;
      });
      return `(${cells.join(', ')})`;
    });
    return db.executeQuery(CompiledQuery.raw(`${head}${tuples.join(', ')}${target.tail ? ` ${target.tail}` : ''}`, parameters));
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
