// Versioned schema migrations, applied at start on SQLite and PostgreSQL alike with Kysely's
// Migrator. Each store (records, memory) keeps its own list and its own table of applied steps
// (`<component>_migration`), so a restart applies only what is new and a step never runs twice.
// Several instances may start at once against one PostgreSQL: they take turns on an advisory lock,
// and the later ones find nothing left to do.
import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import type { Backend } from './database.js';
import { checkSchemaName } from './pg-pool.js';

/** The advisory lock instances take turns on while migrating (see the top of this file). */
const MIGRATION_LOCK = `hashtext('memdesk migrations')`;

export type Migrations = Record<string, Migration>;

export async function migrate(
  db: Kysely<any>,
  target: { backend: Backend; component: string },
  migrations: Migrations,
): Promise<string[]> {
  const run = async (schema?: string) => {
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => migrations },
      migrationTableName: `${target.component}_migration`,
      migrationLockTableName: `${target.component}_migration_lock`,
      // Named, because Kysely looks for its tables in every schema it can see: a database holding
      // several memdesk schemas (tests, bench runs) would otherwise find another one's.
      ...(schema ? { migrationTableSchema: schema } : {}),
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error(String(error));
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  };
  if (target.backend === 'sqlite') return run();
  return db.connection().execute(async (session) => {
    await sql`SELECT pg_advisory_lock(${sql.raw(MIGRATION_LOCK)})`.execute(session);
    try {
      const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(session);
      return await run(rows[0]!.schema);
    } finally {
      await sql`SELECT pg_advisory_unlock(${sql.raw(MIGRATION_LOCK)})`.execute(session);
    }
  });
}

/**
 * One simple-protocol query (a pool runs it on one connection) that drops a schema — a test file's or a
 * bench run's — only while no instance is migrating: Kysely's migrator reads the tables of every schema
 * it can see, and a schema dropped in the middle of that read failed another store's start with
 * "schema … does not exist" (seen with test files running in parallel).
 */
export function dropSchemaStatement(schema: string): string {
  return `BEGIN; SELECT pg_advisory_xact_lock(${MIGRATION_LOCK}); DROP SCHEMA IF EXISTS ${checkSchemaName(schema)} CASCADE; COMMIT`;
}
