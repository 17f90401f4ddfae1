// Tickets, escalations, CSM notices, the write-back outbox, the inbox, effect records and the
// append-only operation log on PostgreSQL (DATABASE_URL), so several memdesk instances share one
// set of records. Same behaviour as the SQLite store; the schema is migrated at start
// (migrations/records.ts).
import type pg from 'pg';
import type { CsmNotice, EffectRecord, Escalation, InboxItem, OperationEntry, Ticket, TicketStore, Writeback } from '../agent/ports.js';
import type { Clock } from '../clock.js';
import { migrate } from './migrations/migrate.js';
import { recordsMigrations } from './migrations/records.js';
import { createPgPool, inTransaction, isoOf, isoOrNull, jsonParam, query } from './pg-pool.js';

interface TicketRow extends Omit<Ticket, 'sla_due_at' | 'created_at' | 'updated_at' | 'slack_channel' | 'slack_thread_ts'> {
  sla_due_at: Date | null;
  created_at: Date;
  updated_at: Date;
  slack_channel: string | null;
  slack_thread_ts: string | null;
}
const fromTicketRow = (r: TicketRow): Ticket => ({
  ...r,
  sla_due_at: isoOrNull(r.sla_due_at),
  created_at: isoOf(r.created_at),
  updated_at: isoOf(r.updated_at),
});

const ticketColumns = [
  'ticket_id', 'trace_id', 'customer_id', 'account_id', 'status', 'priority', 'issue_type', 'sla_due_at',
  'created_at', 'updated_at', 'message', 'state', 'slack_channel', 'slack_thread_ts',
] as const;
const ticketValues = (t: Ticket): unknown[] =>
  ticketColumns.map((c) => (c === 'state' ? jsonParam(t.state) : (t[c] ?? null)));
const placeholders = (n: number): string => Array.from({ length: n }, (_, i) => `$${i + 1}`).join(', ');

interface EscalationRow extends Omit<Escalation, 'sla_due_at' | 'created_at'> {
  sla_due_at: Date | null;
  created_at: Date;
}
interface CsmNoticeRow extends Omit<CsmNotice, 'created_at'> {
  created_at: Date;
}
interface WritebackRow extends Omit<Writeback, 'scope' | 'next_attempt_at' | 'created_at'> {
  scope_kind: 'customer' | 'account';
  scope_id: string;
  next_attempt_at: Date;
  created_at: Date;
}
const fromWritebackRow = ({ scope_kind, scope_id, next_attempt_at, created_at, ...rest }: WritebackRow): Writeback => ({
  ...rest,
  scope: { kind: scope_kind, id: scope_id },
  next_attempt_at: isoOf(next_attempt_at),
  created_at: isoOf(created_at),
});
interface InboxRow extends Omit<InboxItem, 'lease_until' | 'created_at'> {
  lease_until: Date | null;
  created_at: Date;
}
const fromInboxRow = (r: InboxRow): InboxItem => ({ ...r, lease_until: isoOrNull(r.lease_until), created_at: isoOf(r.created_at) });
interface OperationRow {
  seq: string;
  at: Date;
  trace_id: string;
  ticket_id: string | null;
  kind: string;
  detail: Record<string, unknown>;
}

const duplicateDelivery = new Error('duplicate delivery');

export interface PostgresTicketStoreOptions {
  url: string;
  clock: Clock;
  /** Defaults to the connection's search_path (usually `public`). */
  schema?: string;
}

