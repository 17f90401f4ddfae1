// The embedded store's vectors: one per memory, in a sqlite-vec `vec0` table partitioned by scope,
// so a nearest-neighbour search reads only its own scope's vectors (a customer's hundred, an
// account's hundred thousand), whatever else the database holds. Rows are keyed by the memory's
// `seq`. The extension is loaded only when an embedder is configured; a database without the table
// (older data dirs) gets it at open and its memories are embedded in the background (backfill).
// Two kinds of table (VectorTable): the final vectors, and provisional ones a fast model writes
// with the memory until the background replaces them (MEMORY_EMBEDDER=tiered); each names its own
// model, so vectors of two models are never compared.
import type { Database } from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';

/**
 * vec0 reserves a partition's vectors in chunks; the default (1,024) would reserve 2 MB for a
 * customer holding ten memories. 32 keeps a small scope small and a big one a few thousand chunks.
 */
const CHUNK_SIZE = 32;

export interface VectorHit {
  seq: number;
  /** Cosine similarity, -1..1. */
  similarity: number;
}

/** Where one kind of vector lives: its vec0 table, the table of seqs it holds, its model's memory_meta key. */
export interface VectorTable {
  table: string;
  seqs: string;
  modelKey: string;
}

export const FINAL_VECTORS: VectorTable = { table: 'memory_vectors', seqs: 'memory_vector_seqs', modelKey: 'embedding_model' };
export const PROVISIONAL_VECTORS: VectorTable = {
  table: 'memory_provisional_vectors',
  seqs: 'memory_provisional_vector_seqs',
  modelKey: 'provisional_embedding_model',
};

export interface VectorIndex {
  put(seq: number, scopeNo: number, vector: Float32Array): void;
  remove(seq: number): void;
  dropScope(scopeNo: number): void;
  nearest(scopeNo: number, query: Float32Array, k: number): VectorHit[];
  /** Similarity of the query to each of these memories that has a vector. */
  similarities(seqs: number[], query: Float32Array): VectorHit[];
  /**
   * Memories after seq `after` with no vector yet (written before embeddings, while the model was
   * down, or with a provisional vector only), oldest first: a range of the primary key, so a caller
   * that keeps its place never re-reads the memories it has done. With `norIn`, only those that have
   * no vector of that kind either.
   */
  missing(after: number, limit: number, norIn?: VectorTable): { seq: number; scope_no: number; text: string }[];
  /** The model the stored vectors came from; null when none are stored. */
  model(): string | null;
  /** Forgets every vector (the model changed) and records the new model. */
  reset(model: string): void;
}

const blob = (v: Float32Array): Buffer => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

/**
 * Loads sqlite-vec into this connection; true when it loaded. Done before anything reads the schema:
 * a database holding the vector table cannot even be introspected without it (even with embeddings
 * now off).
 */
export function loadVectorExtension(db: Database): boolean {
  try {
    sqliteVec.load(db);
    return true;
  } catch {
    return false;
  }
}

export function hasVectorTable(db: Database, kind: VectorTable = FINAL_VECTORS): boolean {
  return db.prepare('SELECT 1 FROM sqlite_master WHERE name = ?').get(kind.table) !== undefined;
}

/** Removes a kind of vector altogether (provisional vectors once nothing writes or replaces them). */
export function dropVectorTable(db: Database, kind: VectorTable): void {
  db.exec(`DROP TABLE IF EXISTS ${kind.table}; DROP TABLE IF EXISTS ${kind.seqs}; DELETE FROM memory_meta WHERE key = '${kind.modelKey}';`);
}

