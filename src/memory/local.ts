// The embedded MemoryStore: Mem0's semantics (scoped add/search/list/delete, metadata, infer flag,
// exact-duplicate dedupe per scope, change history) on SQLite under MEMDESK_DATA_DIR. Search reads
// one scope's posting lists (search-index.ts) and ranks them (ranking.ts): its cost follows the
// scope and the query, not the size of the database. With an embedder, memories also get a vector
// (vector-index.ts) and a search blends the scope's nearest ones in; with or without, the blend
// (hybrid-ranking.ts) weighs whose words, when and which session (candidate-context.ts).
// Tiered (a `provisional` embedder beside the final one): a memory is written with the fast model's
// vector and the final model's replaces it in the background; a search compares each kind only with
// the query embedded by the same model.
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { ensureDataDir } from '../files/data-dir.js';
import { join } from 'node:path';
import type { AddMemoryOptions, MemoryChange, MemoryRecord, MemoryStore, Scope, ScoredMemory } from '../core/ports.js';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';
import { migrate } from '../sql/migrate.js';
import { contentHash, normalizedText as normalized } from './content-hash.js';
import { hashKey as hashKeyOf, localMemoryMigrations } from './local-migrations.js';
import { displayScore, rankScope, rememberedMemory, type ScopeIndex } from './ranking.js';
import { redactSecrets } from './redact.js';
import { scopeKey } from './scope.js';
import { createSearchIndex, type IndexedMemory, type ScopeRow, type StoredMemory } from './search-index.js';
import { cachingQueries, type Embedder } from './embedder.js';
import { candidateContext } from './candidate-context.js';
import { fuseRankings, LEXICAL_CANDIDATES, VECTOR_CANDIDATES, type LexicalHit, type SemanticHit } from './hybrid-ranking.js';
import {
  createVectorIndex,
  dropVectorTable,
  hasVectorTable,
  FINAL_VECTORS,
  loadVectorExtension,
  PROVISIONAL_VECTORS,
  type VectorHit,
  type VectorIndex,
} from './vector-index.js';
import type { Logger } from '../log.js';
import { withRetry } from '../retry.js';
import { backgroundReindex, idleReindex, type BackgroundReindex } from './background-reindex.js';

/** Bulk writes commit in slices this size, so one import never holds a huge transaction. */
const BULK_SLICE = 20_000;
/** Deleted memories may still take a neighbour's share of score; ranking asks for a few spare. */
const SPARE_RESULTS = 8;
/**
 * Up to this many memories a scope's vectors are all compared with the query (sqlite-vec scans the
 * scope's partition: 0.1 ms for 100 vectors, 1 ms for 1k, but ~100 ms for 10k once they no longer
 * sit in SQLite's page cache, measured on the shared 2-core machine); above it, vectors rerank the
 * lexical candidates only, and a paraphrase with no word in common is not found.
 */
const EXACT_VECTOR_SEARCH_LIMIT = 2_000;
/** The vector table's size when it already exists and no embedder says otherwise (CREATE IF NOT EXISTS). */
const DEFAULT_DIMENSIONS = 512;
/**
 * Memories re-indexed per transaction when the analyzer changed: the event loop is held about 50 ms
 * at a time on the shared 2-core machine (100k memories in 1,000 scopes: 3–4 s in all). A scope
 * bigger than this is built beside its live postings over several steps and swapped in with one
 * statement, which for a single 100k-memory scope holds the loop about 0.5 s once.
 */
const REINDEX_BATCH = 1_000;
/** Memories embedded per background step when a data dir holds memories without vectors. */
const BACKFILL_BATCH = 64;
/**
 * Tiered, the background runs beside searches that embed their query with the same model. Its calls
 * go in the model's background lane (sentence-embedder.ts sends them 2 texts at a time, after any
 * query), so this bounds only what a step holds: one transaction, and what close() waits for.
 */
