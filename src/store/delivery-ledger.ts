// The Slack front door's delivery ledger (src/slack/delivery-ledger.ts) on either backend: the
// durable inbox with its delivery keys, and effect records.
import type { Selectable } from 'kysely';
import type { DeliveryLedger, EffectRecord, InboxItem } from '../slack/delivery-ledger.js';
import type { Clock } from '../clock.js';
import type { SqlDatabase } from '../sql/database.js';
import { databaseNow, databaseNowPlus } from '../sql/database-time.js';
import { prepared } from '../sql/prepared.js';
import { fromJson, instant, instantOrNull, toJson } from './columns.js';
import type { RecordsSchema } from './schema.js';

const fromInboxRow = (r: Selectable<RecordsSchema['inbox']>): InboxItem => ({
  ...r,
  status: r.status as InboxItem['status'],
  payload: fromJson<Record<string, unknown>>(r.payload),
  lease_until: instantOrNull(r.lease_until),
  created_at: instant(r.created_at),
});

/** Thrown inside the acceptance transaction to roll back a redelivery's key claims. */
const duplicateDelivery = new Error('duplicate delivery');

export function createDeliveryLedger(sql: SqlDatabase<RecordsSchema>, clock: Clock): DeliveryLedger {
  const { db, backend, durable } = sql;
  // A Slack post or reaction reads and writes its effect record two or three times: compiled once.
  const readEffect = prepared(db, backend, ['key'], ({ key }: { key: string }) => db.selectFrom('effects').select(['key', 'status', 'result']).where('key', '=', key));
  const writeEffect = prepared(db, backend, ['key', 'status', 'result'], (row: { key: string; status: string; result: string | null }) =>
    db
      .insertInto('effects')
      .values({ ...row, at: databaseNow(backend) })
      .onConflict((c) => c.column('key').doUpdateSet((u) => ({ status: u.ref('excluded.status'), result: u.ref('excluded.result'), at: u.ref('excluded.at') }))),
  );
  const finishItem = prepared(db, backend, ['inbox_id', 'status', 'error'], ({ inbox_id, status, error }: { inbox_id: string; status: string; error: string | null }) =>
    db.updateTable('inbox').set({ status, error, lease_until: null }).where('inbox_id', '=', inbox_id),
  );
  return {
    async accept(item) {
      // A redelivery shares a key with an accepted item, so one of its key inserts does nothing and
      // the whole acceptance rolls back (no half-claimed keys). Two instances racing on one key
      // queue on that key's row; exactly one of them wins.
      const keys = [...new Set(item.keys)];
      const accepting = db.transaction().execute(async (trx) => {
        const claimed = await trx
          .insertInto('inbox_keys')
          .values(keys.map((key) => ({ key, inbox_id: item.inbox_id })))
          .onConflict((c) => c.column('key').doNothing())
          .executeTakeFirst();
        if (Number(claimed.numInsertedOrUpdatedRows ?? 0) !== keys.length) throw duplicateDelivery;
        await trx
          .insertInto('inbox')
          .values({ inbox_id: item.inbox_id, kind: item.kind, payload: toJson(item.payload), status: 'pending', attempts: 0, lease_until: null, error: null, created_at: clock.now().toISOString() })
          .execute();
      });
      try {
        await durable(accepting);
        return true;
      } catch (err) {
        if (err === duplicateDelivery) return false;
        throw err;
      }
    },
    async claim({ leaseMs, limit }) {
      // One statement takes the oldest claimable items. On PostgreSQL, SKIP LOCKED lets N instances
      // poll at once without waiting on, or double-taking, each other's items; SQLite has one writer.
      // Leases run on the database's clock (sql/database-time.ts).
      const claimable = db
        .selectFrom('inbox')
        .select('inbox_id')
        .where('status', '=', 'pending')
        .where((w) => w.or([w('lease_until', 'is', null), w('lease_until', '<', databaseNow(backend))]))
        .orderBy('created_at')
        .orderBy('inbox_id')
        .limit(limit)
        .$if(backend === 'postgres', (q) => q.forUpdate().skipLocked());
      const rows = await durable(
        db
          .updateTable('inbox')
          .set((s) => ({ lease_until: databaseNowPlus(backend, leaseMs), attempts: s('attempts', '+', 1) }))
          .where('inbox_id', 'in', claimable)
          .returningAll()
          .execute(),
      );
      return rows.map(fromInboxRow).sort((a, b) => a.created_at.localeCompare(b.created_at) || a.inbox_id.localeCompare(b.inbox_id));
    },
    async renew(inboxIds, leaseMs) {
      if (!inboxIds.length) return;
      // One statement for every turn in flight; a finished item (not pending) keeps its cleared lease.
      await durable(
        db
          .updateTable('inbox')
          .set({ lease_until: databaseNowPlus(backend, leaseMs) })
          .where('inbox_id', 'in', inboxIds)
          .where('status', '=', 'pending')
          .execute(),
      );
    },
    async finish(inboxId, status, error) {
      await durable(finishItem({ inbox_id: inboxId, status, error: error ?? null }));
    },
    async counts() {
      const counts: Record<InboxItem['status'], number> = { pending: 0, done: 0, failed: 0 };
      const rows = await durable(db.selectFrom('inbox').select((s) => ['status', s.fn.countAll().as('n')]).groupBy('status').execute());
      for (const r of rows) counts[r.status as InboxItem['status']] = Number(r.n);
      return counts;
    },
    async effect(key) {
      const [row] = (await durable(readEffect({ key }))).rows;
      return row && { key: row.key, status: row.status as EffectRecord['status'], result: row.result === null ? null : fromJson<Record<string, unknown>>(row.result) };
    },
    async recordEffect(key, status, result) {
      await durable(writeEffect({ key, status, result: result ? toJson(result) : null }));
    },
  };
}
