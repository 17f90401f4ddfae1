// The embedded MemoryStore on PostgreSQL: the same Mem0 semantics as local.ts (scoped add, exact-
// duplicate dedupe, search, list, delete, erasure, history), so every memdesk instance sharing
// DATABASE_URL sees the same memory. Search uses a GIN-indexed tsvector holding the terms
// ranking.ts derives (stems plus support concepts, so "charged twice" finds a billing memory): the
// index picks and orders candidates by ts_rank then recency, and rankByRelevance reranks the best
// of them so scores match the SQLite store's.
import type pg from 'pg';
import type { AddMemoryOptions, MemoryChange, MemoryRecord, MemoryStore, Scope, ScoredMemory } from '../core/ports.js';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { migrate, type Migrations } from '../sql/migrate.js';
import { withoutNul } from '../sql/drop-nul.js';
import { createPgPool, ensureSchema, inTransaction, isoOf, jsonParam, query } from '../sql/pg-pool.js';
import { pgStatement } from '../sql/pg-prepared.js';
import { contentHash } from './content-hash.js';
import { ANALYZER_VERSION, rankByRelevance, rememberedMemory, rememberedQuery } from './ranking.js';
import { redactSecrets } from './redact.js';
import { scopeKey } from './scope.js';
import type { Logger } from '../log.js';
import { backgroundReindex, idleReindex, type BackgroundReindex } from './background-reindex.js';

// Each step creates only what is missing, so a database whose memory tables an earlier memdesk made
// (its steps recorded in memdesk_migrations) is adopted as it is.
const memoryMigrations: Migrations = {
  '001_memories_full_text_history': {
    async up(db) {
      await sql`
      CREATE TABLE IF NOT EXISTS memories (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        scope text NOT NULL, scope_kind text NOT NULL, scope_id text NOT NULL,
        text text NOT NULL, hash text NOT NULL, metadata jsonb NOT NULL, infer boolean NOT NULL,
        -- Terms from ranking.ts, written with the row; analyzer_version says which analysis made them.
        search tsvector NOT NULL, analyzer_version integer NOT NULL,
        created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL,
        UNIQUE (scope, hash)
      );
      CREATE INDEX IF NOT EXISTS memories_scope_seq ON memories (scope, seq);
      CREATE INDEX IF NOT EXISTS memories_search ON memories USING gin (search);
      CREATE INDEX IF NOT EXISTS memories_analyzer ON memories (analyzer_version);
      CREATE TABLE IF NOT EXISTS memory_history (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, memory_id text NOT NULL, event text NOT NULL,
        old_memory text, new_memory text, at timestamptz NOT NULL
      );
      CREATE INDEX IF NOT EXISTS memory_history_memory ON memory_history (memory_id, seq);
    `.execute(db);
    },
  },
};

/** How many index hits are reranked; enough that the reranker rarely misses what it would rank first. */
const candidatesFor = (limit: number) => Math.max(limit * 20, 200);
// PostgreSQL refuses lexemes of 2 KB or more; such "words" (pasted blobs) are not searchable anyway.
const MAX_LEXEME_BYTES = 2000;
// tsvector positions stop at 16383 and a lexeme keeps at most 256 of them.
const MAX_POSITION = 16383;
const MAX_POSITIONS_PER_TERM = 256;
const REINDEX_BATCH = 1000;
/**
 * How long an instance may leave its re-index batch's transaction waiting on it before the server
 * ends that session: the rows it holds are then freed for the other instances. An instance lost
 * mid-batch (a frozen process, a node gone in a rolling deploy) whose connection the server still
 * thinks open would otherwise hold them, and keep every other instance re-indexing, for as long as
 * the connection lingers (hours, with the kernel's TCP keepalive). A live instance spends
 * milliseconds between the statements of a batch.
 */
const REINDEX_LEASE_MS = 30_000;
/** The pause before another pass over rows that were locked elsewhere during the last one. */
const STALE_RECHECK_MS = 200;
/** New memories per statement at most (ten parameters each, as arrays). */
const MAX_ADDS_PER_STATEMENT = 200;

const columns = 'id, scope_kind, scope_id, text, metadata, created_at, updated_at';
interface Row {
  id: string;
  scope_kind: Scope['kind'];
  scope_id: string;
  text: string;
  metadata: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}