const TIERED_BACKFILL_BATCH = 8;
/** Memories per step when the provisional model (microseconds a text) embeds those written before tiered. */
const PROVISIONAL_BACKFILL_BATCH = 1_000;
/** After the final model failed in the background, writes wait this long before they start it again. */
const BACKFILL_RETRY_MS = 60_000;
/**
 * Once open, how long a write waits for another process's write lock inside SQLite. better-sqlite3
 * waits synchronously, holding the event loop (Slack's acks, /healthz) for all of it, and another
 * process's import holds the lock for seconds (20,000 memories: about 6 s on the shared 2-core
 * machine); so a write waits this long at a time and gives the loop back in between (whenUnlocked).
 */
const BUSY_WAIT_MS = 5;
/** Tries of a write whose database another process holds, with backoff up to 250 ms: some 30 s in all. */
const BUSY_RETRY = { attempts: 250, baseMs: 25, maxMs: 250 };
const isBusy = (err: unknown): boolean => err instanceof Database.SqliteError && err.code.startsWith('SQLITE_BUSY');
/** Runs a write transaction, tried again after a pause (the event loop free) while another process holds the database. */
const whenUnlocked = <T>(write: () => T): Promise<T> => withRetry(async () => write(), { ...BUSY_RETRY, isRetryable: isBusy });

interface Row {
  seq: number;
  id: string;
  scope_no: number;
  docno: number;
  scope_kind: 'customer' | 'account';
  scope_id: string;
  text: string;
  hash: number;
  metadata: string;
  created_at: string;
  updated_at: string;
}

/** One memory for bulkAdd: an import, a seed file, the bench. */
export interface BulkMemory {
  scope: Scope;
  text: string;
  metadata?: Record<string, unknown>;
  infer?: boolean;
  /** When it was written (ISO); the clock's now when absent. */
  created_at?: string;
}

export interface LocalMemoryStore extends MemoryStore {
  /**
   * Adds many memories in few transactions, with add()'s semantics (redaction, dedupe, history);
   * texts empty after redaction are skipped rather than failing the batch.
   */
  bulkAdd(items: BulkMemory[]): Promise<{ written: number; duplicates: number; empty: number }>;
  /**
   * Embeds the memories that have no (final) vector yet (from before embeddings, written while the
   * model was down, or holding a provisional vector); it also runs in the background from open and,
   * tiered, after writes. While a run is under way, returns that run. Resolves with how many it embedded.
   */
  embedMissing(): Promise<number>;
  indexState(): 'current' | 'reindexing';
  /** Resolves once a background re-index (see indexState) has finished or was stopped by close. */
  reindexed(): Promise<void>;
  close(): Promise<void>;
}

const hashKey = (text: string): number => hashKeyOf(contentHash(text));

/** A memory on its way into one scope's transaction. */
interface PendingMemory {
  text: string;
  options: AddMemoryOptions;
  at: string;
  vector?: Float32Array | undefined;
}

export interface LocalMemoryStoreOptions {
  dataDir: string;
  namespace: string;
  clock: Clock;
  /**
   * Sentence embeddings as a second ranking signal (semantic recall). Without one, memories are
   * ranked by their words only. A model that fails is logged and search falls back to words.
   */
  embedder?: Embedder;
  /**
   * With `embedder`: a fast model whose vector a memory gets as it is written, so it is found by
   * meaning at once, while `embedder`'s vector is computed in the background and replaces it
   * (MEMORY_EMBEDDER=tiered). Each kind is compared only with the query embedded by its own model.
   */
  provisional?: Embedder;
  logger?: Logger;
  /** Memories re-indexed per transaction after an analyzer change (tests make it small to watch one midway). */
  reindexBatch?: number;
}

/** A search's query embedded by each model whose vectors the store holds (undefined: no model, or it failed). */
interface QueryVectors {
  final: Float32Array | undefined;
  provisional: Float32Array | undefined;
}

