// Starting on a PostgreSQL memory written by an older analyzer: memdesk answers /healthz and finds
// memories while the re-index runs in the background, says so in /healthz (memory_index), and
// every row carries the current analysis once it is done. A row held by another transaction keeps
// the re-index from finishing for as long as the test chooses, so "before it finishes" is certain.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ANALYZER_VERSION } from '../../src/memory/ranking.js';
import { databaseUrlOn, requirePostgres } from '../support/postgres.js';
import { startSeededSlackHarness, startSlackHarness, waitFor } from './harness.js';

const db = await requirePostgres();

describe.skipIf(!db)('a start on memories an older analyzer indexed', () => {
  it('answers /healthz and searches at once, says it is re-indexing, and is current once every row is done', async () => {
    const env = { DATABASE_URL: databaseUrlOn(db!) };
    const seeded = await startSeededSlackHarness({ env });
    await seeded.close();
    await db!.query('UPDATE memories SET analyzer_version = 1');
    // Another transaction holds one of Ben's memories: the re-index skips it and comes back for it.
    const holder = new pg.Client({ connectionString: env.DATABASE_URL });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query("SELECT id FROM memories WHERE scope_id = 'cust_ben' ORDER BY seq LIMIT 1 FOR UPDATE");
    const h = await startSlackHarness({ env });
    try {
      const health = async () => (await fetch(`${h.baseUrl}/healthz`)).json();
      expect(await health()).toEqual({ ok: true, decider: 'policy', model: null, memory: 'local', memory_index: 'reindexing', store: 'postgres' });
      // Both of Ben's billing issues are found, the one still on the older analysis included.
      const found = await h.memdesk.memory.search({ kind: 'customer', id: 'cust_ben' }, 'charged twice billing issue');
      expect(found.map((m) => m.memory)).toEqual(expect.arrayContaining([expect.stringContaining('charged twice'), expect.stringContaining('wrong amount')]));
      expect((await db!.query('SELECT count(*)::int AS n FROM memories WHERE analyzer_version < $1', [ANALYZER_VERSION])).rows[0].n).toBe(1);

      await holder.query('COMMIT');
      await waitFor(async () => (await health()).memory_index === 'current', '/healthz to say the memory index is current');
      const { rows } = await db!.query('SELECT DISTINCT analyzer_version FROM memories');
      expect(rows).toEqual([{ analyzer_version: ANALYZER_VERSION }]);
    } finally {
      await holder.end();
      await h.close();
    }
  });
});
