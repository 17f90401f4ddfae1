// Every records contract on PostgreSQL, plus what only a shared database has to get right:
// migrations under concurrent starts, and several instances working one set of records.
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/agent/ports.js';
import { systemClock } from '../../src/clock.js';
import { openRecords, type Records } from '../../src/store/open-store.js';
import { requirePostgres } from '../support/postgres.js';
import { recordsContracts } from './records-contracts.js';

const db = await requirePostgres();

describe.skipIf(!db)('PostgreSQL records', () => {
  // The body is collected (its tests then skipped) even without a database, so it must not touch db!.
  const { url, schema, query } = db ?? { url: '', schema: '', query: async () => ({ rows: [] }) };
  const open = () => openRecords({ url, schema }, systemClock());

  recordsContracts('PostgreSQL', async (clock) => {
    let store: Records = await openRecords({ url, schema }, clock);
    return {
      records: store,
      async reopen() {
        await store.close();
        return (store = await openRecords({ url, schema }, clock));
      },
      async rawExec(sql) {
        await query(sql);
      },
      async cleanup() {
        await store.close();
      },
    };
  });

  it('migrates once when several instances start together, and records each version', async () => {
    const fresh = `${schema}_start`;
    const stores = await Promise.all([1, 2, 3].map(() => openRecords({ url, schema: fresh }, systemClock())));
    try {
      const { rows } = await query(`SELECT name FROM ${fresh}.records_migration ORDER BY name`);
      expect(rows.map((r) => r.name)).toEqual(['001_tickets_escalations_notices_outbox_log', '002_inbox_delivery_keys_effects']);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await query(`DROP SCHEMA ${fresh} CASCADE`);
    }
  });

  it('refuses TRUNCATE of the operation log too', async () => {
    const store = await open();
    try {
      await store.operationLog.append({ trace_id: 'trace_truncate', ticket_id: null, kind: 'ticket_created', detail: {} });
      await expect(query('TRUNCATE operation_log')).rejects.toThrow(/append-only/);
      expect(await store.operationLog.entries({ traceId: 'trace_truncate' })).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('lets instances share one inbox: each delivery accepted once and claimed by one worker', async () => {
    const instances = await Promise.all([1, 2, 3].map(open));
    try {
      const prefix = `race_${Date.now()}`;
      // Every instance receives every delivery, as Slack retries may land on any of them.
      const accepted = await Promise.all(
        instances.flatMap((s, i) =>
          Array.from({ length: 30 }, (_, n) => s.delivery.accept({ inbox_id: `${prefix}_${n}_${i}`, kind: 'message', payload: { n }, keys: [`${prefix}_ev_${n}`] })),
        ),
      );
      expect(accepted.filter(Boolean)).toHaveLength(30);

      const claims = await Promise.all(instances.map((s) => s.delivery.claim({ leaseMs: 60_000, limit: 20 })));
      const mine = claims.flat().filter((i) => i.inbox_id.startsWith(prefix));
      expect(mine).toHaveLength(30);
      expect(new Set(mine.map((i) => i.payload.n)).size).toBe(30);
      for (const i of mine) await instances[0]!.delivery.finish(i.inbox_id, 'done');
    } finally {
      await Promise.all(instances.map((s) => s.close()));
    }
  });

  it('loses no change when instances patch one ticket at once', async () => {
    const instances = await Promise.all([1, 2].map(open));
    try {
      const now = new Date().toISOString();
      const base: Ticket = {
        ticket_id: `T_concurrent_${Date.now()}`, trace_id: 'trace_c', customer_id: 'cust_ben', account_id: 'acct_northwind',
        status: 'open', priority: null, issue_type: null, sla_due_at: null, created_at: now, updated_at: now, message: 'hi',
        state: { issue_type: 'billing', asked: [], fields: {}, turns: 0, last_action: null },
      };
      await instances[0]!.tickets.create(base);
      // Each patch touches a different field; updateTicket reads, merges and writes under a row
      // lock, so none of them can overwrite another with the value it read before.
      const patches: Partial<Ticket>[] = [
        { status: 'escalated' }, { priority: 'high' }, { issue_type: 'billing' }, { sla_due_at: now },
        { slack_channel: 'C0SUPPORT' }, { slack_thread_ts: '1.2' }, { message: 'hi again' }, { customer_id: 'cust_ben2' },
      ];
      await Promise.all(patches.map((p, n) => instances[n % 2]!.tickets.update(base.ticket_id, p)));
      expect(await instances[1]!.tickets.get(base.ticket_id)).toMatchObject(Object.assign({}, ...patches));
    } finally {
      await Promise.all(instances.map((s) => s.close()));
    }
  });
});
