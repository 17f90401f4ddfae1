// The embedded MemoryStore: Mem0's semantics (scoped add/search/list/delete, metadata, infer flag,
// change history) on SQLite under MEMDESK_DATA_DIR. Search reads one scope through its index.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddMemoryOptions, MemoryChange, MemoryRecord, MemoryStore, Scope, ScoredMemory } from '../agent/ports.js';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';
import { rankByRelevance } from './ranking.js';
import { redactSecrets } from './redact.js';
import { scopeKey } from './scope.js';

// Big scopes are ranked over their newest memories only; the bench tracks what this costs.
const MAX_CANDIDATES = 5000;

interface Row {
  id: string;
  scope: string;
  scope_kind: 'customer' | 'account';
  scope_id: string;
  text: string;
  metadata: string;
  created_at: string;
  updated_at: string;
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text.trim().replace(/\s+/g, ' ').toLowerCase()).digest('hex');
}

export function createLocalMemoryStore(opts: { dataDir: string; namespace: string; clock: Clock }): MemoryStore {
  mkdirSync(opts.dataDir, { recursive: true });
  const db = new Database(join(opts.dataDir, 'memory.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS memories (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      scope TEXT NOT NULL,
      scope_kind TEXT NOT NULL,
      scope_id TEXT NOT NULL,
      text TEXT NOT NULL,
      hash TEXT NOT NULL,
      metadata TEXT NOT NULL,
      infer INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS memories_scope_hash ON memories(scope, hash);
    CREATE INDEX IF NOT EXISTS memories_scope_seq ON memories(scope, seq);
    CREATE TABLE IF NOT EXISTS memory_history (
      seq INTEGER PRIMARY KEY,
      memory_id TEXT NOT NULL,
      event TEXT NOT NULL,
      old_memory TEXT,
      new_memory TEXT,
      at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS memory_history_id ON memory_history(memory_id);
  `);

  const toRecord = (r: Row): MemoryRecord => ({
    id: r.id,
    scope: { kind: r.scope_kind, id: r.scope_id },
    memory: r.text,
    metadata: JSON.parse(r.metadata) as Record<string, unknown>,
    created_at: r.created_at,
    updated_at: r.updated_at,
  });
  const key = (s: Scope) => scopeKey(opts.namespace, s);

  const stmts = {
    byHash: db.prepare<[string, string], Row>('SELECT * FROM memories WHERE scope = ? AND hash = ?'),
    insert: db.prepare(
      'INSERT INTO memories (id, scope, scope_kind, scope_id, text, hash, metadata, infer, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    history: db.prepare('INSERT INTO memory_history (memory_id, event, old_memory, new_memory, at) VALUES (?, ?, ?, ?, ?)'),
    newest: db.prepare<[string, number], Row>('SELECT * FROM memories WHERE scope = ? ORDER BY seq DESC LIMIT ?'),
    all: db.prepare<[string], Row>('SELECT * FROM memories WHERE scope = ? ORDER BY seq'),
    byId: db.prepare<[string], Row>('SELECT * FROM memories WHERE id = ?'),
    deleteId: db.prepare('DELETE FROM memories WHERE id = ?'),
    historyOf: db.prepare<[string], MemoryChange>(
      'SELECT memory_id, event, old_memory, new_memory, at FROM memory_history WHERE memory_id = ? ORDER BY seq',
    ),
  };

  const addOne = db.transaction((scope: Scope, text: string, options: AddMemoryOptions): MemoryRecord => {
    const hash = contentHash(text);
    const existing = stmts.byHash.get(key(scope), hash);
    if (existing) return toRecord(existing);
    const at = opts.clock.now().toISOString();
    const id = newId('mem', opts.clock.now());
    const metadata = { ...(options.metadata ?? {}), infer: options.infer ?? false };
    stmts.insert.run(id, key(scope), scope.kind, scope.id, text, hash, JSON.stringify(metadata), options.infer ? 1 : 0, at, at);
    stmts.history.run(id, 'ADD', null, text, at);
    return toRecord(stmts.byId.get(id)!);
  });

  const deleteScope = db.transaction((scope: Scope): number => {
    const rows = stmts.all.all(key(scope));
    const at = opts.clock.now().toISOString();
    for (const r of rows) {
      stmts.deleteId.run(r.id);
      stmts.history.run(r.id, 'DELETE', r.text, null, at);
    }
    return rows.length;
  });

  return {
    kind: 'local',
    async add(scope, text, options = {}) {
      const clean = redactSecrets(text).text.trim();
      if (!clean) throw new Error('memory text is empty');
      return [addOne(scope, clean, options)];
    },
    async search(scope, query, options = {}): Promise<ScoredMemory[]> {
      const rows = stmts.newest.all(key(scope), MAX_CANDIDATES);
      const ranked = rankByRelevance(
        query,
        rows.map((r) => ({ row: r, text: r.text, created_at: r.created_at })),
        options.limit ?? 10,
      );
      return ranked.map((r) => ({ ...toRecord(r.row), score: r.score }));
    },
    async list(scope) {
      return stmts.all.all(key(scope)).map(toRecord);
    },
    async delete(memoryId) {
      const row = stmts.byId.get(memoryId);
      if (!row) return;
      stmts.deleteId.run(memoryId);
      stmts.history.run(memoryId, 'DELETE', row.text, null, opts.clock.now().toISOString());
    },
    async deleteScope(scope) {
      return deleteScope(scope);
    },
    async history(memoryId) {
      return stmts.historyOf.all(memoryId);
    },
    async close() {
      db.close();
    },
  };
}
