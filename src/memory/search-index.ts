// The embedded store's search index: per-scope posting lists in SQLite, so a search reads only
// the terms of its query inside its own scope, whatever else the database holds. A scope's
// memories are numbered 0, 1, 2… (docno) in the order written; each (scope, term) keeps its
// postings in chunks of at most CHUNK_POSTINGS, and only the newest chunk is ever rewritten, so
// add() costs the same in a 10-memory and a 100k-memory scope. A posting is two uint32s (docno,
// then tf | length | flags, see packPosting), stored in this machine's byte order (little-endian).
import type { Database } from 'better-sqlite3';
import {
  ANALYZER_VERSION,
  SESSION_TERM,
  startsSession,
  packPosting,
  type AnalyzedMemory,
  analyzeMemory,
  type ScopeIndex,
} from './ranking.js';

/** 8 KB blobs: few rows to read for a common term in a big scope, a small rewrite on add(). */
const CHUNK_POSTINGS = 1024;
/** Scopes whose postings read so far are kept (least recently searched dropped first)… */
const CACHED_SCOPES = 1000;
/** …and only lists up to this many postings: a big scope's common terms are read each time. */
const CACHED_POSTINGS = CHUNK_POSTINGS;

/**
 * What searches of one scope read, kept while the scope does not change. A scope's counters say
 * when it did: every add raises next_docno, every delete lowers docs, and every rebuild of its
 * postings (by whichever process re-indexes) raises generation, so a (generation, docs, next_docno)
 * triple is never seen twice with different postings, whichever process wrote them. A rebuild keeps
 * the scope's docs and next_docno as they were, so without generation another process would keep
 * searching the postings it read before the rebuild.
 */
interface ScopeReads {
  version: string;
  postings: Map<string, Uint32Array>;
  frequencies: Map<string, number>;
  /** Where each kept (non-empty) list's newest chunk starts: its last postings are that chunk, so add() need not read it. */
  tails: Map<string, number>;
}

