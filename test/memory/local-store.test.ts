// The embedded store beyond the shared contract (local-contract.test.ts): ranking through the
// SQLite index, dedupe and history, growth and the large-scope path (postings spread over several
// chunks, deletes inside them), reopening, re-indexing and the move from the v1 schema.
import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/core/ports.js';
import { createLocalMemoryStore, type LocalMemoryStore } from '../../src/memory/local.js';
import { POLICY_FACTS_QUERY } from '../../src/core/recall.js';
import { ANALYZER_VERSION } from '../../src/memory/ranking.js';
import { capturedLogger } from '../support/captured-logger.js';

const ben: Scope = { kind: 'customer', id: 'cust_ben' };
const ana: Scope = { kind: 'customer', id: 'cust_ana' };
const bigAccount: Scope = { kind: 'account', id: 'acct_big' };

let dir: string;
let now: number;
let store: LocalMemoryStore;
const clock = { now: () => new Date(now) };
const open = () => createLocalMemoryStore({ dataDir: dir, namespace: 'test', clock });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'memdesk-local-'));
  now = Date.parse('2026-05-01T09:00:00Z');
  store = await open();
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ranking through the index', () => {
  it('ranks prior billing issues above unrelated facts', async () => {
    for (const text of [
      'Ben likes replies in bullet points',
      'On 2026-04-12 Ben reported a billing issue: charged twice for the Pro subscription. Refunded.',
      'Ben works from the Hamburg office',
      'On 2026-05-20 Ben reported another billing issue: an invoice charged the wrong amount.',
      'Ben uses single sign-on through Okta',
    ]) {
      now += 3_600_000;
      await store.add(ben, text, { infer: false });
    }
    const found = await store.search(ben, 'I was charged twice this month, can I get my money back?', { limit: 5 });
    expect(found.slice(0, 2).every((m) => m.memory.includes('billing issue'))).toBe(true);
    expect(found[0]!.score).toBeGreaterThan(0);
    expect(found[0]!.score).toBeLessThan(1);
  });

  it('keeps scopes apart, including a customer and an account with one id', async () => {
    await store.add(ben, 'Ben was promised a refund for the March invoice', { infer: false });
    await store.add(ana, 'Ana was promised a refund for the March invoice', { infer: false });
    await store.add({ kind: 'account', id: 'cust_ben' }, 'The account was promised a refund for the March invoice', { infer: false });
    const found = await store.search(ben, 'refund March invoice');
    expect(found.map((m) => m.memory)).toEqual(['Ben was promised a refund for the March invoice']);
  });

  it('sees an add or a delete in the very next search of words it just searched', async () => {
    await store.add(ben, 'Ben was charged twice for the March invoice', { infer: false });
    expect(await store.search(ben, 'Hamburg office')).toEqual([]);

    // A second store on the same data dir writes, as a CLI beside the running bot would.
    // A day apart, so no memory is the other's session context.
    now += 86_400_000;
    const other = await open();
    const [added] = await other.add(ben, 'Ben moved to the Hamburg office', { infer: false });
    await other.close();
    expect((await store.search(ben, 'Hamburg office', { limit: 1 })).map((m) => m.memory)).toEqual(['Ben moved to the Hamburg office']);

    await store.delete(added!.id);
    expect(await store.search(ben, 'Hamburg office')).toEqual([]);
    now += 86_400_000;
    await store.add(ben, 'Ben works from the Hamburg office again', { infer: false });
    expect((await store.search(ben, 'Hamburg office', { limit: 1 })).map((m) => m.memory)).toEqual(['Ben works from the Hamburg office again']);
  });

  it('ranks after its own adds exactly as a store opened afresh on the same data dir', async () => {
    // Searches keep what they read across this process's own writes (search-index.ts): every
    // answer, score included, must be what a store reading everything from disk gives.
    const queries = ['charged twice invoice', 'Hamburg office', 'Ben: which plan?', 'when did the billing issue happen', 'credit promised'];
    const texts = [
      'Ben: I was charged twice for the March invoice.',
      'Support promised a manual credit of $49.',
      'Ben moved to the Hamburg office',
      'On 2026-04-12 Ben reported a billing issue: charged twice.',
      'Ben asked which plan includes audit logs?',
      'Told him: it comes with the Scale package.',
      'Ben: the invoice INV-2026-0042 shows the wrong amount.',
    ];
    for (const [i, text] of texts.entries()) {
      for (const q of queries) await store.search(ben, q);
      if (i % 3 === 2) await store.bulkAdd([{ scope: ben, text }, { scope: ana, text }]);
      else await store.add(ben, text, { infer: false });
      now += i % 2 ? 60_000 : 86_400_000;
      const fresh = await open();
      for (const q of queries) expect(await store.search(ben, q), `${q} after ${i + 1} adds`).toEqual(await fresh.search(ben, q));
      await fresh.close();
    }
  });

  it('gives ties to the newer memory', async () => {
    await store.add(ben, 'Contract renewal date moved to March', { infer: false });
    now += 86_400_000;
    await store.add(ben, 'Contract renewal date moved to April', { infer: false });
    const found = await store.search(ben, 'contract renewal date');
    expect(found.map((m) => m.memory)).toEqual(['Contract renewal date moved to April', 'Contract renewal date moved to March']);
    expect(found[0]!.score).toBe(found[1]!.score);
  });

  it('shares score only within a writing session', async () => {
    await store.add(ben, 'Ben asked which plan includes audit logs?', { infer: false });
    await store.add(ben, 'Told him: it comes with the Scale package.', { infer: false });
    now += 2 * 86_400_000;
    await store.add(ben, 'Notification settings changed to a daily digest.', { infer: false });
    const found = await store.search(ben, 'audit logs plan');
    // The answer is found with the question before it; the later, unrelated memory is not.
    expect(found.map((m) => m.memory).sort()).toEqual(['Ben asked which plan includes audit logs?', 'Told him: it comes with the Scale package.']);
  });
});

