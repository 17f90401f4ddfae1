// Versioned schema migrations for the PostgreSQL stores, applied at start. Each store (records,
// memory) keeps its own numbered list; applied versions are rows in memdesk_migrations, so a
// restart applies only what is new and a version never runs twice.
import type pg from 'pg';
import { checkSchemaName, inTransaction } from '../pg-pool.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Applies the pending migrations of `component` in one transaction. Several instances may start at
 * once against one database: an advisory lock makes them take turns, and the later ones find
 * nothing left to do.
 */
export async function migrate(pool: pg.Pool, component: string, migrations: Migration[], schema?: string): Promise<number[]> {
  return inTransaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('memdesk migrations'))");
    if (schema !== undefined) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${checkSchemaName(schema)}`);
      // The pool put the schema on search_path before it existed; name it again now that it does.
      await client.query(`SET LOCAL search_path TO ${schema}`);
    }
    await client.query(`
      CREATE TABLE IF NOT EXISTS memdesk_migrations (
        component text NOT NULL, version integer NOT NULL, name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (component, version)
      )`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM memdesk_migrations WHERE component = $1', [component]);
    const applied = new Set(rows.map((r) => r.version));
    const ran: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO memdesk_migrations (component, version, name) VALUES ($1, $2, $3)', [component, m.version, m.name]);
      ran.push(m.version);
    }
    return ran;
  });
}
