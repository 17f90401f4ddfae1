// One way to open PostgreSQL: a pg pool for DATABASE_URL, optionally pinned to one schema, so the
// records store, the memory store and each test file can live side by side in one database.
import pg from 'pg';
import { withoutNul } from './drop-nul.js';

const schemaName = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PgPoolOptions {
  url: string;
  /** Tables live in this schema (created at start) instead of the connection's default search_path. */
  schema?: string;
  max?: number;
  /** Server settings for every pooled connection (e.g. { jit: 'off' }), given at connection start. */
  settings?: Record<string, string>;
}

export function checkSchemaName(schema: string): string {
  if (!schemaName.test(schema)) {
    throw new Error(`PostgreSQL schema must be lower-case letters, digits and "_" (got ${JSON.stringify(schema)})`);
  }
  return schema;
}

export function createPgPool(opts: PgPoolOptions): pg.Pool {
  const pool = new pg.Pool({ connectionString: withOptions(opts.url, opts.schema, opts.settings), max: opts.max ?? 10 });
  // An idle connection that dies (server restart, network blip) is dropped by the pool and the next
  // query opens a fresh one; without a listener the 'error' event would take the whole process down.
  pool.on('error', () => {});
  return pool;
}

/**
 * Creates `schema` unless it exists, before any pooled connection opens: a connection whose
 * search_path named a schema that did not exist yet may never see it. Instances starting together
 * may race on the creation; the loser finds it made.
 */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${checkSchemaName(schema)}`);
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
  } finally {
    await client.end();
  }
}

/** Sets search_path (and any other settings) as startup options, so every pooled connection has them from its first query. */
function withOptions(url: string, schema: string | undefined, settings: Record<string, string> = {}): string {
  const options = [...(schema === undefined ? [] : [`-c search_path=${checkSchemaName(schema)}`]), ...Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`)];
  if (!options.length) return url;
  const parsed = new URL(url);
  const existing = parsed.searchParams.get('options');
  parsed.searchParams.set('options', [...(existing ? [existing] : []), ...options].join(' '));
  return parsed.toString();
}

/** Runs `work` in one transaction on one connection (the knowledge index's sync); rolls back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** A query (its text, or a named statement from pg-prepared.ts) whose string parameters (and strings in array parameters) lose any NUL. */
export function query<R extends pg.QueryResultRow = pg.QueryResultRow>(
  db: pg.Pool | pg.PoolClient,
  sql: string | ((db: pg.Pool | pg.PoolClient, values: unknown[]) => Promise<pg.QueryResult<R>>),
  values: unknown[] = [],
): Promise<pg.QueryResult<R>> {
  const clean = (v: unknown): unknown => (typeof v === 'string' ? withoutNul(v) : Array.isArray(v) ? v.map(clean) : v);
  return typeof sql === 'string' ? db.query<R>(sql, values.map(clean)) : sql(db, values.map(clean));
}

/** JSON for a jsonb parameter, with the \u0000 escapes jsonb refuses taken out (an escaped backslash before "u0000" is left alone). */
export const jsonParam = (value: unknown): string => JSON.stringify(value).replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1');

/** timestamptz comes back as a Date; the ports speak ISO strings. */
export const isoOf = (d: Date): string => d.toISOString();