describe('dedupe and history', () => {
  it('stores an exact duplicate once, whatever its case and spacing, in add and bulkAdd', async () => {
    const [first] = await store.add(ben, 'Ben is on the Pro plan', { infer: false });
    const [again] = await store.add(ben, '  ben is on   the PRO plan ', { infer: false });
    expect(again!.id).toBe(first!.id);
    const bulk = await store.bulkAdd([
      { scope: ben, text: 'Ben is on the Pro plan' },
      { scope: ben, text: 'Ben moved to Berlin' },
      { scope: ben, text: 'Ben moved to Berlin' },
      { scope: ana, text: 'Ben moved to Berlin' },
      { scope: ana, text: '   ' },
    ]);
    expect(bulk).toEqual({ written: 2, duplicates: 2, empty: 1 });
    expect((await store.list(ben)).map((m) => m.memory)).toEqual(['Ben is on the Pro plan', 'Ben moved to Berlin']);
    expect(await store.history(first!.id)).toHaveLength(1);
  });

  it('keeps the change history of each memory through delete and erase', async () => {
    const [a] = await store.add(ben, 'Ben uses the mobile app', { infer: false });
    const [b] = await store.add(ben, 'Ben asked about SSO', { infer: false });
    await store.delete(a!.id);
    expect((await store.history(a!.id)).map((h) => [h.event, h.old_memory, h.new_memory])).toEqual([
      ['ADD', null, 'Ben uses the mobile app'],
      ['DELETE', 'Ben uses the mobile app', null],
    ]);
    expect(await store.deleteScope(ben)).toBe(1);
    expect((await store.history(b!.id)).map((h) => h.event)).toEqual(['ADD', 'DELETE']);
    expect(await store.search(ben, 'SSO mobile app')).toEqual([]);
  });

  it('redacts secrets in bulkAdd as add does, and keeps metadata and times', async () => {
    await store.bulkAdd([
      { scope: ben, text: 'Ben said password: hunter2 on the call', metadata: { source: 'import' }, created_at: '2025-01-02T03:04:05.000Z' },
    ]);
    const [m] = await store.list(ben);
    expect(m!.memory).toContain('[REDACTED:password]');
    expect(m!.metadata).toMatchObject({ source: 'import', infer: false });
    expect(m!.created_at).toBe('2025-01-02T03:04:05.000Z');
  });
});