const indexSchema = `
  CREATE TABLE IF NOT EXISTS memory_scopes (
    scope_no INTEGER PRIMARY KEY,
    scope TEXT NOT NULL UNIQUE,
    docs INTEGER NOT NULL DEFAULT 0,
    total_length INTEGER NOT NULL DEFAULT 0,
    next_docno INTEGER NOT NULL DEFAULT 0,
    last_at TEXT, -- created_at of the scope's latest-written memory
    generation INTEGER NOT NULL DEFAULT 0 -- raised each time the scope's postings are rebuilt
  );
  CREATE TABLE IF NOT EXISTS memory_postings (
    scope_no INTEGER NOT NULL,
    term TEXT NOT NULL,
    first_docno INTEGER NOT NULL,
    n INTEGER NOT NULL,
    postings BLOB NOT NULL,
    PRIMARY KEY (scope_no, term, first_docno)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS memory_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

export interface ScopeRow {
  scope_no: number;
  scope: string;
  docs: number;
  total_length: number;
  next_docno: number;
  last_at: string | null;
  generation: number;
}

/** A stored memory as the rebuild reads it. */
export interface StoredMemory {
  docno: number;
  text: string;
  created_at: string;
}

/**
 * A rebuild in progress (memory_meta, key REBUILD_KEY): the analyzer it indexes for, the scopes up
 * to `after` done, and the scope being rebuilt: its counters so far and the next docno to read.
 */
interface Rebuild {
  version: number;
  after: number;
  shadow?: { scope_no: number; docs: number; total_length: number; next_docno: number; last_at: string | null; from: number };
}
const REBUILD_KEY = 'rebuild';

/** A memory about to be indexed: its docno is assigned by reserve(). */
export interface IndexedMemory {
  docno: number;
  analyzed: AnalyzedMemory;
  sessionStart: boolean;
}

function toU32(buf: Buffer): Uint32Array {
  if (buf.byteOffset % 4 === 0) return new Uint32Array(buf.buffer, buf.byteOffset, buf.byteLength >>> 2);
  return new Uint32Array(Uint8Array.from(buf).buffer);
}
const toBlob = (u: Uint32Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** The postings one write appended to a scope, applied to the scope's reads once committed. */
interface AppendedPostings {
  scopeNo: number;
  /** The scope's version when the writer read its row (inside the write transaction) and after. */
  before: string;
  after: string;
  byTerm: Map<string, number[]>;
  /** Each term's newest chunk's first docno after the write. */
  tails: Map<string, number>;
}

const versionOf = (scope: ScopeRow): string => `${scope.generation}:${scope.docs}:${scope.next_docno}`;

export function createSearchIndex(db: Database) {
  db.exec(indexSchema);
  const reads = new Map<number, ScopeReads>();
  /** Each scope row's version as read from the database, before this process's reserve() moved it. */
  const versionAtRead = new WeakMap<ScopeRow, string>();
  const readRow = (row: ScopeRow | undefined): ScopeRow | undefined => {
    if (row) versionAtRead.set(row, versionOf(row));
    return row;
  };
  /** Postings written in the open transaction (committed() applies them to the reads kept). */
  const appended: AppendedPostings[] = [];
  /** This scope's reads as of its current counters, marked most recently used. */
  const readsOf = (scope: ScopeRow): ScopeReads => {
    const version = versionOf(scope);
    let found = reads.get(scope.scope_no);
    reads.delete(scope.scope_no);
    if (found?.version !== version) found = { version, postings: new Map(), frequencies: new Map(), tails: new Map() };
    reads.set(scope.scope_no, found);
    if (reads.size > CACHED_SCOPES) reads.delete(reads.keys().next().value!);
    return found;
  };
  const stmts = {
    scopeByKey: db.prepare<[string], ScopeRow>('SELECT * FROM memory_scopes WHERE scope = ?'),
    insertScope: db.prepare<[string]>('INSERT INTO memory_scopes (scope) VALUES (?)'),
    saveScope: db.prepare<[number, number, number, string | null, number]>(
      'UPDATE memory_scopes SET docs = ?, total_length = ?, next_docno = ?, last_at = ? WHERE scope_no = ?',
    ),
    chunks: db.prepare<[number, string], { first_docno: number; postings: Buffer }>(
      'SELECT first_docno, postings FROM memory_postings WHERE scope_no = ? AND term = ? ORDER BY first_docno',
    ),
    df: db.prepare<[number, string], number>('SELECT coalesce(sum(n), 0) FROM memory_postings WHERE scope_no = ? AND term = ?').pluck(),
    tail: db.prepare<[number, string], { first_docno: number; n: number; postings: Buffer }>(
      'SELECT first_docno, n, postings FROM memory_postings WHERE scope_no = ? AND term = ? ORDER BY first_docno DESC LIMIT 1',
    ),
    holding: db.prepare<[number, string, number], { first_docno: number; n: number; postings: Buffer }>(
      'SELECT first_docno, n, postings FROM memory_postings WHERE scope_no = ? AND term = ? AND first_docno <= ? ORDER BY first_docno DESC LIMIT 1',
    ),
    /** Each term's chunk that would hold the docno: a read of every list in the scope, for a delete the re-index has not reached. */
    holdingAnyTerm: db.prepare<[number, number], { term: string; first_docno: number; n: number; postings: Buffer }>(
      `SELECT term, first_docno, n, postings FROM memory_postings AS p WHERE scope_no = ? AND first_docno =
         (SELECT max(first_docno) FROM memory_postings WHERE scope_no = p.scope_no AND term = p.term AND first_docno <= ?)`,
    ),
    insertChunk: db.prepare<[number, string, number, number, Buffer]>(
      'INSERT INTO memory_postings (scope_no, term, first_docno, n, postings) VALUES (?, ?, ?, ?, ?)',
    ),
    updateChunk: db.prepare<[number, Buffer, number, string, number]>(
      'UPDATE memory_postings SET n = ?, postings = ? WHERE scope_no = ? AND term = ? AND first_docno = ?',
    ),
    deleteChunk: db.prepare<[number, string, number]>('DELETE FROM memory_postings WHERE scope_no = ? AND term = ? AND first_docno = ?'),
    dropScopePostings: db.prepare<[number]>('DELETE FROM memory_postings WHERE scope_no = ?'),
    meta: db.prepare<[string], string>('SELECT value FROM memory_meta WHERE key = ?').pluck(),
    setMeta: db.prepare<[string, string]>('INSERT INTO memory_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    deleteMeta: db.prepare<[string]>('DELETE FROM memory_meta WHERE key = ?'),
    nextScope: db.prepare<[number], ScopeRow>('SELECT * FROM memory_scopes WHERE scope_no > ? ORDER BY scope_no LIMIT 1'),
    moveScopePostings: db.prepare<[number, number]>('UPDATE memory_postings SET scope_no = ? WHERE scope_no = ?'),
    saveCounts: db.prepare<[number, number, number]>('UPDATE memory_scopes SET docs = ?, total_length = ? WHERE scope_no = ?'),
    nextGeneration: db.prepare<[number]>('UPDATE memory_scopes SET generation = generation + 1 WHERE scope_no = ?'),
  };
  const readRebuild = (): Rebuild | undefined => {
    const saved = stmts.meta.get(REBUILD_KEY);
    return saved === undefined ? undefined : (JSON.parse(saved) as Rebuild);
  };

  /** The term's newest chunk, from the reads kept when they hold it (see ScopeReads.tails), else from SQLite. */
  function tailChunk(scopeNo: number, term: string, known: ScopeReads | undefined): { first_docno: number; n: number; postings: Uint32Array } | undefined {
    const list = known?.postings.get(term);
    if (list?.length === 0) return undefined;
    const first = known?.tails.get(term);
    if (list && first !== undefined) {
      // The list ends with the tail chunk: every posting from its first docno on.
      let at = list.length;
      while (at > 0 && list[at - 2]! >= first) at -= 2;
      return { first_docno: first, n: (list.length - at) >>> 1, postings: list.subarray(at) };
    }
    const tail = stmts.tail.get(scopeNo, term);
    return tail && { first_docno: tail.first_docno, n: tail.n, postings: toU32(tail.postings) };
  }

  /**
   * Appends postings (ascending docnos, all above the scope's existing ones) for one term; returns
   * the first docno of the term's newest chunk after it. `known`: the scope's reads, if they are of
   * the state being written to.
   */
  function appendPostings(scopeNo: number, term: string, pairs: number[], scopeIsNew: boolean, known: ScopeReads | undefined): number {
    let from = 0;
    let newest = pairs[0]!;
    if (!scopeIsNew) {
      const tail = tailChunk(scopeNo, term, known);
      if (tail && tail.n < CHUNK_POSTINGS) {
        const take = Math.min(CHUNK_POSTINGS - tail.n, pairs.length >>> 1);
        const merged = new Uint32Array((tail.n + take) * 2);
        merged.set(tail.postings);
        for (let j = 0; j < take * 2; j++) merged[tail.n * 2 + j] = pairs[j]!;
        stmts.updateChunk.run(tail.n + take, toBlob(merged), scopeNo, term, tail.first_docno);
        from = take * 2;
        newest = tail.first_docno;
      }
    }
    while (from < pairs.length) {
      const to = Math.min(pairs.length, from + CHUNK_POSTINGS * 2);
      stmts.insertChunk.run(scopeNo, term, pairs[from]!, (to - from) >>> 1, toBlob(Uint32Array.from(pairs.slice(from, to))));
      newest = pairs[from]!;
      from = to;
    }
    return newest;
  }

  function removePosting(scopeNo: number, term: string, docno: number): void {
    const chunk = stmts.holding.get(scopeNo, term, docno);
    if (chunk) removeFromChunk(scopeNo, term, chunk, docno);
  }

  /** Takes the docno's posting out of the chunk holding it; returns the posting (tf | length | flags), if it was there. */
  function removeFromChunk(scopeNo: number, term: string, chunk: { first_docno: number; n: number; postings: Buffer }, docno: number): number | undefined {
    const list = toU32(chunk.postings);
    let lo = 0;
    let hi = chunk.n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const d = list[mid * 2]!;
      if (d === docno) {
        const posting = list[mid * 2 + 1]!;
        if (chunk.n === 1) {
          stmts.deleteChunk.run(scopeNo, term, chunk.first_docno);
        } else {
          const rest = new Uint32Array((chunk.n - 1) * 2);
          rest.set(list.subarray(0, mid * 2));
          rest.set(list.subarray(mid * 2 + 2), mid * 2);
          stmts.updateChunk.run(chunk.n - 1, toBlob(rest), scopeNo, term, chunk.first_docno);
        }
        return posting;
      }
      if (d < docno) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /**
   * Un-indexes a memory from postings another analysis wrote (a scope the re-index has not reached,
   * or has not swapped in yet), or none at all (a scope moved from v1): whatever list holds its
   * docno loses it, and the scope's counters lose what they counted for it, the length as that
   * analysis measured it (each posting carries it). The current analysis of its text would miss
   * the older one's terms and lengths, and a memory never indexed was never counted.
   */
  function removeIndexedByOlderAnalysis(scope: ScopeRow, docno: number): void {
    let held = false;
    let length = 0;
    for (const chunk of stmts.holdingAnyTerm.all(scope.scope_no, docno)) {
      const posting = removeFromChunk(scope.scope_no, chunk.term, chunk, docno);
      if (posting === undefined) continue;
      held = true;
      if (chunk.term !== SESSION_TERM) length = (posting >>> 8) & 0xffff;
    }
    if (!held) return;
    scope.docs -= 1;
    scope.total_length -= length;
  }

  /** Whether the scope's live postings are by the current analyzer (else a re-index has yet to rebuild them). */
  function indexedByCurrentAnalyzer(scopeNo: number): boolean {
    if (stmts.meta.get('analyzer_version') === String(ANALYZER_VERSION)) return true;
    const state = readRebuild();
    return state?.version === ANALYZER_VERSION && scopeNo <= state.after;
  }

  /**
   * A scope this process just wrote to keeps what its searches read: the postings it appended are
   * added to the lists kept, so the next search reads only terms it has not read before. Only when
   * the reads were of the very state the write started from (no other writer in between), and only
   * after the commit (a rolled-back docno is written again with other postings).
   */
  function readsAt(scopeNo: number, version: string): ScopeReads | undefined {
    const known = reads.get(scopeNo);
    return known?.version === version ? known : undefined;
  }

  function keepReadsAcross(write: AppendedPostings): void {
    const known = reads.get(write.scopeNo);
    if (known?.version !== write.before) return;
    known.version = write.after;
    for (const [term, pairs] of write.byTerm) {
      const df = known.frequencies.get(term);
      if (df !== undefined) known.frequencies.set(term, df + (pairs.length >>> 1));
      const list = known.postings.get(term);
      if (!list) continue;
      if (list.length + pairs.length > CACHED_POSTINGS * 2) {
        known.postings.delete(term);
        known.tails.delete(term);
        continue;
      }
      const longer = new Uint32Array(list.length + pairs.length);
      longer.set(list);
      longer.set(pairs, list.length);
      known.postings.set(term, longer);
      known.tails.set(term, write.tails.get(term)!);
    }
  }

  return {
    scope(key: string): ScopeRow | undefined {
      return readRow(stmts.scopeByKey.get(key));
    },

    /** The scope's row, created on first use. */
    ensureScope(key: string): ScopeRow {
      const found = stmts.scopeByKey.get(key);
      if (found) return readRow(found)!;
      stmts.insertScope.run(key);
      return readRow(stmts.scopeByKey.get(key))!;
    },

    /**
     * Wraps a write transaction (better-sqlite3's `db.transaction(…)`) of this index: once it has
     * committed, the scopes it wrote keep what their searches read (see keepReadsAcross).
     */
    committed<Args extends unknown[], Result>(transaction: (...args: Args) => Result): (...args: Args) => Result {
      return (...args) => {
        appended.length = 0;
        try {
          const result = transaction(...args);
          for (const write of appended) keepReadsAcross(write);
          return result;
        } finally {
          appended.length = 0;
        }
      };
    },

    /**
     * Numbers the next memory of a scope (or takes the docno it already has, when rebuilding)
     * and says whether it starts a writing session. Memories must come in docno order.
     */
    reserve(scope: ScopeRow, analyzed: AnalyzedMemory, at: string, docno = scope.next_docno): IndexedMemory {
      scope.next_docno = Math.max(scope.next_docno, docno + 1);
      const sessionStart = startsSession(scope.last_at, at);
      scope.last_at = at;
      scope.docs += 1;
      scope.total_length += analyzed.length;
      return { docno, analyzed, sessionStart };
    },

    /** Writes the postings of memories reserved in one scope (ascending docnos) and the scope's counters. */
    write(scope: ScopeRow, memories: IndexedMemory[], scopeIsNew = false): void {
      const byTerm = new Map<string, number[]>();
      const push = (term: string, docno: number, meta: number) => {
        let list = byTerm.get(term);
        if (!list) byTerm.set(term, (list = []));
        list.push(docno, meta);
      };
      for (const m of memories) {
        for (const [term, tf] of m.analyzed.terms) push(term, m.docno, packPosting(tf, m.analyzed.length, m.analyzed.flags));
        if (m.sessionStart) push(SESSION_TERM, m.docno, packPosting(1, 0, 0));
      }
      const before = versionAtRead.get(scope);
      // The reads kept for this scope describe what is being written to only if taken at that state.
      const kept = before === undefined ? undefined : readsAt(scope.scope_no, before);
      const tails = new Map<string, number>();
      for (const [term, pairs] of byTerm) tails.set(term, appendPostings(scope.scope_no, term, pairs, scopeIsNew, kept));
      stmts.saveScope.run(scope.docs, scope.total_length, scope.next_docno, scope.last_at, scope.scope_no);
      const after = versionOf(scope);
      if (before !== undefined) appended.push({ scopeNo: scope.scope_no, before, after, byTerm, tails });
      versionAtRead.set(scope, after);
    },

    /** Removes one memory's postings; its docno is never reused. */
    remove(scope: ScopeRow, docno: number, text: string): void {
      const analyzed = analyzeMemory(text);
      if (indexedByCurrentAnalyzer(scope.scope_no)) {
        for (const term of analyzed.terms.keys()) removePosting(scope.scope_no, term, docno);
        removePosting(scope.scope_no, SESSION_TERM, docno);
        scope.docs -= 1;
        scope.total_length -= analyzed.length;
      } else {
        removeIndexedByOlderAnalysis(scope, docno);
      }
      stmts.saveScope.run(scope.docs, scope.total_length, scope.next_docno, scope.last_at, scope.scope_no);
      // A memory the rebuild of its scope already took leaves the rebuilt postings too.
      const state = readRebuild();
      const shadow = state?.shadow;
      if (state && shadow?.scope_no === scope.scope_no && docno < shadow.from) {
        for (const term of analyzed.terms.keys()) removePosting(-shadow.scope_no, term, docno);
        removePosting(-shadow.scope_no, SESSION_TERM, docno);
        state.shadow = { ...shadow, docs: shadow.docs - 1, total_length: shadow.total_length - analyzed.length };
        stmts.setMeta.run(REBUILD_KEY, JSON.stringify(state));
      }
    },

    dropScope(scope: ScopeRow): void {
      stmts.dropScopePostings.run(scope.scope_no);
      stmts.saveScope.run(0, 0, scope.next_docno, scope.last_at, scope.scope_no);
      const state = readRebuild();
      if (state?.shadow?.scope_no === scope.scope_no) {
        stmts.dropScopePostings.run(-scope.scope_no);
        state.shadow = { ...state.shadow, docs: 0, total_length: 0 };
        stmts.setMeta.run(REBUILD_KEY, JSON.stringify(state));
      }
    },

    /** What ranking reads; `analyzed` comes from the caller, who owns the memories table. */
    reader(scope: ScopeRow, analyzed: (docnos: number[]) => AnalyzedMemory[]): ScopeIndex {
      const known = readsOf(scope);
      const read = (term: string): { list: Uint32Array; tailFirst?: number } => {
        const chunks = stmts.chunks.all(scope.scope_no, term);
        if (chunks.length === 0) return { list: new Uint32Array(0) };
        const tailFirst = chunks[chunks.length - 1]!.first_docno;
        if (chunks.length === 1) return { list: toU32(chunks[0]!.postings), tailFirst };
        let size = 0;
        for (const c of chunks) size += c.postings.byteLength >>> 2;
        const out = new Uint32Array(size);
        let at = 0;
        for (const c of chunks) {
          const u = toU32(c.postings);
          out.set(u, at);
          at += u.length;
        }
        return { list: out, tailFirst };
      };
      // A list too long to keep across searches is still kept for this reader (one search): the
      // ranking and the blend's context (candidate-context.ts) both read the session starts.
      const tooLongToKeep = new Map<string, Uint32Array>();
      return {
        docs: scope.docs,
        totalLength: scope.total_length,
        docnoLimit: scope.next_docno,
        postings(term) {
          let list = known.postings.get(term) ?? tooLongToKeep.get(term);
          if (!list) {
            const found = read(term);
            list = found.list;
            if (list.length <= CACHED_POSTINGS * 2) {
              known.postings.set(term, list);
              if (found.tailFirst !== undefined) known.tails.set(term, found.tailFirst);
            } else {
              tooLongToKeep.set(term, list);
            }
          }
          return list;
        },
        documentFrequency(term) {
          let df = known.frequencies.get(term);
          if (df === undefined) known.frequencies.set(term, (df = stmts.df.get(scope.scope_no, term) ?? 0));
          return df;
        },
        analyzed,
      };
    },

    analyzerIsCurrent(): boolean {
      return stmts.meta.get('analyzer_version') === String(ANALYZER_VERSION);
    },

    /**
     * Re-indexes up to `budget` memories by the current analyzer, continuing where the last step
     * (in this process or one before a restart) stopped; call it inside a write transaction. A
     * scope is rebuilt beside its live postings (under the negated scope_no) and swapped in once
     * complete, so each memory stays searchable by the older analysis until the newer one replaces
     * it (a scope that fits one step is simply replaced within it). `rowsOf` reads a scope's
     * memories from a docno on, in docno order.
     */
    rebuildStep(budget: number, rowsOf: (scopeNo: number, fromDocno: number, limit: number) => StoredMemory[]): { indexed: number; done: boolean } {
      let state = readRebuild() ?? { version: ANALYZER_VERSION, after: 0 };
      if (state.version !== ANALYZER_VERSION) {
        // Another analyzer's rebuild stopped midway: what it built is of no use to this one.
        if (state.shadow) stmts.dropScopePostings.run(-state.shadow.scope_no);
        state = { version: ANALYZER_VERSION, after: 0 };
      }
      let indexed = 0;
      while (indexed < budget) {
        const want = budget - indexed;
        if (!state.shadow) {
          const next = stmts.nextScope.get(state.after);
          if (!next) {
            stmts.setMeta.run('analyzer_version', String(ANALYZER_VERSION));
            stmts.deleteMeta.run(REBUILD_KEY);
            return { indexed, done: true };
          }
          // A scope that would fit a step of its own but not what is left of this one waits for the
          // next step, where it is rebuilt in place (below) rather than beside its live postings.
          if (indexed > 0 && next.docs >= want && next.docs < budget) break;
          const rows = rowsOf(next.scope_no, 0, want);
          if (rows.length < want) {
            // The whole scope in this transaction: its postings are replaced in place, nothing to move.
            stmts.dropScopePostings.run(next.scope_no);
            const row: ScopeRow = { scope_no: next.scope_no, scope: next.scope, docs: 0, total_length: 0, next_docno: next.next_docno, last_at: null, generation: next.generation };
            if (rows.length) this.write(row, rows.map((r) => this.reserve(row, analyzeMemory(r.text), r.created_at, r.docno)), true);
            else stmts.saveCounts.run(0, 0, next.scope_no);
            stmts.nextGeneration.run(next.scope_no);
            reads.delete(next.scope_no);
            indexed += rows.length;
            state = { version: ANALYZER_VERSION, after: next.scope_no };
            continue;
          }
          stmts.dropScopePostings.run(-next.scope_no);
          state.shadow = { scope_no: next.scope_no, docs: 0, total_length: 0, next_docno: 0, last_at: null, from: 0 };
        }
        const shadow = state.shadow;
        const row: ScopeRow = { ...shadow, scope_no: -shadow.scope_no, scope: '', generation: 0 };
        const rows = rowsOf(shadow.scope_no, shadow.from, want);
        if (rows.length) {
          this.write(row, rows.map((r) => this.reserve(row, analyzeMemory(r.text), r.created_at, r.docno)), shadow.from === 0);
          state.shadow = { scope_no: shadow.scope_no, docs: row.docs, total_length: row.total_length, next_docno: row.next_docno, last_at: row.last_at, from: rows[rows.length - 1]!.docno + 1 };
          indexed += rows.length;
        }
        if (rows.length < want) {
          // Complete: the scope's postings become the rebuilt ones in this same transaction.
          stmts.dropScopePostings.run(shadow.scope_no);
          stmts.moveScopePostings.run(shadow.scope_no, -shadow.scope_no);
          stmts.saveCounts.run(state.shadow.docs, state.shadow.total_length, shadow.scope_no);
          stmts.nextGeneration.run(shadow.scope_no);
          reads.delete(shadow.scope_no);
          state = { version: ANALYZER_VERSION, after: shadow.scope_no };
        }
      }
      stmts.setMeta.run(REBUILD_KEY, JSON.stringify(state));
      return { indexed, done: false };
    },
  };
}