/** The vector table (created when missing); sqlite-vec must be loaded (loadVectorExtension). */
export function createVectorIndex(db: Database, dimensions: number, kind: VectorTable = FINAL_VECTORS): VectorIndex {
  const { table, seqs, modelKey } = kind;
  const create = () =>
    db.exec(
      `CREATE VIRTUAL TABLE IF NOT EXISTS ${table} USING vec0(scope_no integer partition key, embedding float[${dimensions}] distance_metric=cosine, chunk_size=${CHUNK_SIZE});` +
        // vec0 finds a partition's chunks (to search them, or to find the one a new vector goes in)
        // by `partition00 = ?` on its chunks table, which has no index of its own: every search and
        // every insert read the whole table, ~35,000 chunks at a million memories. Dropped with it.
        `CREATE INDEX IF NOT EXISTS ${table}_chunks_by_partition ON ${table}_chunks (partition00, chunk_id);`,
    );
  create();
  // The memories a vector belongs to; seq is kept in step with the vector table's rowid.
  db.exec(`CREATE TABLE IF NOT EXISTS ${seqs} (seq INTEGER PRIMARY KEY)`);
  const stmts = {
    insert: db.prepare(`INSERT INTO ${table} (rowid, scope_no, embedding) VALUES (?, ?, ?)`),
    mark: db.prepare(`INSERT OR IGNORE INTO ${seqs} (seq) VALUES (?)`),
    remove: db.prepare(`DELETE FROM ${table} WHERE rowid = ?`),
    unmark: db.prepare(`DELETE FROM ${seqs} WHERE seq = ?`),
    scopeRows: db.prepare<[bigint], number>(`SELECT rowid FROM ${table} WHERE scope_no = ?`).pluck(),
    vector: db.prepare<[bigint], Buffer>(`SELECT embedding FROM ${table} WHERE rowid = ?`).pluck(),
    knn: db.prepare<[Buffer, number, bigint], { rowid: number; distance: number }>(
      `SELECT rowid, distance FROM ${table} WHERE embedding MATCH ? AND k = ? AND scope_no = ?`,
    ),
    missing: db.prepare<[number, number], { seq: number; scope_no: number; text: string }>(
      `SELECT m.seq, m.scope_no, m.text FROM memories m LEFT JOIN ${seqs} v ON v.seq = m.seq WHERE m.seq > ? AND v.seq IS NULL ORDER BY m.seq LIMIT ?`,
    ),
    missingBoth: (other: VectorTable) =>
      db.prepare<[number, number], { seq: number; scope_no: number; text: string }>(
        `SELECT m.seq, m.scope_no, m.text FROM memories m LEFT JOIN ${seqs} v ON v.seq = m.seq LEFT JOIN ${other.seqs} o ON o.seq = m.seq WHERE m.seq > ? AND v.seq IS NULL AND o.seq IS NULL ORDER BY m.seq LIMIT ?`,
      ),
    meta: db.prepare<[string], string>('SELECT value FROM memory_meta WHERE key = ?').pluck(),
    setMeta: db.prepare<[string, string]>('INSERT INTO memory_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
  };
  let missingBoth: ReturnType<typeof stmts.missingBoth> | undefined;
  return {
    put(seq, scopeNo, vector) {
      // sqlite-vec reads a partition key and rowid only as 64-bit integers: JS numbers bind as REAL.
      stmts.insert.run(BigInt(seq), BigInt(scopeNo), blob(vector));
      stmts.mark.run(seq);
    },
    remove(seq) {
      stmts.remove.run(BigInt(seq));
      stmts.unmark.run(seq);
    },
    dropScope(scopeNo) {
      for (const rowid of stmts.scopeRows.all(BigInt(scopeNo))) this.remove(rowid);
    },
    nearest(scopeNo, query, k) {
      if (k <= 0) return [];
      return stmts.knn.all(blob(query), k, BigInt(scopeNo)).map((r) => ({ seq: r.rowid, similarity: 1 - r.distance }));
    },
    similarities(seqs, query) {
      return seqs.flatMap((seq) => {
        const stored = stmts.vector.get(BigInt(seq));
        if (!stored) return [];
        const v = new Float32Array(stored.buffer, stored.byteOffset, stored.byteLength >>> 2);
        let dot = 0;
        for (let i = 0; i < v.length; i++) dot += v[i]! * query[i]!;
        return [{ seq, similarity: dot }];
      });
    },
    missing(after, limit, norIn) {
      if (!norIn) return stmts.missing.all(after, limit);
      missingBoth ??= stmts.missingBoth(norIn);
      return missingBoth.all(after, limit);
    },
    model() {
      return stmts.meta.get(modelKey) ?? null;
    },
    reset(model) {
      db.exec(`DROP TABLE IF EXISTS ${table}; DELETE FROM ${seqs};`);
      create();
      stmts.setMeta.run(modelKey, model);
    },
  };
}
