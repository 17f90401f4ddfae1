// The embedded memory store's schema on SQLite (memory.db), as numbered steps run at start through
// Kysely's Migrator (sql/migrate.ts), like the records. The store is written on better-sqlite3
// directly, for search speed, so each step works on that database handle.
//
// A data dir from before these steps has no migration table: step 001 recognises what it finds.
// An empty file gets the indexed schema; a v2 database (the indexed schema, made by the store
// itself) is kept as it is; a v1 database (a text scope column, ranked in JS) has its memories
// moved, ids, times and metadata included, and the store indexes them at open.
import type Database from 'better-sqlite3';
import type { Migrations } from '../sql/migrate.js';
import { createSearchIndex } from './search-index.js';

/** 48 bits of the content hash: exact in a JS number, and every hit is checked against the text. */
export const hashKey = (hash: string): number => parseInt(hash.slice(0, 12), 16);

const memoriesTable = `
  CREATE TABLE IF NOT EXISTS memories (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    scope_no INTEGER NOT NULL,
    docno INTEGER NOT NULL,
    scope_kind TEXT NOT NULL,
    scope_id TEXT NOT NULL,
    text TEXT NOT NULL,
    hash INTEGER NOT NULL,
    metadata TEXT NOT NULL,
    infer INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX IF NOT EXISTS memories_scope_docno ON memories(scope_no, docno);
  CREATE INDEX IF NOT EXISTS memories_scope_hash ON memories(scope_no, hash);
  CREATE TABLE IF NOT EXISTS memory_history (
    seq INTEGER PRIMARY KEY,
    memory_id TEXT NOT NULL,
    event TEXT NOT NULL,
    old_memory TEXT,
    new_memory TEXT,
    at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS memory_history_id ON memory_history(memory_id);
`;

interface V1Row {
  id: string;
  scope: string;
  scope_kind: string;
  scope_id: string;
  text: string;
  metadata: string;
  infer: number;
  created_at: string;
  updated_at: string;
}

export function localMemoryMigrations(db: Database.Database, hash: (text: string) => string): Migrations {
  return {
    '001_memories_indexed_by_scope': {
      async up() {
        db.transaction(() => {
          const columns = db.prepare("SELECT name FROM pragma_table_info('memories')").pluck().all() as string[];
          const isV1 = columns.length > 0 && !columns.includes('scope_no');
          if (isV1) db.exec('ALTER TABLE memories RENAME TO memories_v1; DROP INDEX IF EXISTS memories_scope_hash; DROP INDEX IF EXISTS memories_scope_seq;');
          db.exec(memoriesTable);
          if (!isV1) return;
          // v1 rows keep the scope key they were written under, namespace included, and are
          // numbered per scope in the order written; the store indexes them at open.
          const index = createSearchIndex(db);
          const scopes = new Map<string, ReturnType<typeof index.ensureScope>>();
          const insert = db.prepare(
            'INSERT INTO memories (id, scope_no, docno, scope_kind, scope_id, text, hash, metadata, infer, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          );
          for (const r of db.prepare('SELECT * FROM memories_v1 ORDER BY seq').all() as V1Row[]) {
            const scopeRow = scopes.get(r.scope) ?? index.ensureScope(r.scope);
            scopes.set(r.scope, scopeRow);
            const docno = scopeRow.next_docno++;
            insert.run(r.id, scopeRow.scope_no, docno, r.scope_kind, r.scope_id, r.text, hashKey(hash(r.text)), r.metadata, r.infer, r.created_at, r.updated_at);
          }
          const setNext = db.prepare('UPDATE memory_scopes SET next_docno = ? WHERE scope_no = ?');
          for (const s of scopes.values()) setNext.run(s.next_docno, s.scope_no);
          db.exec("DROP TABLE memories_v1; DELETE FROM memory_meta WHERE key = 'analyzer_version';");
        })();
      },
    },
    // The search index's tables are made by search-index.ts (CREATE IF NOT EXISTS, the column
    // included): only a database from before the column has the table without it.
    '002_scope_generation': {
      async up() {
        const columns = db.prepare("SELECT name FROM pragma_table_info('memory_scopes')").pluck().all() as string[];
        if (columns.length > 0 && !columns.includes('generation')) db.exec('ALTER TABLE memory_scopes ADD COLUMN generation INTEGER NOT NULL DEFAULT 0');
      },
    },
  };
}
