// The durable records behind the memory write-back outbox, on either backend.
import type { Selectable } from 'kysely';
import type { Writeback, WritebackStore } from '../core/ports.js';
import type { SqlDatabase } from '../sql/database.js';
import { groupedInserts, groupedRows } from '../sql/pg-grouped-rows.js';
import { prepared } from '../sql/prepared.js';
import { fromJson, instant, toJson } from './columns.js';
import type { RecordsSchema } from './schema.js';

const fromWritebackRow = ({ scope_kind, scope_id, metadata, infer, next_attempt_at, created_at, ...rest }: Selectable<RecordsSchema['writeback_outbox']>): Writeback => ({
  ...rest,
  status: rest.status as Writeback['status'],
  scope: { kind: scope_kind as Writeback['scope']['kind'], id: scope_id },
  metadata: fromJson<Record<string, unknown>>(metadata),
  infer: infer === true || infer === 1,
  next_attempt_at: instant(next_attempt_at),
  created_at: instant(created_at),
});

export function createWritebackStore(sql: SqlDatabase<RecordsSchema>): WritebackStore {
  const { db, durable } = sql;
  // On PostgreSQL the write-backs the turns in flight complete share one UPDATE … FROM (their rows).
  const completeGrouped =
    sql.backend === 'postgres'
      ? groupedRows<{ outbox_id: string; memory_id: string | null }>(db, {
          writes: (rows) => [
            `writebacks_done AS (UPDATE writeback_outbox AS w SET status = 'done', memory_id = v.memory_id, attempts = w.attempts + 1, last_error = NULL
               FROM (${rows}) AS v(outbox_id, memory_id) WHERE w.outbox_id = v.outbox_id)`,
          ],
          columns: ['outbox_id', 'memory_id'],
          dedupeBy: 'outbox_id',
          updates: 'writeback_outbox',
        })
      : undefined;
  const rowOf = ({ scope, metadata, infer, ...rest }: Writeback) => ({ ...rest, scope_kind: scope.kind, scope_id: scope.id, metadata: toJson(metadata), infer: infer ? 1 : 0 });
  // On PostgreSQL a new write-back rides in the statement the turns in flight share (beside other
  // write-backs' completions: a write-back is completed only after its own record committed).
  const columns = ['outbox_id', 'ticket_id', 'trace_id', 'text', 'status', 'attempts', 'next_attempt_at', 'last_error', 'memory_id', 'created_at', 'scope_kind', 'scope_id', 'metadata', 'infer'] as const;
  const enqueueGrouped =
    sql.backend === 'postgres'
      ? groupedInserts<ReturnType<typeof rowOf>>(db, {
          name: 'writebacks_added',
          table: 'writeback_outbox',
          columns,
          types: { attempts: 'integer', next_attempt_at: 'timestamptz', created_at: 'timestamptz', metadata: 'jsonb', infer: 'boolean' },
          key: 'outbox_id',
        })
      : undefined;
  // On SQLite both run once per ticket turn: compiled once.
  const enqueueOne = prepared(db, sql.backend, columns, (row: ReturnType<typeof rowOf>) =>
    db
      .insertInto('writeback_outbox')
      .values(row)
      .onConflict((c) => c.column('outbox_id').doNothing())
      .returning('outbox_id'),
  );
  const completeOne = prepared(db, sql.backend, ['outbox_id', 'memory_id'], ({ outbox_id, memory_id }: { outbox_id: string; memory_id: string | null }) =>
    db
      .updateTable('writeback_outbox')
      .set((s) => ({ status: 'done', memory_id, attempts: s('attempts', '+', 1), last_error: null }))
      .where('outbox_id', '=', outbox_id),
  );
  return {
    async enqueue(w) {
      // Enqueueing the same outbox id again (a replay after a crash) keeps the first record as it is.
      // One statement either way: whether it was new comes back with it.
      if (enqueueGrouped) return enqueueGrouped(rowOf(w));
      const { rows } = await durable(enqueueOne(rowOf(w)));
      return rows.length > 0;
    },
    async get(outboxId) {
      const row = await durable(db.selectFrom('writeback_outbox').selectAll().where('outbox_id', '=', outboxId).executeTakeFirst());
      return row && fromWritebackRow(row);
    },
    async pending(due) {
      const rows = await durable(
        db
          .selectFrom('writeback_outbox')
          .selectAll()
          .where('status', '=', 'pending')
          .$if(due !== undefined, (q) => q.where('next_attempt_at', '<=', due!))
          .orderBy('created_at')
          .orderBy('outbox_id')
          .execute(),
      );
      return rows.map(fromWritebackRow);
    },
    async complete(outboxId, memoryId) {
      if (completeGrouped) return completeGrouped({ outbox_id: outboxId, memory_id: memoryId });
      await durable(completeOne({ outbox_id: outboxId, memory_id: memoryId }));
    },
    async defer(outboxId, error, nextAttemptAt) {
      await durable(
        db
          .updateTable('writeback_outbox')
          .set((s) => ({ attempts: s('attempts', '+', 1), last_error: error, next_attempt_at: nextAttemptAt }))
          .where('outbox_id', '=', outboxId)
          .execute(),
      );
    },
  };
}