describe('a large scope', () => {
  const topics = ['invoice', 'login', 'export', 'webhook', 'dashboard', 'mobile'];
  const rows = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => ({
      scope: bigAccount,
      text: `Ticket ${from + i}: customer reported a ${topics[(from + i) % topics.length]} problem, case ${from + i}`,
      created_at: new Date(Date.parse('2025-01-01T00:00:00Z') + (from + i) * 3_600_000).toISOString(),
    }));

  it('keeps a searched term right as its newest chunk fills and a new one starts, add by add', async () => {
    // 1000 in bulk, then adds one at a time across the 1024-posting chunk boundary, each after a
    // search that keeps "customer"'s postings in memory (add() then takes the newest chunk from there).
    await store.bulkAdd(rows(1000));
    for (const row of rows(40, 1000)) {
      await store.search(bigAccount, 'customer problem', { limit: 3 });
      await store.add(bigAccount, row.text, { infer: false });
    }
    const fresh = await open();
    for (const q of ['customer problem', 'webhook customer', 'case 1030 customer']) {
      expect(await store.search(bigAccount, q, { limit: 50 })).toEqual(await fresh.search(bigAccount, q, { limit: 50 }));
    }
    await fresh.close();
    const db = new Database(join(dir, 'memory.db'), { readonly: true });
    const chunks = db.prepare("SELECT first_docno, n, length(postings) AS bytes FROM memory_postings WHERE term = 'custom' ORDER BY first_docno").all();
    db.close();
    expect(chunks).toEqual([
      { first_docno: 0, n: 1024, bytes: 1024 * 8 },
      { first_docno: 1024, n: 16, bytes: 16 * 8 },
    ]);
  });

  it('searches thousands of memories through chunked postings, exactly', async () => {
    // "customer" and "problem" occur in all 3000: their postings span several chunks.
    await store.bulkAdd(rows(3000));
    await store.add(bigAccount, 'Globex asked for a refund of the duplicate Stripe charge on INV-2026-0042', { infer: false });
    expect((await store.list(bigAccount)).length).toBe(3001);

    const [top] = await store.search(bigAccount, 'refund for INV-2026-0042 please', { limit: 8 });
    expect(top!.memory).toContain('INV-2026-0042');

    const cases = await store.search(bigAccount, 'case 1234 problem', { limit: 3 });
    expect(cases[0]!.memory).toBe('Ticket 1234: customer reported a dashboard problem, case 1234');

    // A delete inside a middle chunk, then more writes after it.
    await store.delete(cases[0]!.id);
    expect((await store.search(bigAccount, 'case 1234 problem', { limit: 3 })).map((m) => m.id)).not.toContain(cases[0]!.id);
    await store.bulkAdd(rows(1500, 3000));
    const late = await store.search(bigAccount, 'case 4321', { limit: 1 });
    expect(late[0]!.memory).toBe('Ticket 4321: customer reported a login problem, case 4321');
    const common = await store.search(bigAccount, 'customer problem', { limit: 8 });
    expect(common).toHaveLength(8);
    // All score alike; ties go to the newest.
    expect(common[0]!.memory).toContain('Ticket 4499');
  });

  it('grows only by what is new: re-importing the same memories writes nothing', async () => {
    await store.bulkAdd(rows(2000));
    expect(await store.bulkAdd(rows(2000))).toEqual({ written: 0, duplicates: 2000, empty: 0 });
    expect((await store.list(bigAccount)).length).toBe(2000);
  });
});

