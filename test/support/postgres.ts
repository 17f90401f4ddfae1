// PostgreSQL for tests: each test file that calls requirePostgres() gets a schema of its own
// (memdesk_test_<random>), dropped when the file ends, so test files running in parallel never see
// each other's rows. Without a reachable server the PostgreSQL suites are skipped, and say why;
// under CI they fail instead, so a missing database can never pass for a green run.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { dropSchemaStatement } from '../../src/sql/migrate.js';
import { afterAll, describe, it } from 'vitest';

export const testDatabaseUrl = process.env.MEMDESK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  url: string;
  /** This test file's schema; pass it as the stores' `schema` option. */
  schema: string;
  /** Raw SQL on the schema, around the stores (e.g. to prove the database itself refuses an edit). */
  query(sql: string, params?: unknown[]): Promise<pg.QueryResult>;
}

/** The test database, or undefined (after registering a visible skipped suite) when it is unreachable. */
export async function requirePostgres(): Promise<TestDatabase | undefined> {
  const schema = `memdesk_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
  } catch (err) {
    await admin.end().catch(() => {});
    const reason = `PostgreSQL at ${redacted(testDatabaseUrl)} is unreachable (${err instanceof Error ? err.message : String(err)})`;
    if (runningInCi()) {
      throw new Error(`${reason}. CI runs the PostgreSQL suites: start PostgreSQL or point MEMDESK_TEST_DATABASE_URL at one.`);
    }
    console.warn(`skipping PostgreSQL tests: ${reason}; set MEMDESK_TEST_DATABASE_URL to run them`);
    // Skipped only off CI, when no PostgreSQL is reachable; the title says why. Under CI this fails above.
    describe.skip(`PostgreSQL tests skipped: ${reason}`, () => {
      it('needs a reachable PostgreSQL (MEMDESK_TEST_DATABASE_URL)', () => {});
    });
    return undefined;
  }
  const pool = new pg.Pool({ connectionString: testDatabaseUrl, options: `-c search_path=${schema}`, max: 2 });
  afterAll(async () => {
    await pool.end();
    await admin.query(dropSchemaStatement(schema));
    await admin.end();
  });
  return { url: testDatabaseUrl, schema, query: (sql, params) => pool.query(sql, params) };
}

/** DATABASE_URL for a memdesk whose records live in this test file's own schema. */
export function databaseUrlOn(db: Pick<TestDatabase, 'url' | 'schema'>): string {
  return `${db.url}?options=${encodeURIComponent(`-c search_path=${db.schema}`)}`;
}

// CI services set CI=true (or 1); treat CI=false and CI=0 as not CI.
const runningInCi = (): boolean => !!process.env.CI && !/^(false|0)$/i.test(process.env.CI);
const redacted = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
