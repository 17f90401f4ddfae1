// A records suite run once on SQLite (a temp folder) and once on PostgreSQL (its own schema), each
// given where its database lives: the migration tests open it as an earlier version left it first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseLocation } from '../../src/sql/database.js';
import type { RecordsLocation } from '../../src/store/open-store.js';
import { requirePostgres } from './postgres.js';

export interface RecordsBackend {
  db: DatabaseLocation;
  records: RecordsLocation;
  cleanup(): Promise<void> | void;
}

export async function onEachRecordsBackend(title: string, suite: (name: string, location: () => RecordsBackend) => void): Promise<void> {
  suite(`${title}, SQLite`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'memdesk-records-'));
    return { db: { backend: 'sqlite', file: join(dir, 'records.db') }, records: { dataDir: dir }, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  });
  const pg = await requirePostgres();
  if (pg) suite(`${title}, PostgreSQL`, () => ({ db: { backend: 'postgres', url: pg.url, schema: pg.schema }, records: { url: pg.url, schema: pg.schema }, cleanup: () => {} }));
}
