// SQLite's single writer, made to keep up: a better-sqlite3 database as Kysely's SqliteDialect sees
// it, whose writes share commits. The first write in a turn of the event loop opens a transaction;
// every write this process makes in the same turn joins it; it commits right after the turn
// (setImmediate). `settled()` is the promise of that commit: a repository awaits it before telling
// its caller a write happened, so a caller hears of a write only once it is committed (an inbox row
// before Slack's ack, an effect's intent before the Slack call), a crash loses only writes nobody
// has acted on, and the twenty-odd small writes of many concurrent ticket turns share a few commits
// instead of paying one each. Kysely's own transactions become savepoints inside the open batch.
import type Database from 'better-sqlite3';
import type { QueryResult } from 'kysely';

/** Taken at load, so a test's fake timers never hold a commit back. */
const nextTurn: (run: () => void) => void = setImmediate;
/**
 * Callers told of one commit per turn of the event loop. A commit can have hundreds of waiters (every
 * ticket turn in flight wrote in the same turn of the loop); told all at once, their continuations
 * ran as one long synchronous chunk and Slack's next deliveries waited behind it for their ack
 * (bench --realistic). In slices, the loop reads its sockets between them.
 */
const RELEASE_SLICE = 16;

/** The shape Kysely's SqliteDialect asks of a database (kysely's SqliteDatabase). */
export interface GroupCommitDatabase {
  close(): void;
  prepare(sql: string): {
    readonly reader: boolean;
    all(parameters: ReadonlyArray<unknown>): unknown[];
    run(parameters: ReadonlyArray<unknown>): { changes: number | bigint; lastInsertRowid: number | bigint };
    iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown>;
  };
  /**
   * Resolves once every write made so far is committed; rejects if their commit failed. `ahead`
   * callers (the inbox's acceptance, whose ack Slack waits for) are told before the others.
   */
  settled(ahead?: boolean): Promise<void>;
  /**
   * Runs one statement now, as Kysely's SQLite connection would, with its result in Kysely's shape;
   * undefined (nothing run) while a Kysely transaction is open, whose connection the caller must
   * then wait for through Kysely instead of writing into the transaction's savepoint.
   */
  runNow(sql: string, parameters: readonly unknown[]): QueryResult<unknown> | undefined;
  /**
   * Runs `work` now, its statements (through `run`) all kept or, if it throws, all undone, in the
   * open batch; `{ value }` is its result. Undefined (nothing run) while a Kysely transaction is
   * open, as for `runNow`.
   */
  atomically<T>(work: (run: (sql: string, parameters: readonly unknown[]) => QueryResult<unknown>) => T): { value: T } | undefined;
}

/** The group-commit database behind each SQLite Kysely instance (sql/database.ts registers it). */
export const groupCommitOf = new WeakMap<object, GroupCommitDatabase>();

export function groupCommit(db: Database.Database): GroupCommitDatabase {
  // Compiling costs more than running most of these statements, and a ticket turn runs some thirty.
  const statements = new Map<string, Database.Statement>();
  const compiled = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };

  interface Waiter {
    resolve(): void;
    reject(error: unknown): void;
  }
  interface Batch {
    ahead: Waiter[];
    waiters: Waiter[];
    settle(error?: unknown): void;
  }
  let batch: Batch | undefined;
  /** Open Kysely transactions (savepoints) inside the batch; the batch waits for them to end. */
  let savepoints = 0;

  const fail = (error: unknown) => {
    const failed = batch;
    batch = undefined;
    failed?.settle(error);
  };
  /** Runs one statement, a write inside the open batch (opened if need be). */
  const guarded = <T>(statement: Database.Statement, work: () => T): T => {
    if (!statement.readonly) open();
    try {
      return work();
    } catch (error) {
      // SQLite rolled the whole transaction back (I/O error, disk full): every write in it is lost.
      if (batch && !db.inTransaction) {
        savepoints = 0;
        fail(error);
      }
      throw error;
    }
  };

  const commit = () => {
    if (!batch) return;
    if (savepoints > 0) return nextTurn(commit);
    try {
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      return fail(error);
    }
    const done = batch;
    batch = undefined;
    done.settle();
  };
  const open = () => {
    if (batch) return;
    db.exec('BEGIN IMMEDIATE');
    const opened: Batch = {
      ahead: [],
      waiters: [],
      settle(error) {
        const told = [...opened.ahead, ...opened.waiters];
        if (error === undefined) release(told, 0);
        else for (const w of told) w.reject(error);
      },
    };
    batch = opened;
    nextTurn(commit);
  };

  /** Tells a commit's waiters RELEASE_SLICE at a time, one turn of the event loop per slice. */
  const release = (told: Waiter[], from: number) => {
    const end = Math.min(told.length, from + RELEASE_SLICE);
    for (let i = from; i < end; i++) told[i]!.resolve();
    if (end < told.length) nextTurn(() => release(told, end));
  };

  const control = (run: () => void) => ({
    reader: false,
    all: () => (run(), []),
    run: () => (run(), { changes: 0, lastInsertRowid: 0 }),
    iterate: () => (run(), [][Symbol.iterator]()),
  });

  const database: GroupCommitDatabase = {
    close() {
      commit();
      db.close();
    },
    runNow(sql, parameters) {
      if (savepoints > 0) return undefined;
      // Dozens of these per ticket: straight to the compiled statement, without prepare()'s wrappers.
      const statement = compiled(sql);
      if (statement.reader) return { rows: guarded(statement, () => statement.all(...parameters)) };
      const { changes, lastInsertRowid } = guarded(statement, () => statement.run(...parameters));
      return { insertId: BigInt(lastInsertRowid), numAffectedRows: BigInt(changes), rows: [] };
    },
    atomically(work) {
      if (savepoints > 0) return undefined;
      const run = (sql: string, parameters: readonly unknown[]) => database.runNow(sql, parameters) as QueryResult<unknown>;
      open();
      db.exec('SAVEPOINT memdesk_atomic');
      try {
        const value = work(run);
        db.exec('RELEASE memdesk_atomic');
        return { value };
      } catch (error) {
        if (db.inTransaction) {
          db.exec('ROLLBACK TO memdesk_atomic');
          db.exec('RELEASE memdesk_atomic');
        }
        throw error;
      }
    },
    settled(ahead = false) {
      const open = batch;
      if (!open) return Promise.resolve();
      return new Promise<void>((resolve, reject) => (ahead ? open.ahead : open.waiters).push({ resolve, reject }));
    },
    prepare(sql) {
      // Kysely opens, commits and rolls back its transactions with these three words (and any
      // other statement is longer: the check costs nothing on the hot path).
      switch (sql.length <= 8 ? sql.trim().toLowerCase() : '') {
        case 'begin':
          return control(() => {
            open();
            db.exec(`SAVEPOINT kysely_${++savepoints}`);
          });
        case 'commit':
          return control(() => db.exec(`RELEASE kysely_${savepoints--}`));
        case 'rollback':
          return control(() => {
            db.exec(`ROLLBACK TO kysely_${savepoints}`);
            db.exec(`RELEASE kysely_${savepoints--}`);
          });
      }
      const statement = compiled(sql);
      return {
        reader: statement.reader,
        all: (parameters) => guarded(statement, () => statement.all(...parameters)),
        run: (parameters) => guarded(statement, () => statement.run(...parameters)),
        iterate: (parameters) => guarded(statement, () => statement.iterate(...parameters)),
      };
    },
  };
  return database;
}
