
import { describe, expect, it } from 'vitest';
import type { MemoryStore, Scope } from '../../src/core/ports.js';
import { systemClock } from '../../src/clock.js';
import { createPostgresMemoryStore } from '../../src/memory/postgres.js';
import { requirePostgres } from '../support/postgres.js';
import { POLICY_FACTS_QUERY } from '../../src/core/recall.js';
import { ANALYZER_VERSION } from '../../src/memory/ranking.js';
import { memoryStoreContract } from './store-contract.js';
import { capturedLogger } from '../support/captured-logger.js';
import { dropSchemaStatement } from '../../src/sql/migrate.js';

const db = await requirePostgres();

describe.skipIf(!db)('PostgreSQL memory', () => {
  // The body is collected (its tests then skipped) even without a database, so it must not touch db!.
  const { url, schema, query } = db ?? { url: '', schema: '', query: async () => ({ rows: [] }) };
  let runs = 0;
  // Every test gets its own namespace, so the contract's fixed scopes start empty in one schema.
  const open = (namespace = `contract${runs++}_${Date.now()}`) => createPostgresMemoryStore({ url, namespace, clock: systemClock(), schema });
  const ben: Scope = { kind: 'customer', id: 'cust_ben' };

  memoryStoreContract('PostgreSQL', async () => {
    const store = await open();
    return { store, cleanup: async () => store.close?.() };
  });

  const withStore = async (test: (store: MemoryStore) => Promise<void>) => {
    const store = await open();
    try {
      await test(store);
    } finally {
      await store.close?.();
    }
  };

  it('stores a memory once when instances add it at the same moment', () =>
    withStore(async () => {
      const namespace = `race_${Date.now()}`;
      const instances = await Promise.all([1, 2, 3].map(() => open(namespace)));
      try {
        const added = await Promise.all(instances.flatMap((s) => [1, 2, 3].map(() => s.add(ben, 'Ben is on the Pro plan', { infer: false }))));
        expect(new Set(added.map(([m]) => m!.id)).size).toBe(1);
        expect(await instances[0]!.list(ben)).toHaveLength(1);
        expect((await instances[0]!.history(added[0]![0]!.id)).map((c) => c.event)).toEqual(['ADD']);
      } finally {
        await Promise.all(instances.map((s) => s.close?.()));
      }
    }));

  it('adds many memories at once, hostile punctuation and all, each as its own row with its history and search terms', () =>
    withStore(async (store) => {
      // Added at once, they share statements (each column an array): quotes, backslashes, braces and
      // commas must reach their rows and search vectors as typed.
      const texts = Array.from({ length: 40 }, (_, n) => `Customer ${n} said "refund {twice}", \\ path C:\\temp\\${n}, it's urgent; invoice-${n}`);
      const scopes: Scope[] = texts.map((_, n) => ({ kind: n % 2 ? 'customer' : 'account', id: `scope_${n % 5}` }));
      const added = await Promise.all(texts.map((text, n) => store.add(scopes[n]!, text, { infer: false })));
      expect(added.map(([m]) => m!.memory)).toEqual(texts);
      expect(added.map(([m]) => m!.scope)).toEqual(scopes);
      expect(new Set(added.map(([m]) => m!.id)).size).toBe(40);
      const listed = (await Promise.all(scopes.slice(0, 10).map((scope) => store.list(scope)))).map((l) => l.length);
      expect(listed).toEqual([4, 4, 4, 4, 4, 4, 4, 4, 4, 4]);
      expect((await store.history(added[7]![0]!.id)).map((c) => [c.event, c.new_memory])).toEqual([['ADD', texts[7]]]);
      const found = await store.search(scopes[7]!, 'invoice-7 refund', { limit: 1 });
      expect(found[0]?.memory).toBe(texts[7]);
    }));

  it('lists several scopes asked at once, each with only its own memories, oldest first', () =>
    withStore(async (store) => {
      const scopes: Scope[] = [ben, { kind: 'account', id: 'cust_ben' }, { kind: 'customer', id: 'cust_empty' }, { kind: 'customer', id: 'cust_ada' }];
      for (const [n, text] of ['Ben: first', 'Ben account: only', 'Ben: second', 'Ada: one'].entries()) await store.add(scopes[[0, 1, 0, 3][n]!]!, text);
      // Asked in one go, as the door reads a sender's two scopes (and other senders' beside them).
      const listed = await Promise.all([...scopes, ben].map((scope) => store.list(scope)));
      expect(listed.map((l) => l.map((m) => m.memory))).toEqual([['Ben: first', 'Ben: second'], ['Ben account: only'], [], ['Ada: one'], ['Ben: first', 'Ben: second']]);
      expect(listed[1]![0]!.scope).toEqual({ kind: 'account', id: 'cust_ben' });
    }));

  it('keeps the history of a memory through its deletion', () =>
    withStore(async (store) => {
      const [kept] = await store.add(ben, 'Ben prefers email over phone calls');
      const [erased] = await store.add(ben, 'Ben asked for a callback on Friday');
      await store.delete(kept!.id);
      await store.deleteScope(ben);

      const keptHistory = await store.history(kept!.id);
      expect(keptHistory.map((c) => [c.event, c.old_memory, c.new_memory])).toEqual([
        ['ADD', null, 'Ben prefers email over phone calls'],
        ['DELETE', 'Ben prefers email over phone calls', null],
      ]);
      expect((await store.history(erased!.id)).map((c) => c.event)).toEqual(['ADD', 'DELETE']);
      expect(Number.isNaN(Date.parse(keptHistory[0]!.at))).toBe(false);
      expect(await store.history('mem_missing')).toEqual([]);
    }));

  it('searches through the GIN index on the search vector', async () => {
    await (await open()).close?.();
    const { rows } = await query(`SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'memories_search'`, [schema]);
    expect(rows[0]?.indexdef).toMatch(/USING gin \(search\)/);
    // With sequential scans priced out, the planner must be able to answer from the index alone.
    const plan = await query(`
      BEGIN; SET LOCAL enable_seqscan = off;
      EXPLAIN SELECT id FROM memories WHERE search @@ '''refund'' | ''#billing'''::tsquery;
      COMMIT;`);
    const explained = (plan as unknown as { rows: { 'QUERY PLAN': string }[] }[])[2]!.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(explained).toContain('memories_search');
  });

  it('finds support concepts, not just the words typed', () =>
    withStore(async (store) => {
      await store.add(ben, 'Ben disputed the invoice for March and got money back');
      await store.add(ben, 'Ben works from the Hamburg office');
      const found = await store.search(ben, 'I was charged twice');
      expect(found.map((m) => m.memory)).toEqual(['Ben disputed the invoice for March and got money back']);
      expect(await store.search(ben, 'the and of')).toEqual([]);
    }));

  it('stores hostile text without its NUL characters, which PostgreSQL cannot hold', () =>
    withStore(async (store) => {
      const [added] = await store.add(ben, 'Ben\u0000 wants a refund', { metadata: { note: 'x\u0000y' } });
      expect(added).toMatchObject({ memory: 'Ben wants a refund', metadata: { note: 'xy' } });
      expect((await store.add(ben, 'Ben wants a refund'))[0]!.id).toBe(added!.id);
    }));

  it('rebuilds search vectors written by an older analysis at start', () =>
    withStore(async (store) => {
      const [added] = await store.add(ben, 'Ben was double charged for the March invoice');
      // As if an earlier ranking.ts had analysed the row into terms today's queries never use.
      await query(`UPDATE memories SET search = '''stale'''::tsvector, analyzer_version = -1 WHERE id = $1`, [added!.id]);
      expect(await store.search(ben, 'double charged invoice')).toEqual([]);

      const restarted = await open();
      await restarted.close?.();
      expect((await store.search(ben, 'double charged invoice')).map((m) => m.id)).toEqual([added!.id]);
    }));

  it('rebuilds rows from before CSMs in other languages were marked, and then finds one for the policy facts', () =>
    withStore(async (store) => {
      const globex: Scope = { kind: 'account', id: 'acct_globex' };
      await store.add(globex, 'Globex Corporation is on the Enterprise plan.');
      const [csm] = await store.add(globex, 'Ihre Kundenbetreuerin ist Dana Lee.');
      const policyFacts = async () => (await store.search(globex, POLICY_FACTS_QUERY, { limit: 8 })).map((m) => m.memory);
      // The row as analyzer version 1 wrote it: no CSM term for a memory without an English CSM word.
      await query(`UPDATE memories SET search = ts_delete(search, '#csm'), analyzer_version = 1 WHERE id = $1`, [csm!.id]);
      expect(await policyFacts()).toEqual(['Globex Corporation is on the Enterprise plan.']);

      const restarted = await open();
      await restarted.close?.();
      expect(await policyFacts()).toContain('Ihre Kundenbetreuerin ist Dana Lee.');
    }));

  it('rebuilds a large stale store once when instances start at the same moment', () =>
    withStore(async (store) => {
      const acme: Scope = { kind: 'account', id: 'acct_acme_many' };
      await Promise.all(Array.from({ length: 2500 }, (_, n) => store.add(acme, `Acme ticket ${n} was about the invoice export`)));
      const ours = `scope LIKE '%acct_acme_many'`;
      await query(`UPDATE memories SET search = $1::tsvector, analyzer_version = 1 WHERE ${ours}`, ["'stale'"]);
      expect(await store.search(acme, 'invoice export', { limit: 3 })).toEqual([]);

      const instances = await Promise.all([1, 2, 3].map(() => open()));
      await Promise.all(instances.map((s) => s.reindexed()));
      await Promise.all(instances.map((s) => s.close?.()));
      const { rows } = await query(`SELECT analyzer_version, count(*)::int AS n FROM memories WHERE ${ours} GROUP BY 1`);
      expect(rows).toEqual([{ analyzer_version: ANALYZER_VERSION, n: 2500 }]);
      expect(await store.search(acme, 'invoice export', { limit: 3 })).toHaveLength(3);
    }));

  it('answers at once when many rows are stale: re-indexes them in the background, searchable throughout, and a restart continues', async () => {
    const namespace = `stale_${Date.now()}`;
    const store = await open(namespace);
    try {
      const acme: Scope = { kind: 'account', id: 'acct_acme_stale' };
      const globex: Scope = { kind: 'account', id: 'acct_globex_stale' };
      await Promise.all(Array.from({ length: 5500 }, (_, n) => store.add(acme, `Acme ticket ${n} was about the invoice export`)));
      await store.add(globex, 'Globex Corporation is on the Enterprise plan.');
      const [csm] = await store.add(globex, 'Ihre Kundenbetreuerin ist Dana Lee.');
      const ours = `(scope LIKE '%acct_acme_stale' OR scope LIKE '%acct_globex_stale')`;
      // The rows as analyzer version 1 wrote them: no CSM term for a memory without an English CSM word.
      await query(`UPDATE memories SET analyzer_version = 1 WHERE ${ours}`);
      await query(`UPDATE memories SET search = ts_delete(search, '#csm') WHERE id = $1`, [csm!.id]);
      const stale = async () => Number((await query(`SELECT count(*)::int AS n FROM memories WHERE ${ours} AND analyzer_version < $1`, [ANALYZER_VERSION])).rows[0]!.n);
      const policyFacts = async (s: MemoryStore) => (await s.search(globex, POLICY_FACTS_QUERY, { limit: 8 })).map((m) => m.memory);

      // Opened with one batch (1,000 rows) done, the rest in the background: it answers meanwhile,
      // and stale rows are found by their older terms.
      const first = await open(namespace);
      expect(first.indexState?.()).toBe('reindexing');
      expect(await first.search(acme, 'invoice export ticket 5400', { limit: 1 })).toMatchObject([{ memory: 'Acme ticket 5400 was about the invoice export' }]);
      await first.close?.();
      const left = await stale();
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(4502);

      // A restart takes up only the rows still stale; afterwards every row carries this analysis.
      const { logger, lines } = capturedLogger('info');
      const second = await createPostgresMemoryStore({ url, namespace, clock: systemClock(), schema, logger });
      await second.reindexed();
      expect(second.indexState?.()).toBe('current');
      await second.close?.();
      expect(lines.find((l) => l.msg === 'memory re-index done')).toMatchObject({ indexed: left });
      expect(await stale()).toBe(0);
      expect(await policyFacts(store)).toContain('Ihre Kundenbetreuerin ist Dana Lee.');
    } finally {
      await store.close?.();
    }
  });

  it('leaves rows a newer release analysed as they are when an older one starts', () =>
    withStore(async (store) => {
      const [added] = await store.add(ben, 'Ben moved to the Hamburg office');
      // As a newer memdesk, mid rolling deploy, would have written it: terms and version this code does not know.
      await query(`UPDATE memories SET search = $2::tsvector, analyzer_version = $3 WHERE id = $1`, [added!.id, "'future':1", ANALYZER_VERSION + 1]);

      const restarted = await open();
      await restarted.close?.();
      const { rows } = await query('SELECT search::text AS search, analyzer_version FROM memories WHERE id = $1', [added!.id]);
      expect(rows).toEqual([{ search: "'future':1", analyzer_version: ANALYZER_VERSION + 1 }]);
    }));

  it('starts without reading the memories when none needs re-indexing', async () => {
    // Its connections are named, so the test can tell when they are gone (a backend hands its table
    // statistics to the server as it exits, before it leaves pg_stat_activity).
    const application = `memdesk_restart_${schema}`;
    // A schema of its own: the file's shared table is also read by this file's other connections, whose
    // statistics reach the server whenever they next report (seconds later), which would count here.
    const restartSchema = `${schema}_restart`;
    const openNamed = () =>
      createPostgresMemoryStore({ url: `${url}?application_name=${application}`, namespace: `restart_${Date.now()}`, clock: systemClock(), schema: restartSchema });
    const closed = async (store: MemoryStore) => {
      await store.close?.();
      for (;;) {
        const { rows } = await query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [application]);
        if (rows[0]!.n === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    // What PostgreSQL itself counts of rows read from the table, by sequential scans or fetched through an index.
    const rowsRead = async () => {
      const { rows } = await query(
        `SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) AS n FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'memories'`,
        [restartSchema],
      );
      return Number(rows[0]!.n);
    };
    try {
      const store = await openNamed();
      await Promise.all(Array.from({ length: 300 }, (_, n) => store.add({ kind: 'customer', id: `cust_${n % 7}` }, `Memory ${n} of a store with nothing stale`)));
      await closed(store);
      const before = await rowsRead();

      await closed(await openNamed());
      // A few rows at most (an index probe), not the 300 and more the table holds.
      expect((await rowsRead()) - before).toBeLessThan(10);
    } finally {
      await query(dropSchemaStatement(restartSchema));
    }
  });
});