export async function createPostgresTicketStore(opts: PostgresTicketStoreOptions): Promise<TicketStore> {
  const pool = createPgPool({ url: opts.url, ...(opts.schema ? { schema: opts.schema } : {}) });
  try {
    await migrate(pool, 'records', recordsMigrations, opts.schema);
  } catch (err) {
    await pool.end();
    throw err;
  }
  const now = () => opts.clock.now().toISOString();

  // Effect records and operation-log lines are the most frequent writes (a dozen and more per ticket
  // turn). Those made in one turn of the event loop go to PostgreSQL as one multi-row statement; each
  // caller's promise settles when that statement has committed, as it would for its own.
  const recordEffects = batchedRows(pool, 3, (rows) => {
    // One statement may not upsert a key twice: the last write of a key in the batch is the one kept.
    const last = new Map(rows.map((r) => [r[0], r]));
    return {
      sql: `INSERT INTO effects (key, status, result, at) VALUES ${valuesList(last.size, 3, ', clock_timestamp()')}
            ON CONFLICT (key) DO UPDATE SET status = excluded.status, result = excluded.result, at = excluded.at`,
      values: [...last.values()].flat(),
    };
  });
  const appendLog = batchedRows(pool, 5, (rows) => ({
    sql: `INSERT INTO operation_log (at, trace_id, ticket_id, kind, detail) VALUES ${valuesList(rows.length, 5)}`,
    values: rows.flat(),
  }));

  return {
    kind: 'postgres',
    async createTicket(t) {
      await query(pool, `INSERT INTO tickets (${ticketColumns.join(', ')}) VALUES (${placeholders(ticketColumns.length)})`, ticketValues(t));
    },
    async getTicket(id) {
      const { rows } = await query<TicketRow>(pool, 'SELECT * FROM tickets WHERE ticket_id = $1', [id]);
      return rows[0] && fromTicketRow(rows[0]);
    },
    async updateTicket(id, patch) {
      // One statement sets only the patched columns: the row lock it takes means two instances
      // updating one ticket never lose each other's change, in one round trip instead of four.
      const updatedAt = now();
      const next = { ...patch, updated_at: updatedAt } as Partial<Ticket>;
      const columns = ticketColumns.filter((c) => c !== 'ticket_id' && c in next);
      const values = columns.map((c) => (c === 'state' ? jsonParam(next.state) : (next[c] ?? null)));
      const { rows } = await query<TicketRow>(
        pool,
        `UPDATE tickets SET ${columns.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE ticket_id = $1 RETURNING *`,
        [id, ...values],
      );
      if (!rows[0]) throw new Error(`ticket ${id} not found`);
      return { ...fromTicketRow(rows[0]), ...patch, ticket_id: id, updated_at: updatedAt };
    },
    async listTickets() {
      const { rows } = await query<TicketRow>(pool, 'SELECT * FROM tickets ORDER BY created_at, ticket_id');
      return rows.map(fromTicketRow);
    },
    async ticketByThread(channel, threadTs) {
      const { rows } = await query<TicketRow>(
        pool,
        'SELECT * FROM tickets WHERE slack_channel = $1 AND slack_thread_ts = $2 ORDER BY created_at DESC LIMIT 1',
        [channel, threadTs],
      );
      return rows[0] && fromTicketRow(rows[0]);
    },
    async addEscalation(e) {
      await query(pool, 'INSERT INTO escalations VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (escalation_id) DO NOTHING', [
        e.escalation_id, e.ticket_id, e.priority, e.reason, e.summary, e.handoff_summary, e.sla_due_at, e.created_at,
      ]);
    },
    async escalationsFor(ticketId) {
      const { rows } = await query<EscalationRow>(pool, 'SELECT * FROM escalations WHERE ticket_id = $1 ORDER BY created_at, escalation_id', [ticketId]);
      return rows.map((r) => ({ ...r, sla_due_at: isoOrNull(r.sla_due_at), created_at: isoOf(r.created_at) }));
    },
    async addCsmNotice(n) {
      await query(pool, 'INSERT INTO csm_notices VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (notice_id) DO NOTHING', [
        n.notice_id, n.ticket_id, n.account_id, n.customer_id, n.csm_name, n.handoff_summary, n.risk_reason, n.created_at,
      ]);
    },
    async csmNoticesFor(ticketId) {
      const { rows } = await query<CsmNoticeRow>(pool, 'SELECT * FROM csm_notices WHERE ticket_id = $1 ORDER BY created_at, notice_id', [ticketId]);
      return rows.map((r) => ({ ...r, created_at: isoOf(r.created_at) }));
    },
    async enqueueWriteback(w) {
      // Enqueueing the same outbox id again (a replay after a crash) keeps the first record as it is.
      await query(
        pool,
        `INSERT INTO writeback_outbox VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT (outbox_id) DO NOTHING`,
        [
          w.outbox_id, w.ticket_id, w.trace_id, w.scope.kind, w.scope.id, w.text, jsonParam(w.metadata), w.infer,
          w.status, w.attempts, w.next_attempt_at, w.last_error, w.memory_id, w.created_at,
        ],
      );
    },
    async writeback(outboxId) {
      const { rows } = await query<WritebackRow>(pool, 'SELECT * FROM writeback_outbox WHERE outbox_id = $1', [outboxId]);
      return rows[0] && fromWritebackRow(rows[0]);
    },
    async pendingWritebacks(due) {
      const { rows } = due
        ? await query<WritebackRow>(
            pool,
            "SELECT * FROM writeback_outbox WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY created_at, outbox_id",
            [due],
          )
        : await query<WritebackRow>(pool, "SELECT * FROM writeback_outbox WHERE status = 'pending' ORDER BY created_at, outbox_id");
      return rows.map(fromWritebackRow);
    },
    async completeWriteback(outboxId, memoryId) {
      await query(
        pool,
        "UPDATE writeback_outbox SET status = 'done', memory_id = $2, attempts = attempts + 1, last_error = NULL WHERE outbox_id = $1",
        [outboxId, memoryId],
      );
    },
    async deferWriteback(outboxId, error, nextAttemptAt) {
      await query(pool, 'UPDATE writeback_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3 WHERE outbox_id = $1', [
        outboxId, error, nextAttemptAt,
      ]);
    },
    async acceptInbox(item) {
      // A redelivery shares a key with an accepted item, so one of its key inserts does nothing and
      // the whole acceptance rolls back (no half-claimed keys). Two instances racing on one key
      // queue on that key's row; exactly one of them wins.
      const keys = [...new Set(item.keys)];
      try {
        await inTransaction(pool, async (client) => {
          const claimed = await query(
            client,
            'INSERT INTO inbox_keys (key, inbox_id) SELECT unnest($1::text[]), $2 ON CONFLICT (key) DO NOTHING',
            [keys, item.inbox_id],
          );
          if (claimed.rowCount !== keys.length) throw duplicateDelivery;
          await query(client, "INSERT INTO inbox VALUES ($1, $2, $3, 'pending', 0, NULL, NULL, $4)", [
            item.inbox_id, item.kind, jsonParam(item.payload), now(),
          ]);
        });
        return true;
      } catch (err) {
        if (err === duplicateDelivery) return false;
        throw err;
      }
    },
    async claimInbox({ leaseMs, limit }) {
      // SKIP LOCKED lets N instances poll at once without waiting on, or double-taking, each other's
      // items. Leases run on the database's clock, the one clock every instance shares (MEMDESK_NOW
      // pins the dates tickets see, not how long a worker may hold an item).
      const { rows } = await query<InboxRow>(
        pool,
        `WITH claimable AS (
           SELECT inbox_id FROM inbox
           WHERE status = 'pending' AND (lease_until IS NULL OR lease_until < clock_timestamp())
           ORDER BY created_at, inbox_id LIMIT $2
           FOR UPDATE SKIP LOCKED
         )
         UPDATE inbox SET lease_until = clock_timestamp() + $1 * interval '1 millisecond', attempts = inbox.attempts + 1
         FROM claimable WHERE inbox.inbox_id = claimable.inbox_id
         RETURNING inbox.*`,
        [leaseMs, limit],
      );
      return rows.map(fromInboxRow).sort((a, b) => a.created_at.localeCompare(b.created_at) || a.inbox_id.localeCompare(b.inbox_id));
    },
    async finishInbox(inboxId, status, error) {
      await query(pool, 'UPDATE inbox SET status = $2, error = $3, lease_until = NULL WHERE inbox_id = $1', [inboxId, status, error ?? null]);
    },
    async inboxCounts() {
      const counts: Record<InboxItem['status'], number> = { pending: 0, done: 0, failed: 0 };
      const { rows } = await query<{ status: InboxItem['status']; n: string }>(pool, 'SELECT status, count(*) AS n FROM inbox GROUP BY status');
      for (const r of rows) counts[r.status] = Number(r.n);
      return counts;
    },
    async effect(key) {
      const { rows } = await query<EffectRecord>(pool, 'SELECT key, status, result FROM effects WHERE key = $1', [key]);
      return rows[0];
    },
    async recordEffect(key, status, result) {
      return recordEffects.add([key, status, result ? jsonParam(result) : null]);
    },
    async log(entry: OperationEntry) {
      return appendLog.add([now(), entry.trace_id, entry.ticket_id, entry.kind, jsonParam(entry.detail)]);
    },
    async operations(filter) {
      const where: string[] = [];
      const args: string[] = [];
      if (filter.traceId) (args.push(filter.traceId), where.push(`trace_id = $${args.length}`));
      if (filter.ticketId) (args.push(filter.ticketId), where.push(`ticket_id = $${args.length}`));
      const { rows } = await query<OperationRow>(
        pool,
        `SELECT * FROM operation_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq`,
        args,
      );
      return rows.map((r) => ({ ...r, seq: Number(r.seq), at: isoOf(r.at) }));
    },
    async close() {
      await Promise.all([recordEffects.settled(), appendLog.settled()]);
      await pool.end();
    },
  };
}

