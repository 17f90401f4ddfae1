// The Slack front door's delivery ledger (src/slack/delivery-ledger.ts) on either backend: the
// durable inbox with its delivery keys, and effect records.
import { sql as rawSql, type Selectable } from 'kysely';
import type { DeliveryLedger, EffectRecord, InboxItem } from '../slack/delivery-ledger.js';
import type { Clock } from '../clock.js';
import type { SqlDatabase } from '../sql/database.js';
import { databaseNow, databaseNowPlus } from '../sql/database-time.js';
import { withoutNul } from '../sql/drop-nul.js';
import { groupedReturning, groupedRows, insertRows } from '../sql/pg-grouped-rows.js';
import { prepared } from '../sql/prepared.js';
import { groupCommitOf } from '../sql/sqlite-group-commit.js';
import { fromJson, instant, instantOrNull, toJson } from './columns.js';
import type { RecordsSchema } from './schema.js';

const fromInboxRow = (r: Selectable<RecordsSchema['inbox']>): InboxItem => ({
  ...r,
  status: r.status as InboxItem['status'],
  payload: fromJson<Record<string, unknown>>(r.payload),
  lease_until: instantOrNull(r.lease_until),
  created_at: instant(r.created_at),
});

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Thrown inside the acceptance transaction to roll back a redelivery's key claims. */
const duplicateDelivery = new Error('duplicate delivery');