describe('the database', () => {
  it('survives a reopen and rebuilds its index when the analyzer changed', async () => {
    await store.add(ben, 'Ben was double charged in March', { infer: false });
    await store.close();
    const db = new Database(join(dir, 'memory.db'));
    db.prepare("UPDATE memory_meta SET value = '0' WHERE key = 'analyzer_version'").run();
    db.prepare('DELETE FROM memory_postings').run();
    db.close();
    store = await open();
    expect((await store.search(ben, 'charged twice'))[0]?.memory).toBe('Ben was double charged in March');
    expect(readdirSync(dir).every((f) => f.startsWith('memory.db'))).toBe(true);
  });

  it('rebuilds an index from before CSMs in other languages were marked, and then finds one for the policy facts', async () => {
    const globex: Scope = { kind: 'account', id: 'acct_globex' };
    await store.add(globex, 'Globex Corporation is on the Enterprise plan.', { infer: false });
    now += 24 * 3600_000;
    await store.add(globex, 'Ihre Kundenbetreuerin ist Dana Lee.', { infer: false });
    const policyFacts = async () => (await store.search(globex, POLICY_FACTS_QUERY, { limit: 8 })).map((m) => m.memory);
    await store.close();
    // The index as analyzer version 1 wrote it: no CSM term for a memory without an English CSM word.
    const db = new Database(join(dir, 'memory.db'));
    db.prepare("DELETE FROM memory_postings WHERE term = '#csm'").run();
    db.close();
    store = await open();
    expect(await policyFacts()).toEqual(['Globex Corporation is on the Enterprise plan.']);
    await store.close();

    const old = new Database(join(dir, 'memory.db'));
    old.prepare("UPDATE memory_meta SET value = '1' WHERE key = 'analyzer_version'").run();
    old.close();
    store = await open();
    expect(await policyFacts()).toContain('Ihre Kundenbetreuerin ist Dana Lee.');
  });

  it('answers at once when a big store was indexed by an older analyzer: re-indexes it in the background, searchable throughout, and a restart continues', async () => {
    const acme: Scope = { kind: 'account', id: 'acct_acme' };
    const globex: Scope = { kind: 'account', id: 'acct_globex' };
    await store.bulkAdd(Array.from({ length: 2500 }, (_, n) => ({ scope: acme, text: `Acme ticket ${n} was about the invoice export` })));
    await store.add(globex, 'Globex Corporation is on the Enterprise plan.', { infer: false });
    now += 24 * 3600_000;
    await store.add(globex, 'Ihre Kundenbetreuerin ist Dana Lee.', { infer: false });
    await store.close();
    // The index as analyzer version 1 wrote it: no CSM term for a memory without an English CSM word.
    const old = new Database(join(dir, 'memory.db'));
    old.prepare("DELETE FROM memory_postings WHERE term = '#csm'").run();
    old.prepare("UPDATE memory_meta SET value = '1' WHERE key = 'analyzer_version'").run();
    old.close();
    const policyFacts = async (s: LocalMemoryStore) => (await s.search(globex, POLICY_FACTS_QUERY, { limit: 8 })).map((m) => m.memory);
    const reopen = (batch: number) => {
      const { logger, lines } = capturedLogger('info');
      return createLocalMemoryStore({ dataDir: dir, namespace: 'test', clock, logger, reindexBatch: batch }).then((s) => ({ store: s, lines }));
    };

    // Opened with one batch done (1,000 memories), the rest still to do: it answers meanwhile.
    const first = await reopen(1000);
    store = first.store;
    expect(store.indexState()).toBe('reindexing');
    expect(await store.search(acme, 'invoice export ticket 2400', { limit: 1 })).toMatchObject([{ memory: 'Acme ticket 2400 was about the invoice export' }]);
    expect(await store.search(acme, 'invoice export ticket 7', { limit: 1 })).toMatchObject([{ memory: 'Acme ticket 7 was about the invoice export' }]);
    // Not yet re-indexed: found by the older analysis only.
    expect(await policyFacts(store)).toEqual(['Globex Corporation is on the Enterprise plan.']);
    // A memory the rebuild already took, deleted before the rebuild is swapped in.
    const gone = (await store.search(acme, 'invoice export ticket 5', { limit: 1 }))[0]!;
    expect(gone.memory).toBe('Acme ticket 5 was about the invoice export');
    await store.delete(gone.id);
    await store.close();
    expect(first.lines.map((l) => l.msg)).toContain('memory re-index paused by close; the next start continues it');

    // The restart takes up the 1,502 memories left (of 2,502), not the 1,000 done before it.
    const second = await reopen(500);
    store = second.store;
    expect(store.indexState()).toBe('reindexing');
    await store.reindexed();
    expect(store.indexState()).toBe('current');
    expect(second.lines.find((l) => l.msg === 'memory re-index done')).toMatchObject({ indexed: 1502 });
    expect(await policyFacts(store)).toContain('Ihre Kundenbetreuerin ist Dana Lee.');
    expect(await store.search(acme, 'invoice export ticket 5', { limit: 3 })).not.toContainEqual(expect.objectContaining({ id: gone.id }));
    const answers = async (s: LocalMemoryStore) => Promise.all(['invoice export ticket 2499', 'ticket 1000', 'export'].map((q) => s.search(acme, q, { limit: 5 })));
    const rebuiltInBatches = await answers(store);
    await store.close();

    // Exactly what one rebuild of the whole store at once ranks, and nothing left of the batches.
    const db = new Database(join(dir, 'memory.db'));
    expect(db.prepare('SELECT count(*) FROM memory_postings WHERE scope_no < 0').pluck().get()).toBe(0);
    expect(db.prepare("SELECT docs FROM memory_scopes WHERE scope LIKE '%acct_acme'").pluck().get()).toBe(2499);
    db.prepare("UPDATE memory_meta SET value = '1' WHERE key = 'analyzer_version'").run();
    db.close();
    store = (await reopen(10_000)).store;
    expect(store.indexState()).toBe('current');
    expect(await answers(store)).toEqual(rebuiltInBatches);
  });

  it('keeps re-indexing through a database another process holds busy, and says so until it is done', async () => {
    const acme: Scope = { kind: 'account', id: 'acct_acme' };
    await store.bulkAdd(Array.from({ length: 2500 }, (_, n) => ({ scope: acme, text: `Acme ticket ${n} was about the invoice export` })));
    await store.close();
    const other = new Database(join(dir, 'memory.db'));
    other.prepare("UPDATE memory_meta SET value = '1' WHERE key = 'analyzer_version'").run();
    const { logger, lines } = capturedLogger('info');
    store = await createLocalMemoryStore({ dataDir: dir, namespace: 'test', clock, logger, reindexBatch: 1000 });
    // Another process writes for longer than the store waits for it at a time: the next batch cannot commit.
    other.exec('BEGIN IMMEDIATE');
    while (!lines.some((l) => l.msg === 'memory re-index step failed; trying again')) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(store.indexState()).toBe('reindexing');
    expect(await store.search(acme, 'invoice export ticket 2400', { limit: 1 })).toMatchObject([{ memory: 'Acme ticket 2400 was about the invoice export' }]);
    other.exec('COMMIT');
    await store.reindexed();
    expect(store.indexState()).toBe('current');
    expect(lines.find((l) => l.msg === 'memory re-index done')).toMatchObject({ indexed: 2500 });
    expect(other.prepare("SELECT value FROM memory_meta WHERE key = 'analyzer_version'").pluck().get()).toBe(String(ANALYZER_VERSION));
    other.close();
  }, 20_000);

  /** A fresh data dir holding a v1 database (text scope column, no index); `fill` writes its memories. */
  const v1DataDir = async (fill: (insert: Database.Statement) => void): Promise<Database.Database> => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(join(tmpdir(), 'memdesk-local-v1-'));
    const db = new Database(join(dir, 'memory.db'));
    db.exec(`
      CREATE TABLE memories (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, scope TEXT NOT NULL, scope_kind TEXT NOT NULL,
        scope_id TEXT NOT NULL, text TEXT NOT NULL, hash TEXT NOT NULL, metadata TEXT NOT NULL, infer INTEGER NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE UNIQUE INDEX memories_scope_hash ON memories(scope, hash);
      CREATE INDEX memories_scope_seq ON memories(scope, seq);
      CREATE TABLE memory_history (seq INTEGER PRIMARY KEY, memory_id TEXT NOT NULL, event TEXT NOT NULL, old_memory TEXT,
        new_memory TEXT, at TEXT NOT NULL);
    `);
    fill(db.prepare('INSERT INTO memories (id, scope, scope_kind, scope_id, text, hash, metadata, infer, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)'));
    return db;
  };

  it('moves a v1 database (text scope column, no index) into the indexed schema', async () => {
    const db = await v1DataDir((insert) => {
      insert.run('mem_old1', 'test:customer:cust_ben', 'customer', 'cust_ben', 'Ben is on the Pro plan', 'h1', '{"infer":false}', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
      insert.run('mem_old2', 'test:customer:cust_ben', 'customer', 'cust_ben', 'Ben was charged twice in March', 'h2', '{"infer":false,"source":"seed"}', '2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z');
    });
    db.prepare("INSERT INTO memory_history (memory_id, event, old_memory, new_memory, at) VALUES ('mem_old1', 'ADD', NULL, 'Ben is on the Pro plan', '2026-01-01')").run();
    db.close();

    store = await open();
    expect((await store.list(ben)).map((m) => [m.id, m.memory])).toEqual([
      ['mem_old1', 'Ben is on the Pro plan'],
      ['mem_old2', 'Ben was charged twice in March'],
    ]);
    const [found] = await store.search(ben, 'double charge');
    expect(found).toMatchObject({ id: 'mem_old2', metadata: { source: 'seed' } });
    expect((await store.add(ben, 'ben is on the pro plan', { infer: false }))[0]!.id).toBe('mem_old1');
    expect(await store.history('mem_old1')).toHaveLength(1);
  });

  it('counts what a scope the re-index has not reached yet still holds after a delete there: the next memory written is found at once', async () => {
    // Moved from v1, a scope holds memories but no postings (and counts none) until the re-index reaches it.
    const db = await v1DataDir((insert) => {
      for (let n = 0; n < 30; n++) {
        const at = `2026-01-01T00:00:${String(n).padStart(2, '0')}.000Z`;
        insert.run(`mem_acme${n}`, 'test:account:acct_acme', 'account', 'acct_acme', `Acme ticket ${n} was about the invoice export`, `a${n}`, '{"infer":false}', at, at);
      }
      insert.run('mem_old1', 'test:customer:cust_ben', 'customer', 'cust_ben', 'Ben is on the Pro plan', 'h1', '{"infer":false}', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
      insert.run('mem_old2', 'test:customer:cust_ben', 'customer', 'cust_ben', 'Ben was charged twice in March', 'h2', '{"infer":false}', '2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z');
    });
    db.close();
    store = await createLocalMemoryStore({ dataDir: dir, namespace: 'test', clock, reindexBatch: 10 });
    expect(store.indexState()).toBe('reindexing');
    await store.delete('mem_old1');
    const [added] = await store.add(ben, 'Ben prefers email over phone calls', { infer: false });
    expect(store.indexState()).toBe('reindexing');
    expect((await store.search(ben, 'email')).map((m) => m.id)).toEqual([added!.id]);
    await store.reindexed();
    expect((await store.search(ben, 'email'))[0]?.id).toBe(added!.id);
    expect((await store.search(ben, 'pro plan')).map((m) => m.id)).not.toContain('mem_old1');
    expect((await store.list(ben)).map((m) => m.id)).toEqual(['mem_old2', added!.id]);
  });

  it('opens a v2 data dir from before migrations were recorded, keeping its memories and ids', async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(join(tmpdir(), 'memdesk-local-v2-'));
    // The schema the store made for itself before its steps were migrations: no migration table.
    const db = new Database(join(dir, 'memory.db'));
    db.exec(`
      CREATE TABLE memories (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, scope_no INTEGER NOT NULL, docno INTEGER NOT NULL,
        scope_kind TEXT NOT NULL, scope_id TEXT NOT NULL, text TEXT NOT NULL, hash INTEGER NOT NULL, metadata TEXT NOT NULL,
        infer INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE UNIQUE INDEX memories_scope_docno ON memories(scope_no, docno);
      CREATE INDEX memories_scope_hash ON memories(scope_no, hash);
      CREATE TABLE memory_history (seq INTEGER PRIMARY KEY, memory_id TEXT NOT NULL, event TEXT NOT NULL, old_memory TEXT,
        new_memory TEXT, at TEXT NOT NULL);
      CREATE INDEX memory_history_id ON memory_history(memory_id);
      CREATE TABLE memory_scopes (scope_no INTEGER PRIMARY KEY, scope TEXT NOT NULL UNIQUE, docs INTEGER NOT NULL DEFAULT 0,
        total_length INTEGER NOT NULL DEFAULT 0, next_docno INTEGER NOT NULL DEFAULT 0, last_at TEXT);
      CREATE TABLE memory_postings (scope_no INTEGER NOT NULL, term TEXT NOT NULL, first_docno INTEGER NOT NULL, n INTEGER NOT NULL,
        postings BLOB NOT NULL, PRIMARY KEY (scope_no, term, first_docno)) WITHOUT ROWID;
      CREATE TABLE memory_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO memory_scopes (scope_no, scope, next_docno) VALUES (1, 'test:customer:cust_ben', 1);
      INSERT INTO memories (id, scope_no, docno, scope_kind, scope_id, text, hash, metadata, infer, created_at, updated_at)
        VALUES ('mem_v2', 1, 0, 'customer', 'cust_ben', 'Ben was charged twice in March', 1, '{"infer":false}', 0,
          '2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z');
      PRAGMA user_version = 2;
    `);
    db.close();

    store = await open();
    expect((await store.list(ben)).map((m) => m.id)).toEqual(['mem_v2']);
    expect((await store.search(ben, 'double charge'))[0]?.id).toBe('mem_v2');
    const [added] = await store.add(ben, 'Ben prefers email', { infer: false });
    expect((await store.list(ben)).map((m) => m.id)).toEqual(['mem_v2', added!.id]);
    await store.close();
    // A second open finds the step recorded and runs nothing again.
    store = await open();
    expect((await store.list(ben)).map((m) => m.id)).toEqual(['mem_v2', added!.id]);
  });
});