/** `($1, $2), ($3, $4)…` for `rows` rows of `width` parameters, each row followed by `extra`. */
function valuesList(rows: number, width: number, extra = ''): string {
  return Array.from({ length: rows }, (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')}${extra})`).join(', ');
}

/** Rows per statement: well inside PostgreSQL's 65535 parameters. */
const MAX_BATCH_ROWS = 1000;
/** Taken at load, so a test's fake timers never hold a batch back. */
const nextTurn: (run: () => void) => void = setImmediate;

interface WaitingRow {
  row: unknown[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Collects rows written in one turn of the event loop and writes them with one statement (per
 * MAX_BATCH_ROWS); `add` resolves once its row is written. Should a batch fail, its rows are
 * written one by one, so an error reaches only the caller whose row caused it.
 */
function batchedRows(pool: pg.Pool, width: number, statement: (rows: unknown[][]) => { sql: string; values: unknown[] }) {
  let waiting: WaitingRow[] | undefined;
  const inFlight = new Set<Promise<void>>();
  const flush = async (batch: WaitingRow[]): Promise<void> => {
    const { sql, values } = statement(batch.map((b) => b.row));
    try {
      await query(pool, sql, values);
      for (const b of batch) b.resolve();
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      await Promise.all(batch.map((b) => flush([b])));
    }
  };
  const send = () => {
    const batch = waiting ?? [];
    waiting = undefined;
    for (let i = 0; i < batch.length; i += MAX_BATCH_ROWS) {
      const done = flush(batch.slice(i, i + MAX_BATCH_ROWS)).finally(() => inFlight.delete(done));
      inFlight.add(done);
    }
  };
  return {
    add(row: unknown[]): Promise<void> {
      if (row.length !== width) return Promise.reject(new Error(`expected ${width} values, got ${row.length}`));
      return new Promise((resolve, reject) => {
        if (!waiting) {
          waiting = [];
          nextTurn(send);
        }
        waiting.push({ row, resolve, reject });
      });
    },
    /** Sends what is waiting now and resolves when every batch has been written. */
    async settled(): Promise<void> {
      send();
      while (inFlight.size) await Promise.all(inFlight);
    },
  };
}