export function createDeliveryLedger(sql: SqlDatabase<RecordsSchema>, clock: Clock): DeliveryLedger {
  const { db, backend, durable } = sql;
  // A Slack post or reaction reads and writes its effect record two or three times: compiled once.
  const readEffect = prepared(db, backend, ['key'], ({ key }: { key: string }) => db.selectFrom('effects').select(['key', 'status', 'result']).where('key', '=', key));
  type EffectRow = { key: string; status: string; result: string | null };
  // On PostgreSQL the effect records of the turns in flight share multi-row upserts (sql/pg-grouped-rows.ts).
  const writeEffect: (row: EffectRow) => Promise<unknown> =
    backend === 'postgres'
      ? groupedRows<EffectRow & { at?: never }>(db, {
          writes: insertRows('effects_recorded', 'effects', ['key', 'status', 'result', 'at'], 'ON CONFLICT (key) DO UPDATE SET status = excluded.status, result = excluded.result, at = excluded.at'),
          columns: ['key', 'status', 'result', 'at'],
          types: { result: 'jsonb' },
          serverValues: { at: 'clock_timestamp()' },
          dedupeBy: 'key',
          updates: 'effects',
        })
      : prepared(db, backend, ['key', 'status', 'result'], (row: EffectRow) =>
          db
            .insertInto('effects')
            .values({ ...row, at: databaseNow(backend) })
            .onConflict((c) => c.column('key').doUpdateSet((u) => ({ status: u.ref('excluded.status'), result: u.ref('excluded.result'), at: u.ref('excluded.at') }))),
        );
  const raiseItem = prepared(db, backend, ['inbox_id', 'priority'], ({ inbox_id, priority }: { inbox_id: string; priority: number }) =>
    db.updateTable('inbox').set({ priority }).where('inbox_id', '=', inbox_id).where('status', '=', 'pending').where('priority', '<', priority),
  );
  type Finished = { inbox_id: string; status: string; error: string | null };
  // On PostgreSQL the items the turns in flight finish share one UPDATE … FROM (their rows).
  const finishItem: (row: Finished) => Promise<unknown> =
    backend === 'postgres'
      ? groupedRows<Finished>(db, {
          writes: (rows) => [
            `inbox_finished AS (UPDATE inbox SET status = v.status, error = v.error, lease_until = NULL FROM (${rows}) AS v(inbox_id, status, error) WHERE inbox.inbox_id = v.inbox_id)`,
          ],
          columns: ['inbox_id', 'status', 'error'],
          dedupeBy: 'inbox_id',
          updates: 'inbox',
        })
      : prepared(db, backend, ['inbox_id', 'status', 'error'], ({ inbox_id, status, error }: Finished) =>
          db.updateTable('inbox').set({ status, error, lease_until: null }).where('inbox_id', '=', inbox_id),
        );
  /**
   * PostgreSQL: the key claims and the inbox row in one statement, shared with the deliveries
   * accepted meanwhile and the other records the turns in flight write (sql/pg-grouped-rows.ts).
   * A delivery any of whose keys was accepted before (a redelivery) claims nothing and is not added.
   * When a key is taken within the statement (two instances racing on one key, or two deliveries of
   * one message in one statement) the row's id becomes NULL, which the primary key refuses, and the
   * refusal undoes the statement's key claims with it (a statement is atomic): no half-claimed keys.
   * The statement is then tried row by row, where the loser finds the winner's keys taken.
   */
  type Accepted = { inbox_id: string; kind: string; payload: string; keys: string; created_at: string; priority: number };
  // Probes the keys' primary key one key at a time (`t.key IN (SELECT …)` scanned the whole table).
  const keysTaken = 'EXISTS (SELECT 1 FROM jsonb_array_elements_text(v.keys) AS k JOIN inbox_keys t ON t.key = k)';
  const acceptGrouped =
    backend === 'postgres'
      ? groupedReturning<Accepted>(db, {
          writes: (rows) => [
            `accept_rows AS (${rows})`,
            `accept_keys AS (INSERT INTO inbox_keys (key, inbox_id)
               SELECT k, v.inbox_id FROM accept_rows v, jsonb_array_elements_text(v.keys) AS k WHERE NOT ${keysTaken}
               ON CONFLICT (key) DO NOTHING RETURNING inbox_id)`,
            `accepted AS (INSERT INTO inbox (inbox_id, kind, payload, status, attempts, lease_until, error, created_at, priority)
               SELECT CASE WHEN (SELECT count(*) FROM accept_keys c WHERE c.inbox_id = v.inbox_id) = jsonb_array_length(v.keys) THEN v.inbox_id END,
                      v.kind, v.payload, 'pending', 0, NULL, NULL, v.created_at, v.priority
                 FROM accept_rows v WHERE NOT ${keysTaken}
               RETURNING inbox_id)`,
          ],
          columns: ['inbox_id', 'kind', 'payload', 'keys', 'created_at', 'priority'],
          types: { payload: 'jsonb', keys: 'jsonb', created_at: 'timestamptz', priority: 'integer' },
          returning: { from: 'accepted', key: 'inbox_id' },
        })
      : undefined;
  const acceptInOneStatement = async (item: Parameters<DeliveryLedger['accept']>[0]): Promise<boolean> => {
    try {
      return await acceptGrouped!({
        inbox_id: item.inbox_id,
        kind: item.kind,
        payload: toJson(item.payload),
        // As text[] parameters were: no NUL, and a lone surrogate (which jsonb refuses) as U+FFFD.
        keys: JSON.stringify([...new Set(item.keys.map((k) => withoutNul(k).replace(LONE_SURROGATE, '\ufffd')))]),
        created_at: clock.now().toISOString(),
        priority: item.priority ?? 0,
      });
    } catch (err) {
      const e = err as { code?: string; table?: string; column?: string };
      if (e.code === '23502' && e.table === 'inbox' && e.column === 'inbox_id') return false;
      throw err;
    }
  };
  /**
   * SQLite: the key claims and the inbox row run at once, as one savepoint of the open batch, from
   * statements compiled once (building them through Kysely and its transaction cost more than
   * running them). Undefined while a Kysely transaction holds the connection.
   */
  const direct = backend === 'sqlite' ? groupCommitOf.get(db) : undefined;
  const claimKey = db.insertInto('inbox_keys').values({ key: '', inbox_id: '' }).onConflict((c) => c.column('key').doNothing()).compile().sql;
  const inboxColumns = ['inbox_id', 'kind', 'payload', 'status', 'attempts', 'lease_until', 'error', 'created_at', 'priority'] as const;
  const addInbox = db
    .insertInto('inbox')
    .values(Object.fromEntries(inboxColumns.map((c) => [c, ''])) as never)
    .compile().sql;
  const acceptAtOnce = (item: Parameters<DeliveryLedger['accept']>[0]): { value: boolean } | undefined =>
    direct?.atomically((run) => {
      const keys = [...new Set(item.keys)];
      for (const key of keys) if (Number(run(claimKey, [key, item.inbox_id]).numAffectedRows ?? 0) !== 1) throw duplicateDelivery;
      run(addInbox, [item.inbox_id, item.kind, toJson(item.payload), 'pending', 0, null, null, clock.now().toISOString(), item.priority ?? 0]);
      return true;
    });
  // One statement takes the most urgent claimable items, oldest first among equals (an urgent ticket
  // accepted behind a burst is not worked after it). On PostgreSQL, SKIP LOCKED lets N instances
  // poll at once without waiting on, or double-taking, each other's items; SQLite has one writer.
  // Leases run on the database's clock (sql/database-time.ts). The worker polls with one lease
  // length: compiled once for each.
  const claimStatement = (leaseMs: number) =>
    prepared(db, backend, ['limit'], ({ limit }: { limit: number }) => {
      const claimable = db
        .selectFrom('inbox')
        .select('inbox_id')
        // A literal, not a parameter: the plan PostgreSQL keeps for the named statement then still
        // matches the partial index inbox_pending. With a parameter, 121 of 269 claims in a 600-ticket
        // Slack-path run used a generic plan that scanned the whole inbox, done items and all.
        .where('status', '=', rawSql.lit('pending'))
        .where((w) => w.or([w('lease_until', 'is', null), w('lease_until', '<', databaseNow(backend))]))
        .orderBy('priority', 'desc')
        .orderBy('created_at')
        .orderBy('inbox_id')
        .limit(limit)
        .$if(backend === 'postgres', (q) => q.forUpdate().skipLocked());
      return db
        .updateTable('inbox')
        .set((s) => ({ lease_until: databaseNowPlus(backend, leaseMs), attempts: s('attempts', '+', 1) }))
        .where('inbox_id', 'in', claimable)
        .returningAll();
    });
  const claims = new Map<number, ReturnType<typeof claimStatement>>();
  return {
    async accept(item) {
      if (backend === 'postgres') return acceptInOneStatement(item);
      try {
        const accepted = acceptAtOnce(item);
        if (accepted) {
          // Slack waits for this ack: told of the commit before the turns that wrote in it.
          await durable(Promise.resolve(), { ahead: true });
          return accepted.value;
        }
      } catch (err) {
        if (err === duplicateDelivery) return false;
        throw err;
      }
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
          .values({ inbox_id: item.inbox_id, kind: item.kind, payload: toJson(item.payload), status: 'pending', attempts: 0, lease_until: null, error: null, created_at: clock.now().toISOString(), priority: item.priority ?? 0 })
          .execute();
      });
      try {
        await durable(accepting, { ahead: true });
        return true;
      } catch (err) {
        if (err === duplicateDelivery) return false;
        throw err;
      }
    },
    async claim({ leaseMs, limit }) {
      let claim = claims.get(leaseMs);
      if (!claim) claims.set(leaseMs, (claim = claimStatement(leaseMs)));
      const { rows } = await durable(claim({ limit }));
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
    async raisePriority(inboxId, priority) {
      // A hint for the next claim: lost with a crash, nothing is wrong, so no wait for the commit.
      await raiseItem({ inbox_id: inboxId, priority });
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