const toRecord = (r: Row): MemoryRecord => ({
  id: r.id,
  scope: { kind: r.scope_kind, id: r.scope_id },
  memory: r.text,
  metadata: r.metadata,
  created_at: isoOf(r.created_at),
  updated_at: isoOf(r.updated_at),
});

// Lexemes are written as quoted tsvector/tsquery literals, so PostgreSQL's own parser and
// dictionaries never re-split or re-stem what ranking.ts produced.
const lexeme = (term: string) => `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
const indexable = (term: string) => Buffer.byteLength(term) < MAX_LEXEME_BYTES;

export function searchVector(text: string): string {
  const parts: string[] = [];
  let position = 1;
  // Remembered: the next searches of this scope rank the memory by the same analysis (rankByRelevance).
  for (const [term, tf] of rememberedMemory(text).terms) {
    if (!indexable(term)) continue;
    const positions: number[] = [];
    for (let i = 0; i < Math.min(tf, MAX_POSITIONS_PER_TERM); i++) positions.push(Math.min(position++, MAX_POSITION));
    parts.push(`${lexeme(term)}:${positions.join(',')}`);
  }
  return parts.join(' ');
}

/** Any query term may match (OR); undefined when the query has no searchable term. */
export function searchQuery(query: string): string | undefined {
  // Remembered: a turn searches the customer's and the account's scope with one query, and ranks each.
  const terms = [...rememberedQuery(query).terms.keys()].filter(indexable);
  return terms.length ? terms.map(lexeme).join(' | ') : undefined;
}

export interface PostgresMemoryStoreOptions {
  url: string;
  namespace: string;
  clock: Clock;
  schema?: string;
  logger?: Logger;
  /** How long this instance's re-index batch holds its rows while the instance does not answer (tests make it short). */
  reindexLeaseMs?: number;
}

export interface PostgresMemoryStore extends MemoryStore {
  indexState(): 'current' | 'reindexing';
  /** Resolves once a background re-index (see indexState) has finished or was stopped by close. */
  reindexed(): Promise<void>;
}

export async function createPostgresMemoryStore(opts: PostgresMemoryStoreOptions): Promise<PostgresMemoryStore> {
  if (opts.schema) await ensureSchema(opts.url, opts.schema);
  const pool = createPgPool({ url: opts.url, ...(opts.schema ? { schema: opts.schema } : {}) });
  let reindex: BackgroundReindex;
  try {
    // Kysely runs the migrations on this pool; the store itself speaks SQL to it directly.
    await migrate(new Kysely({ dialect: new PostgresDialect({ pool }) }), { backend: 'postgres', component: 'memory' }, memoryMigrations);
    reindex = await startReindex(pool, opts.logger, opts.reindexLeaseMs ?? REINDEX_LEASE_MS);
  } catch (err) {
    await pool.end();
    throw err;
  }
  const key = (s: Scope) => scopeKey(opts.namespace, s);
  const searches = searchBatches(pool);

  const adds = addBatches(pool);
  const lists = listBatches(pool);

  async function addOne(scope: Scope, text: string, options: AddMemoryOptions): Promise<MemoryRecord> {
    const hash = contentHash(text);
    const metadata = { ...(options.metadata ?? {}), infer: options.infer ?? false };
    // Insert-or-find: two instances adding the same text at once store it once, and the ADD lands
    // in the history only for the row actually inserted. The existing row is read in a second
    // statement because the first one's snapshot cannot see a row a concurrent add just committed;
    // if that row is deleted in between, try again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await adds.insert({
        id: newId('mem', opts.clock.now()), scope: key(scope), scope_kind: scope.kind, scope_id: scope.id, text, hash,
        metadata: jsonParam(metadata), infer: options.infer ?? false, search: searchVector(text), at: opts.clock.now().toISOString(),
      });
      if (inserted) return toRecord(inserted);
      const existing = await query<Row>(pool, `SELECT ${columns} FROM memories WHERE scope = $1 AND hash = $2`, [key(scope), hash]);
      if (existing.rows[0]) return toRecord(existing.rows[0]);
    }
    throw new Error(`memory add in ${key(scope)} kept racing with a delete; try again`);
  }

  return {
    kind: 'local',
    async add(scope, text, options = {}) {
      const clean = withoutNul(redactSecrets(text).text).trim();
      if (!clean) throw new Error('memory text is empty');
      return [await addOne(scope, clean, options)];
    },
    async search(scope, question, options = {}): Promise<ScoredMemory[]> {
      const limit = options.limit ?? 10;
      const tsquery = searchQuery(question);
      if (!tsquery || limit <= 0) return [];
      const rows = await searches.find({ scope: key(scope), tsquery, candidates: candidatesFor(limit) });
      const ranked = rankByRelevance(
        question,
        rows.map((r) => ({ record: toRecord(r), text: r.text, created_at: isoOf(r.created_at) })),
        limit,
      );
      return ranked.map((r) => ({ ...r.record, score: r.score }));
    },
    async list(scope) {
      return (await lists.find(key(scope))).map(toRecord);
    },
    async delete(memoryId) {
      await query(
        pool,
        `WITH gone AS (DELETE FROM memories WHERE id = $1 RETURNING id, text)
         INSERT INTO memory_history (memory_id, event, old_memory, new_memory, at) SELECT id, 'DELETE', text, NULL, $2 FROM gone`,
        [memoryId, opts.clock.now().toISOString()],
      );
    },
    async deleteScope(scope) {
      const { rows } = await query<{ removed: string }>(
        pool,
        // Erasure means the words go too: history keeps that a memory existed and was erased, not its text.
        `WITH gone AS (DELETE FROM memories WHERE scope = $1 RETURNING id, seq),
         scrubbed AS (
           UPDATE memory_history SET old_memory = NULL, new_memory = NULL WHERE memory_id IN (SELECT id FROM gone)
         ),
         logged AS (
           INSERT INTO memory_history (memory_id, event, old_memory, new_memory, at)
           SELECT id, 'DELETE', NULL, NULL, $2 FROM gone ORDER BY seq
         )
         SELECT count(*) AS removed FROM gone`,
        [key(scope), opts.clock.now().toISOString()],
      );
      return Number(rows[0]?.removed ?? 0);
    },
    async history(memoryId) {
      const { rows } = await query<Omit<MemoryChange, 'at'> & { at: Date }>(
        pool,
        'SELECT memory_id, event, old_memory, new_memory, at FROM memory_history WHERE memory_id = $1 ORDER BY seq',
        [memoryId],
      );
      return rows.map((r) => ({ ...r, at: isoOf(r.at) }));
    },
    indexState: () => (reindex.running() ? 'reindexing' : 'current'),
    reindexed: () => reindex.done,
    async close() {
      await reindex.stop();
      await pool.end();
    },
  };
}

/** A new memory as its row is written (metadata as JSON, search as a tsvector literal). */
interface NewMemory {
  id: string;
  scope: string;
  scope_kind: string;
  scope_id: string;
  text: string;
  hash: string;
  metadata: string;
  infer: boolean;
  search: string;
  at: string;
}
const newMemoryColumns = ['id', 'scope', 'scope_kind', 'scope_id', 'text', 'hash', 'metadata', 'infer', 'search', 'at'] as const;

/**
 * The write-backs of the turns in flight share statements: memories added while one statement is
 * on its way go together in the next (one multi-row insert, their history rows with it), instead of
 * a round trip each, as the shared records writes do (sql/pg-grouped-rows.ts). Each caller hears of
 * its row once the statement carrying it committed: the row, or undefined when a memory with its
 * scope and text was there already (or came first in the same statement). A statement that fails is
 * tried again row by row, so one bad row fails only its own caller.
 */
function addBatches(pool: pg.Pool): { insert(row: NewMemory): Promise<Row | undefined> } {
  // Named, so each connection parses and plans it once (its text is the same for any number of rows).
  const statement = pgStatement<Row>(
    `WITH added AS (
       INSERT INTO memories (id, scope, scope_kind, scope_id, text, hash, metadata, infer, search, analyzer_version, created_at, updated_at)
       SELECT id, scope, scope_kind, scope_id, text, hash, metadata, infer, search, ${ANALYZER_VERSION}, at, at
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::boolean[], $9::tsvector[], $10::timestamptz[])
           WITH ORDINALITY AS v(id, scope, scope_kind, scope_id, text, hash, metadata, infer, search, at, nth)
        ORDER BY nth
       ON CONFLICT (scope, hash) DO NOTHING
       RETURNING ${columns}
     ), logged AS (
       INSERT INTO memory_history (memory_id, event, old_memory, new_memory, at) SELECT id, 'ADD', NULL, text, created_at FROM added
     )
     SELECT * FROM added`,
  );
  type Waiting = { row: NewMemory; resolve(row: Row | undefined): void; reject(error: unknown): void };
  const queue: Waiting[] = [];
  let flushing = false;
  const write = async (batch: Waiting[]) => {
    const { rows } = await query(pool, statement, newMemoryColumns.map((c) => batch.map((w) => w.row[c])));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const w of batch) w.resolve(byId.get(w.row.id));
  };
  const flush = async () => {
    flushing = true;
    try {
      while (queue.length) {
        const batch = queue.splice(0, MAX_ADDS_PER_STATEMENT);
        try {
          await write(batch);
        } catch (error) {
          if (batch.length === 1) batch[0]!.reject(error);
          else for (const w of batch) await write([w]).catch((rowError: unknown) => w.reject(rowError));
        }
      }
    } finally {
      flushing = false;
    }
  };
  return {
    insert: (row) =>
      new Promise<Row | undefined>((resolve, reject) => {
        queue.push({ row, resolve, reject });
        if (!flushing) void flush();
      }),
  };
}

interface SearchAsk {
  scope: string;
  tsquery: string;
  candidates: number;
}

/**
 * A turn searches both scopes for the message and for the policy facts at once, and other turns
 * search beside it: the searches asked in one turn of the event loop go to the server as one
 * statement (each one's candidates picked and ordered by the index, as a search alone would be),
 * instead of one round trip each.
 */
function searchBatches(pool: pg.Pool): { find(ask: SearchAsk): Promise<Row[]> } {
  // Named, so each connection parses and plans it once (its text is the same for any batch).
  const search = pgStatement<Row & { nth: number; rank: number; seq: string }>(
    `SELECT q.nth, m.* FROM unnest($1::text[], $2::tsquery[], $3::int[]) WITH ORDINALITY AS q(scope, tsquery, candidates, nth)
     CROSS JOIN LATERAL (
       SELECT ${columns}, ts_rank(search, q.tsquery) AS rank, seq FROM memories
        WHERE scope = q.scope AND search @@ q.tsquery
        ORDER BY rank DESC, seq DESC
        LIMIT q.candidates
     ) m
     ORDER BY q.nth, m.rank DESC, m.seq DESC`,
  );
  return {
    find: perEventLoopTurn(async (asked: SearchAsk[]) => {
      const { rows } = await query(pool, search, [asked.map((a) => a.scope), asked.map((a) => a.tsquery), asked.map((a) => a.candidates)]);
      const found = asked.map((): Row[] => []);
      for (const { nth, rank: _rank, seq: _seq, ...row } of rows) found[Number(nth) - 1]!.push(row);
      return found;
    }),
  };
}

/**
 * The scopes listed in one turn of the event loop (the door reads a new sender's customer and
 * account memories together, other senders' beside them) go to the server as one statement,
 * each scope's memories in the order they were added, instead of one round trip each.
 */
function listBatches(pool: pg.Pool): { find(scope: string): Promise<Row[]> } {
  // Named, so each connection parses and plans it once (its text is the same for any batch).
  const list = pgStatement<Row & { nth: string }>(
    `SELECT q.nth, m.* FROM unnest($1::text[]) WITH ORDINALITY AS q(scope, nth)
     CROSS JOIN LATERAL (SELECT ${columns}, seq FROM memories WHERE scope = q.scope) m
     ORDER BY q.nth, m.seq`,
  );
  return {
    find: perEventLoopTurn(async (asked: string[]) => {
      const { rows } = await query(pool, list, [asked]);
      const found = asked.map((): Row[] => []);
      for (const { nth, seq: _seq, ...row } of rows as (Row & { nth: string; seq: string })[]) found[Number(nth) - 1]!.push(row);
      return found;
    }),
  };
}

/** Asks made in one turn of the event loop, answered together by `run` (one statement): each gets its own rows. */
function perEventLoopTurn<Ask>(run: (asked: Ask[]) => Promise<Row[][]>): (ask: Ask) => Promise<Row[]> {
  let batch: { ask: Ask; resolve(rows: Row[]): void; reject(error: unknown): void }[] = [];
  const flush = async () => {
    const asked = batch;
    batch = [];
    try {
      const found = await run(asked.map((a) => a.ask));
      for (const [i, a] of asked.entries()) a.resolve(found[i]!);
    } catch (error) {
      for (const a of asked) a.reject(error);
    }
  };
  return (ask) =>
    new Promise<Row[]>((resolve, reject) => {
      if (batch.push({ ask, resolve, reject }) === 1) setImmediate(() => void flush());
    });
}

/**
 * Rows indexed by an older ranking.ts analysis would silently stop matching new queries; rebuild
 * their search vectors. Only rows older than this analysis: during a rolling deploy an older
 * release restarting leaves a newer one's rows alone. Whether any row is stale is the lowest
 * version in the analyzer_version index (one probe, not a scan of the table), so a start with
 * nothing to do reads no memories.
 */
async function anyStale(pool: pg.Pool): Promise<boolean> {
  const { rows } = await query<{ oldest: number | null }>(pool, 'SELECT min(analyzer_version) AS oldest FROM memories');
  return (rows[0]?.oldest ?? ANALYZER_VERSION) < ANALYZER_VERSION;
}

/**
 * Rebuilds the next stale rows after `after` (a seq) in one transaction; their rows are locked and
 * skipped by another instance rebuilding at the same time, so they share the work. Each row is
 * updated whole (vector and version together), so a stop midway leaves every row indexed by one
 * analysis or the other, and a restart takes up only the rows still stale. Returns the last seq
 * rebuilt and how many, or undefined when none is left after `after`.
 */
async function reindexBatch(pool: pg.Pool, after: string, leaseMs: number): Promise<{ last: string; count: number } | undefined> {
  const batch = await inTransaction(pool, async (client) => {
    // The lease on the rows this batch locks (see REINDEX_LEASE_MS): for this transaction only.
    await query(client, "SELECT set_config('idle_in_transaction_session_timeout', $1, true)", [`${leaseMs}ms`]);
    const stale = await query<{ seq: string; text: string }>(
      client,
      'SELECT seq, text FROM memories WHERE analyzer_version < $1 AND seq > $2 ORDER BY seq LIMIT $3 FOR UPDATE SKIP LOCKED',
      [ANALYZER_VERSION, after, REINDEX_BATCH],
    );
    if (stale.rows.length) {
      await query(
        client,
        `UPDATE memories AS m SET search = v.search::tsvector, analyzer_version = $1
         FROM unnest($2::bigint[], $3::text[]) AS v(seq, search) WHERE m.seq = v.seq`,
        [ANALYZER_VERSION, stale.rows.map((r) => r.seq), stale.rows.map((r) => searchVector(r.text))],
      );
    }
    return stale.rows;
  });
  return batch.length ? { last: batch[batch.length - 1]!.seq, count: batch.length } : undefined;
}

/**
 * The re-index as it runs beside the service: the first batch before the store is handed out (a
 * small store is then current before its first search), the rest in the background, so /healthz
 * and events are answered from the start. Until a row is rebuilt, searches find it by the older
 * analysis's terms (and rank it by the current one).
 */
async function startReindex(pool: pg.Pool, logger: Logger | undefined, leaseMs: number): Promise<BackgroundReindex> {
  if (!(await anyStale(pool))) return idleReindex;
  const startedAt = Date.now();
  // Nothing taken while rows are stale: another instance's batch holds them (both starting at
  // once), and it may stop before it is done, so this one waits for them too rather than say current.
  const first = await reindexBatch(pool, '0', leaseMs);
  if ((first?.count ?? 0) < REINDEX_BATCH && !(await anyStale(pool))) {
    if (first) logger?.info({ indexed: first.count, ms: Date.now() - startedAt }, 'memory re-index done');
    return idleReindex;
  }
  const { rows } = await query<{ n: string }>(pool, 'SELECT count(*) AS n FROM memories WHERE analyzer_version < $1', [ANALYZER_VERSION]);
  logger?.info({ stale: Number(rows[0]?.n ?? 0), batch: REINDEX_BATCH }, 'memory search vectors are older than the analyzer; re-indexing in the background, searches use the older vectors meanwhile');
  let after = first?.last ?? '0';
  return backgroundReindex(
    async () => {
      const batch = await reindexBatch(pool, after, leaseMs);
      if (batch) {
        after = batch.last;
        return { indexed: batch.count, done: false };
      }
      // Rows skipped because another transaction held them (another instance's batch, a write) may
      // still be stale at the end of a pass: look again from the start, after a pause, until none is.
      if (!(await anyStale(pool))) return { indexed: 0, done: true };
      after = '0';
      await new Promise((resolve) => setTimeout(resolve, STALE_RECHECK_MS));
      return { indexed: 0, done: false };
    },
    { logger, indexed: first?.count ?? 0, startedAt },
  );
}
