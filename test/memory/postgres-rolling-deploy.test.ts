// Two instances on one PostgreSQL during a rolling deploy, while the memories an older analyzer
// indexed are re-indexed: one lost mid-batch, or holding every stale row when the other starts.
// Whatever the other instance was doing, the one left finishes the re-index and /healthz's
// memory_index (indexState) says current once every row carries the current analysis.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Scope } from '../../src/core/ports.js';
import { systemClock } from '../../src/clock.js';
import { createPostgresMemoryStore, type PostgresMemoryStore } from '../../src/memory/postgres.js';
import { ANALYZER_VERSION } from '../../src/memory/ranking.js';
import { scopeKey } from '../../src/memory/scope.js';
import { requirePostgres } from '../support/postgres.js';

const db = await requirePostgres();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!db)('a PostgreSQL re-index shared by two instances', () => {
  const { url, schema, query } = db ?? { url: '', schema: '', query: async () => ({ rows: [] }) };
  const acme: Scope = { kind: 'account', id: 'acct_acme' };
  const open = () => createPostgresMemoryStore({ url, schema, namespace: 'instance', clock: systemClock() });
  /** `n` memories of Acme's as an older analyzer indexed them (its vectors hold none of their words). */
  const staleMemories = async (n: number) => {
    await (await open()).close?.();
    await query('TRUNCATE memories');
    await query(
      `INSERT INTO memories (id, scope, scope_kind, scope_id, text, hash, metadata, infer, search, analyzer_version, created_at, updated_at)
       SELECT 'mem_acme_' || n, $1, 'account', 'acct_acme', 'Acme ticket ' || n || ' was about the invoice export', md5(n::text),
              '{"infer":false}', false, '''stale''', 1, now(), now()
         FROM generate_series(1, $2::int) AS n`,
      [scopeKey('instance', acme), n],
    );
  };
  const stale = async () => Number((await query('SELECT count(*)::int AS n FROM memories WHERE analyzer_version < $1', [ANALYZER_VERSION])).rows[0]!.n);
  /** Waits up to `ms` for the re-index to finish; says what /healthz would then say. */
  const stateAfter = async (store: PostgresMemoryStore, ms: number) => {
    await Promise.race([store.reindexed(), sleep(ms)]);
    return store.indexState();
  };

  it('is finished by the instance left when the other is lost in the middle of a batch', async () => {
    await staleMemories(10_000);
    // The other instance, in a process of its own: stopped (SIGSTOP) while its batch's transaction is open.
    const other = spawn(process.execPath, ['--import', 'tsx', 'test/support/postgres-memory-instance.ts', `${url}?application_name=lost_instance`, schema, '1500'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let store: PostgresMemoryStore | undefined;
    try {
      const [opened] = (await once(other.stdout!, 'data')) as [Buffer];
      expect(opened.toString().trim()).toBe('reindexing');
      const inBatch = async () =>
        (await query("SELECT 1 FROM pg_stat_activity WHERE application_name = 'lost_instance' AND state = 'idle in transaction' AND query LIKE '%analyzer_version%'")).rows.length > 0;
      for (let tries = 0; ; tries++) {
        expect(tries, 'the other instance stopped inside a re-index batch').toBeLessThan(500);
        other.kill('SIGSTOP');
        await sleep(50);
        if (await inBatch()) break;
        other.kill('SIGCONT');
        await sleep(tries % 10);
      }
      const held = await stale();
      expect(held).toBeGreaterThan(0);

      store = await open();
      expect(store.indexState()).toBe('reindexing');
      expect(await stateAfter(store, 15_000)).toBe('current');
      expect(await stale()).toBe(0);
      expect(await store.search(acme, 'invoice export ticket 9999', { limit: 1 })).toMatchObject([{ memory: 'Acme ticket 9999 was about the invoice export' }]);
    } finally {
      other.kill('SIGKILL');
      await store?.close?.();
    }
  }, 60_000);

  it('re-indexes what the other instance held when it started, once that instance lets go', async () => {
    await staleMemories(300);
    // The other instance's batch holds every stale row as this one starts.
    const holder = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await holder.connect();
    let store: PostgresMemoryStore | undefined;
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT seq FROM memories WHERE analyzer_version < $1 FOR UPDATE', [ANALYZER_VERSION]);
      store = await open();
      expect(store.indexState()).toBe('reindexing');
      // It stopped before it was done: its rows are left stale.
      await holder.query('ROLLBACK');
      expect(await stateAfter(store, 10_000)).toBe('current');
      expect(await stale()).toBe(0);
      expect(await store.search(acme, 'invoice export ticket 299', { limit: 1 })).toMatchObject([{ memory: 'Acme ticket 299 was about the invoice export' }]);
    } finally {
      await holder.end();
      await store?.close?.();
    }
  });
});