export async function createLocalMemoryStore(opts: LocalMemoryStoreOptions): Promise<LocalMemoryStore> {
  ensureDataDir(opts.dataDir);
  const db = new Database(join(opts.dataDir, 'memory.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const vectorsLoaded = loadVectorExtension(db);
  // Kysely only runs the migrations here (and is left open: destroying it would close `db`).
  await migrate(new Kysely({ dialect: new SqliteDialect({ database: db }) }), { backend: 'sqlite', component: 'memory' }, localMemoryMigrations(db, contentHash));
  const index = createSearchIndex(db);
  const reindexBatch = opts.reindexBatch ?? REINDEX_BATCH;
  if (opts.embedder && !vectorsLoaded) opts.logger?.warn('sqlite-vec could not be loaded on this platform; ranking memories by their words only');
  const embedder = vectorsLoaded && opts.embedder ? cachingQueries(opts.embedder) : undefined;
  // Kept up to date on deletes even with embeddings off, so no vector outlives its memory.
  const vectors: VectorIndex | undefined =
    vectorsLoaded && (embedder || hasVectorTable(db)) ? createVectorIndex(db, embedder?.dimensions ?? DEFAULT_DIMENSIONS) : undefined;
  if (vectors && embedder && vectors.model() !== embedder.model) vectors.reset(embedder.model);
  const provisionalModel = embedder && opts.provisional ? cachingQueries(opts.provisional) : undefined;
  // Provisional vectors live only while something writes and replaces them; otherwise the final
  // backfill covers their memories and the table goes, so no other model's vector is ever read.
  if (vectorsLoaded && !provisionalModel && hasVectorTable(db, PROVISIONAL_VECTORS)) dropVectorTable(db, PROVISIONAL_VECTORS);
  const provisional: VectorIndex | undefined = provisionalModel ? createVectorIndex(db, provisionalModel.dimensions, PROVISIONAL_VECTORS) : undefined;
  if (provisional && provisionalModel && provisional.model() !== provisionalModel.model) provisional.reset(provisionalModel.model);
  /** Every memory at or below this seq has its final vector (or had none to get); the background starts after it. */
  let finalThrough = 0;
  /** Lowest place a write moved finalThrough to while a background batch was being embedded. */
  let lowestWrittenSince = Number.POSITIVE_INFINITY;
  const needsFinal = (seq: number) => {
    finalThrough = Math.min(finalThrough, seq - 1);
    lowestWrittenSince = Math.min(lowestWrittenSince, seq - 1);
  };

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
    byHash: db.prepare<[number, number], Row>('SELECT * FROM memories WHERE scope_no = ? AND hash = ?'),
    insert: db.prepare(
      'INSERT INTO memories (id, scope_no, docno, scope_kind, scope_id, text, hash, metadata, infer, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    history: db.prepare('INSERT INTO memory_history (memory_id, event, old_memory, new_memory, at) VALUES (?, ?, ?, ?, ?)'),
    all: db.prepare<[number], Row>('SELECT * FROM memories WHERE scope_no = ? ORDER BY docno'),
    byDocno: db.prepare<[number, number], Row>('SELECT * FROM memories WHERE scope_no = ? AND docno = ?'),
    textByDocno: db.prepare<[number, number], string>('SELECT text FROM memories WHERE scope_no = ? AND docno = ?').pluck(),
    byId: db.prepare<[string], Row>('SELECT * FROM memories WHERE id = ?'),
    bySeq: db.prepare<[number], Row>('SELECT * FROM memories WHERE seq = ?'),
    scopeByNo: db.prepare<[number], ScopeRow>('SELECT * FROM memory_scopes WHERE scope_no = ?'),
    deleteId: db.prepare('DELETE FROM memories WHERE id = ?'),
    deleteScopeRows: db.prepare('DELETE FROM memories WHERE scope_no = ?'),
    historyOf: db.prepare<[string], MemoryChange>(
      'SELECT memory_id, event, old_memory, new_memory, at FROM memory_history WHERE memory_id = ? ORDER BY seq',
    ),
  };

  const findDuplicate = (scopeNo: number, hash: number, text: string): Row | undefined => {
    const want = normalized(text);
    return stmts.byHash.all(scopeNo, hash).find((r) => normalized(r.text) === want);
  };
  /**
   * Whether the scope already holds the text (its write will be skipped as a duplicate): such texts
   * are not embedded, so re-importing a seed file or an export costs no model time.
   */
  const storedIn = (scopeRow: ScopeRow | undefined, text: string): boolean =>
    scopeRow !== undefined && scopeRow.docs > 0 && findDuplicate(scopeRow.scope_no, hashKey(text), text) !== undefined;
  /** The texts of a bulk slice (sorted by scope) that their scope does not hold yet, read in one transaction. */
  const unstoredTexts = db.transaction((slice: { k: string; text: string }[]): string[] => {
    let k: string | undefined;
    let scopeRow: ScopeRow | undefined;
    return slice.flatMap((item) => {
      if (item.k !== k) {
        k = item.k;
        scopeRow = index.scope(k);
      }
      return storedIn(scopeRow, item.text) ? [] : [item.text];
    });
  });

  /**
   * Writes memories of one scope: skips exact duplicates (already stored or earlier in the list),
   * numbers the rest, stores rows and history, then appends their postings in one pass.
   */
  const writeScope = (scope: Scope, items: PendingMemory[]): (MemoryRecord & { fresh: boolean })[] => {
    const scopeRow = index.ensureScope(key(scope));
    const wasEmpty = scopeRow.docs === 0;
    const out: (MemoryRecord & { fresh: boolean })[] = [];
    const reserved: IndexedMemory[] = [];
    const seen = new Map<string, MemoryRecord>();
    for (const item of items) {
      const hash = hashKey(item.text);
      const norm = normalized(item.text);
      const stored = seen.has(norm) || wasEmpty ? undefined : findDuplicate(scopeRow.scope_no, hash, item.text);
      const duplicate = seen.get(norm) ?? (stored && toRecord(stored));
      if (duplicate) {
        out.push({ ...duplicate, fresh: false });
        continue;
      }
      // Remembered: the next searches of this scope rerank the memory by the same analysis (rankScope).
      const m = index.reserve(scopeRow, rememberedMemory(item.text), item.at);
      const id = newId('mem', new Date(item.at));
      const metadata = { ...(item.options.metadata ?? {}), infer: item.options.infer ?? false };
      const { lastInsertRowid } = stmts.insert.run(id, scopeRow.scope_no, m.docno, scope.kind, scope.id, item.text, hash, JSON.stringify(metadata), item.options.infer ? 1 : 0, item.at, item.at);
      const seq = Number(lastInsertRowid);
      const into = provisional ?? vectors;
      if (into && item.vector) into.put(seq, scopeRow.scope_no, item.vector);
      if (embedder && (provisional || !item.vector)) needsFinal(seq);
      stmts.history.run(id, 'ADD', null, item.text, item.at);
      reserved.push(m);
      const record: MemoryRecord = { id, scope: { kind: scope.kind, id: scope.id }, memory: item.text, metadata, created_at: item.at, updated_at: item.at };
      seen.set(norm, record);
      out.push({ ...record, fresh: true });
    }
    if (reserved.length) index.write(scopeRow, reserved, wasEmpty);
    return out;
  };

  const addOne = index.committed(db.transaction((scope: Scope, text: string, options: AddMemoryOptions, vector: Float32Array | undefined): MemoryRecord => {
    const [record] = writeScope(scope, [{ text, options, at: opts.clock.now().toISOString(), vector }]);
    const { fresh: _fresh, ...plain } = record!;
    return plain;
  }));

  const writeSlice = index.committed(db.transaction((slice: (PendingMemory & { scope: Scope })[]) => {
    let written = 0;
    for (let i = 0; i < slice.length; ) {
      let j = i + 1;
      const k = key(slice[i]!.scope);
      while (j < slice.length && key(slice[j]!.scope) === k) j++;
      written += writeScope(slice[i]!.scope, slice.slice(i, j)).filter((r) => r.fresh).length;
      i = j;
    }
    return written;
  }));

  const deleteOne = db.transaction((row: Row) => {
    // Read before the transaction (and perhaps before a wait for the lock): another process may have deleted it since.
    if (stmts.deleteId.run(row.id).changes === 0) return;
    vectors?.remove(row.seq);
    provisional?.remove(row.seq);
    stmts.history.run(row.id, 'DELETE', row.text, null, opts.clock.now().toISOString());
    const scopeRow = stmts.scopeByNo.get(row.scope_no);
    if (scopeRow) index.remove(scopeRow, row.docno, row.text);
  });

  const deleteScope = db.transaction((scope: Scope): number => {
    const scopeRow = index.scope(key(scope));
    if (!scopeRow) return 0;
    const rows = stmts.all.all(scopeRow.scope_no);
    const at = opts.clock.now().toISOString();
    stmts.deleteScopeRows.run(scopeRow.scope_no);
    // Erasure means the words go too: history keeps that a memory existed and was erased, not its text.
    const forget = db.prepare('UPDATE memory_history SET old_memory = NULL, new_memory = NULL WHERE memory_id = ?');
    for (const r of rows) {
      forget.run(r.id);
      stmts.history.run(r.id, 'DELETE', null, null, at);
    }
    index.dropScope(scopeRow);
    vectors?.dropScope(scopeRow.scope_no);
    provisional?.dropScope(scopeRow.scope_no);
    return rows.length;
  });

  const rowsFrom = db.prepare<[number, number, number], StoredMemory>(
    'SELECT docno, text, created_at FROM memories WHERE scope_no = ? AND docno >= ? ORDER BY docno LIMIT ?',
  );
  // IMMEDIATE: two processes opening one data dir take turns instead of one failing to upgrade its lock.
  const reindexStep = db.transaction((budget: number) => index.rebuildStep(budget, (scopeNo, from, limit) => rowsFrom.all(scopeNo, from, limit))).immediate;
  let stopping = false;
  let reindex: BackgroundReindex = idleReindex;
  // A database whose analyzer changed since it was indexed (or whose memories were just moved from
  // v1) is re-indexed from its own memories: the first batch now (a small store is then current
  // before its first search), the rest in the background, one short transaction per batch.
  if (!index.analyzerIsCurrent()) {
    const startedAt = Date.now();
    const first = reindexStep(reindexBatch);
    if (first.done) {
      if (first.indexed > 0) opts.logger?.info({ indexed: first.indexed, ms: Date.now() - startedAt }, 'memory re-index done');
    } else {
      const total = db.prepare('SELECT count(*) FROM memories').pluck().get() as number;
      opts.logger?.info({ memories: total, batch: reindexBatch }, 'memory index is older than the analyzer; re-indexing in the background, searches use the older index meanwhile');
      reindex = backgroundReindex(() => reindexStep(reindexBatch), { logger: opts.logger, indexed: first.indexed, startedAt });
    }
  }

  // Opening (migrations, the first re-index step) may wait as long as SQLite's default, as before:
  // nothing is served from this store yet. From here on a write waits BUSY_WAIT_MS at a time.
  db.pragma(`busy_timeout = ${BUSY_WAIT_MS}`);

  let modelWarned = false;
  const modelFailed = (err: unknown, doing: string) => {
    // Once per process: a broken model would otherwise log on every ticket.
    if (modelWarned) return;
    modelWarned = true;
    const fallback = provisional ? `by their words and ${provisionalModel!.model}'s provisional vectors` : 'by their words only';
    opts.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, `sentence embeddings unavailable while ${doing}; ranking memories ${fallback}`);
  };

  /**
   * Vectors for texts about to be written, by text: the provisional model's when tiered, else the
   * final one's; empty when there is no model or it failed (backfill retries).
   */
  const embedForWrite = async (texts: string[]): Promise<Map<string, Float32Array>> => {
    const model = provisionalModel ?? embedder;
    if (!model) return new Map();
    const unique = [...new Set(texts)];
    if (unique.length === 0) return new Map();
    try {
      const embedded = await model.embed(unique);
      return new Map(unique.map((t, i) => [t, embedded[i]!]));
    } catch (err) {
      modelFailed(err, 'writing memories');
      return new Map();
    }
  };

  // The final vector and the provisional one's removal commit together: a memory holds one kind.
  const putVectors = db.transaction((rows: { seq: number; scope_no: number; text: string }[], embedded: Float32Array[]) => {
    rows.forEach((r, i) => {
      // A memory deleted while its vector was computed (its seq perhaps taken by a newer one) gets none.
      if (stmts.bySeq.get(r.seq)?.text !== r.text) return;
      vectors!.put(r.seq, r.scope_no, embedded[i]!);
      provisional?.remove(r.seq);
    });
  });

  const putProvisional = db.transaction((rows: { seq: number; scope_no: number; text: string }[], embedded: Float32Array[]) => {
    rows.forEach((r, i) => {
      if (stmts.bySeq.get(r.seq)?.text === r.text) provisional!.put(r.seq, r.scope_no, embedded[i]!);
    });
  });
  /**
   * Tiered: memories with no vector of either kind (written before tiered, or by a model since
   * replaced) get the provisional model's first, so they are found by meaning long before the final
   * model reaches them. Written memories already have one: this reads only what the final pass has
   * not reached.
   */
  const fillProvisional = async () => {
    if (!provisional || !provisionalModel) return;
    try {
      for (let after = finalThrough; !stopping; ) {
        const batch = provisional.missing(after, PROVISIONAL_BACKFILL_BATCH, FINAL_VECTORS);
        if (batch.length === 0) break;
        const embedded = await provisionalModel.embed(batch.map((r) => r.text));
        await whenUnlocked(() => putProvisional(batch, embedded));
        after = batch.at(-1)!.seq;
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (err) {
      modelFailed(err, 'embedding stored memories');
    }
  };

  let backfilling: Promise<number> | undefined;
  /** performance.now() before which writes do not restart a background run that failed. */
  let retryAt = 0;
  /** Embeds every memory that has no final vector yet, in small steps; returns how many it embedded. */
  const embedMissing = (): Promise<number> => {
    if (!vectors || !embedder) return Promise.resolve(0);
    backfilling ??= (async () => {
      let done = 0;
      await fillProvisional();
      try {
        while (!stopping) {
          lowestWrittenSince = Number.POSITIVE_INFINITY;
          const batch = vectors.missing(finalThrough, provisional ? TIERED_BACKFILL_BATCH : BACKFILL_BATCH);
          if (batch.length === 0) break;
          const embedded = await embedder.embed(batch.map((r) => r.text), { background: true });
          await whenUnlocked(() => putVectors(batch, embedded));
          finalThrough = Math.min(batch.at(-1)!.seq, lowestWrittenSince);
          done += batch.length;
          // Writes and searches go first: a model in a worker thread answers on a later turn anyway,
          // but one that answers at once (a cache, a table) would otherwise hold the loop.
          await new Promise((resolve) => setImmediate(resolve));
        }
      } catch (err) {
        retryAt = performance.now() + BACKFILL_RETRY_MS;
        modelFailed(err, 'embedding stored memories');
      } finally {
        backfilling = undefined;
      }
      return done;
    })();
    return backfilling;
  };
  /** Tiered: memories just written get their final vector in the background; the write does not wait. */
  const replaceProvisional = () => {
    if (provisional && !stopping && performance.now() >= retryAt) void embedMissing();
  };
  if (vectors && embedder) {
    const first = vectors.missing(0, 1)[0];
    if (first) {
      // Memories from before embeddings (or from a model that changed) get vectors in the background.
      finalThrough = first.seq - 1;
      void embedMissing();
    } else {
      finalThrough = (db.prepare('SELECT max(seq) FROM memories').pluck().get() as number | null) ?? 0;
    }
  }

  const queryVector = async (model: ReturnType<typeof cachingQueries> | undefined, query: string): Promise<Float32Array | undefined> => {
    if (!model) return undefined;
    try {
      return await model.embedQuery(query);
    } catch (err) {
      modelFailed(err, 'searching');
      return undefined;
    }
  };
  const queryVectors = async (query: string): Promise<QueryVectors> => {
    const [final, fast] = await Promise.all([queryVector(embedder, query), queryVector(provisionalModel, query)]);
    return { final, provisional: fast };
  };

  /**
   * Per memory, its final vector's similarity to the query when it has one, else its provisional
   * one's, each against the query embedded by the same model; the closest `limit`.
   */
  const merged = (finalHits: VectorHit[], provisionalHits: VectorHit[], limit: number): VectorHit[] => {
    if (provisionalHits.length === 0) return finalHits;
    const finalSeqs = new Set(finalHits.map((h) => h.seq));
    return [...finalHits, ...provisionalHits.filter((h) => !finalSeqs.has(h.seq))].sort((a, b) => b.similarity - a.similarity).slice(0, limit);
  };

  /** A search's ranking and rows, read in one snapshot (one read transaction, not one per statement). */
  const readTogether = db.transaction(<T>(work: () => T): T => work()) as <T>(work: () => T) => T;
  /** What the words find: ranked while the query's embedding is computed in the model's thread. */
  const lexicalHits = (reader: ScopeIndex, query: string, limit: number) => rankScope(query, reader, Math.max(LEXICAL_CANDIDATES, limit + SPARE_RESULTS));
  const rankedRows = (scopeRow: ScopeRow, reader: ScopeIndex, query: string, limit: number, lexical: LexicalHit[], q: QueryVectors): ScoredMemory[] => {
    const rows = new Map<number, Row>();
    let semantic: SemanticHit[] = [];
    const finalQuery = vectors && q.final;
    const provisionalQuery = provisional && q.provisional;
    const meaning = Boolean(finalQuery || provisionalQuery);
    if (meaning && scopeRow.docs <= EXACT_VECTOR_SEARCH_LIMIT) {
      const nearest = merged(
        finalQuery ? vectors.nearest(scopeRow.scope_no, finalQuery, VECTOR_CANDIDATES) : [],
        provisionalQuery ? provisional.nearest(scopeRow.scope_no, provisionalQuery, VECTOR_CANDIDATES) : [],
        VECTOR_CANDIDATES,
      );
      semantic = nearest.flatMap((hit) => {
        const row = stmts.bySeq.get(hit.seq);
        if (!row) return [];
        rows.set(row.docno, row);
        return [{ docno: row.docno, similarity: hit.similarity }];
      });
    } else if (meaning) {
      // A very large scope (an account with a hundred thousand memories): meaning reranks what the
      // words found rather than scanning every vector, so search stays within its budget.
      const bySeq = new Map<number, Row>();
      for (const hit of lexical) {
        const row = stmts.byDocno.get(scopeRow.scope_no, hit.docno);
        if (row) (rows.set(row.docno, row), bySeq.set(row.seq, row));
      }
      const finalHits = finalQuery ? vectors.similarities([...bySeq.keys()], finalQuery) : [];
      const withFinal = new Set(finalHits.map((h) => h.seq));
      const provisionalHits = provisionalQuery ? provisional.similarities([...bySeq.keys()].filter((seq) => !withFinal.has(seq)), provisionalQuery) : [];
      semantic = [...finalHits, ...provisionalHits].map((hit) => ({ docno: bySeq.get(hit.seq)!.docno, similarity: hit.similarity }));
    }
    const rowAt = (docno: number): Row | undefined => {
      let row = rows.get(docno);
      if (!row) {
        row = stmts.byDocno.get(scopeRow.scope_no, docno);
        if (row) rows.set(docno, row);
      }
      return row;
    };
    // Without meaning, the order still takes the same cues (whose words, when, which session); the
    // score shown stays what the words alone say, as before.
    const wordScore = meaning ? undefined : new Map(lexical.map((hit) => [hit.docno, displayScore(hit.score)]));
    const context = candidateContext(query, reader, rowAt);
    const found: ScoredMemory[] = [];
    for (const hit of fuseRankings(lexical, semantic, limit + SPARE_RESULTS, context)) {
      const row = rowAt(hit.docno);
      if (row) found.push({ ...toRecord(row), score: wordScore?.get(hit.docno) ?? hit.score });
      if (found.length === limit) break;
    }
    return found;
  };

  return {
    kind: 'local',
    async add(scope, text, options = {}) {
      const clean = redactSecrets(text).text.trim();
      if (!clean) throw new Error('memory text is empty');
      const vector = storedIn(index.scope(key(scope)), clean) ? undefined : (await embedForWrite([clean])).get(clean);
      const record = await whenUnlocked(() => addOne(scope, clean, options, vector));
      replaceProvisional();
      return [record];
    },
    async bulkAdd(items) {
      const now = opts.clock.now().toISOString();
      const prepared = items
        .map((item, order) => ({
          scope: item.scope,
          text: redactSecrets(item.text).text.trim(),
          options: { metadata: item.metadata, infer: item.infer },
          at: item.created_at ?? now,
          order,
          k: key(item.scope),
        }))
        .filter((item) => item.text.length > 0)
        .map((item) => ({ ...item, vector: undefined as Float32Array | undefined }))
        // One pass per scope; within a scope, the order given (which is the order written).
        .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.order - b.order));
      let written = 0;
      for (let i = 0; i < prepared.length; i += BULK_SLICE) {
        const slice = prepared.slice(i, i + BULK_SLICE);
        const embedded = await embedForWrite(unstoredTexts(slice));
        for (const item of slice) item.vector = embedded.get(item.text);
        written += await whenUnlocked(() => writeSlice(slice));
        replaceProvisional();
      }
      return { written, duplicates: prepared.length - written, empty: items.length - prepared.length };
    },
    async search(scope, query, options = {}): Promise<ScoredMemory[]> {
      const scopeRow = index.scope(key(scope));
      const limit = options.limit ?? 10;
      if (!scopeRow || scopeRow.docs === 0) return [];
      const reader = index.reader(scopeRow, (docnos) =>
        docnos.flatMap((d) => {
          const text = stmts.textByDocno.get(scopeRow.scope_no, d);
          return text === undefined ? [] : [rememberedMemory(text)];
        }),
      );
      // The query goes to the model's thread first (sentence-embedder.ts sends it at once), and the
      // words are ranked while it is embedded there; then its nearest vectors are read and blended.
      const embedding = queryVectors(query);
      const lexical = readTogether(() => lexicalHits(reader, query, limit));
      const q = await embedding;
      return readTogether(() => rankedRows(scopeRow, reader, query, limit, lexical, q));
    },
    async list(scope) {
      const scopeRow = index.scope(key(scope));
      return scopeRow ? stmts.all.all(scopeRow.scope_no).map(toRecord) : [];
    },
    async delete(memoryId) {
      const row = stmts.byId.get(memoryId);
      if (row) await whenUnlocked(() => deleteOne(row));
    },
    async deleteScope(scope) {
      return whenUnlocked(() => deleteScope(scope));
    },
    async history(memoryId) {
      return stmts.historyOf.all(memoryId);
    },
    embedMissing,
    indexState: () => (reindex.running() ? 'reindexing' : 'current'),
    reindexed: () => reindex.done,
    async close() {
      stopping = true;
      await Promise.all([backfilling, reindex.stop()]);
      db.close();
    },
  };
}
