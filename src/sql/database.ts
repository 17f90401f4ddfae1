// One database handle for SQLite (the zero-setup default, under MEMDESK_DATA_DIR) and PostgreSQL
// (DATABASE_URL), as Kysely: the repositories are written once against it. What differs between the
// two is said here, in `sqlite-group-commit.ts` and in `database-time.ts`.
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pgGroupedPoolOf } from './pg-grouped-rows.js';
import { pgPoolOf } from './pg-prepared.js';

export type Backend = 'sqlite' | 'postgres';

export type DatabaseLocation = { backend: 'sqlite'; file: string } | { backend: 'postgres'; url: string; schema?: string };

export interface SqlDatabase<Schema> {
  readonly backend: Backend;
  readonly db: Kysely<Schema>;
  /**
   * Settles with `work` once every write made so far is durable, so a caller never acts on a write
   * (or on a read of one) that a crash could still undo. SQLite commits the writes of one turn of
   * the event loop together (sqlite-group-commit.ts); on PostgreSQL a statement has committed when
   * it returns. `ahead`: told before the other writers of its commit (an inbox row Slack awaits the ack of).
   */
  durable<T>(work: Promise<T>, opts?: { ahead?: boolean }): Promise<T>;
  close(): Promise<void>;
}

/** Each backend's driver loads only when it is used: a PostgreSQL deployment never loads better-sqlite3. */
export async function openDatabase<Schema>(location: DatabaseLocation): Promise<SqlDatabase<Schema>> {
  if (location.backend === 'sqlite') {
    const [{ default: Database }, { groupCommit, groupCommitOf }] = await Promise.all([import('better-sqlite3'), import('./sqlite-group-commit.js')]);
    mkdirSync(dirname(location.file), { recursive: true });
    const raw = new Database(location.file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('busy_timeout = 5000');
    const grouped = groupCommit(raw);
    const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: grouped }) });
    groupCommitOf.set(db, grouped);
    const durable = async <T>(work: Promise<T>, opts?: { ahead?: boolean }): Promise<T> => {
      const value = await work;
      await grouped.settled(opts?.ahead);
      return value;
    };
    return { backend: 'sqlite', db, durable, close: () => db.destroy() };
  }
  const [{ createPgPool, ensureSchema }, { DropNulPlugin }] = await Promise.all([import('./pg-pool.js'), import('./drop-nul.js')]);
  if (location.schema) await ensureSchema(location.url, location.schema);
  const pool = createPgPool({ url: location.url, ...(location.schema ? { schema: location.schema } : {}) });
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }), plugins: [new DropNulPlugin()] });
  pgPoolOf.set(db, pool);
  // Every write the shared statements make finds its rows by key (a ticket, an inbox item, an outbox
  // row), a handful at a time; their one plan is made once, often while the tables are small, where
  // the planner joined the rows to a sequential scan of the whole table (a ticket's escalation flag
  // read every ticket, its outbox and inbox rows every row, ~3 scans a ticket: in the Slack-path
  // bench 1,100-1,800 rows read per ticket per table, more with every ticket stored). Without
  // sequential scans the plan looks each row up in its primary key, however large the table grows.
  const grouped = createPgPool({
    url: location.url,
    ...(location.schema ? { schema: location.schema } : {}),
    max: 1,
    settings: { plan_cache_mode: 'force_generic_plan', enable_seqscan: 'off' },
  });
  pgGroupedPoolOf.set(db, grouped);
  return {
    backend: 'postgres',
    db,
    durable: (work) => work,
    close: async () => {
      await db.destroy();
      await grouped.end();
    },
  };
}
