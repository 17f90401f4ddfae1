// Tickets, escalations, CSM notices and the append-only operation log on SQLite under
// MEMDESK_DATA_DIR: the zero-setup default. PostgreSQL takes over when DATABASE_URL is set.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CsmNotice, EffectRecord, Escalation, InboxItem, OperationEntry, Ticket, TicketStore, Writeback } from '../agent/ports.js';

interface WritebackRow extends Omit<Writeback, 'scope' | 'metadata' | 'infer'> {
  scope_kind: 'customer' | 'account';
  scope_id: string;
  metadata: string;
  infer: number;
}
const fromWritebackRow = (r: WritebackRow): Writeback => {
  const { scope_kind, scope_id, metadata, infer, ...rest } = r;
  return { ...rest, scope: { kind: scope_kind, id: scope_id }, metadata: JSON.parse(metadata) as Record<string, unknown>, infer: infer === 1 };
};
import type { Clock } from '../clock.js';

/** Taken at load, so a test's fake timers never hold a commit back. */
const deferCommit: (run: () => void) => void = setImmediate;

interface TicketRow {
  ticket_id: string;
  trace_id: string;
  customer_id: string;
  account_id: string;
  status: Ticket['status'];
  priority: Ticket['priority'];
  issue_type: Ticket['issue_type'];
  sla_due_at: string | null;
  created_at: string;
  updated_at: string;
  message: string;
  state: string;
  slack_channel: string | null;
  slack_thread_ts: string | null;
}

const ticketColumns = [
  'ticket_id', 'trace_id', 'customer_id', 'account_id', 'status', 'priority', 'issue_type', 'sla_due_at',
  'created_at', 'updated_at', 'message', 'state', 'slack_channel', 'slack_thread_ts',
] as const;

function toRow(t: Ticket): TicketRow {
  return { ...t, state: JSON.stringify(t.state), slack_channel: t.slack_channel ?? null, slack_thread_ts: t.slack_thread_ts ?? null };
}
function fromRow(r: TicketRow): Ticket {
  return { ...r, state: JSON.parse(r.state) as Ticket['state'] };
}

export function createSqliteTicketStore(opts: { dataDir: string; clock: Clock }): TicketStore {
  mkdirSync(opts.dataDir, { recursive: true });
  const db = new Database(join(opts.dataDir, 'records.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS tickets (
      ticket_id TEXT PRIMARY KEY, trace_id TEXT NOT NULL, customer_id TEXT NOT NULL, account_id TEXT NOT NULL,
      status TEXT NOT NULL, priority TEXT, issue_type TEXT, sla_due_at TEXT, created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL, message TEXT NOT NULL, state TEXT NOT NULL, slack_channel TEXT, slack_thread_ts TEXT
    );
    CREATE INDEX IF NOT EXISTS tickets_thread ON tickets(slack_channel, slack_thread_ts);
    CREATE TABLE IF NOT EXISTS escalations (
      escalation_id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL, priority TEXT NOT NULL, reason TEXT NOT NULL,
      summary TEXT NOT NULL, handoff_summary TEXT NOT NULL, sla_due_at TEXT, created_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS escalations_ticket ON escalations(ticket_id);
    CREATE TABLE IF NOT EXISTS csm_notices (
      notice_id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL, account_id TEXT NOT NULL, customer_id TEXT NOT NULL,
      csm_name TEXT, handoff_summary TEXT NOT NULL, risk_reason TEXT NOT NULL, created_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS csm_notices_ticket ON csm_notices(ticket_id);
    CREATE TABLE IF NOT EXISTS writeback_outbox (
      outbox_id TEXT PRIMARY KEY, ticket_id TEXT, trace_id TEXT NOT NULL, scope_kind TEXT NOT NULL, scope_id TEXT NOT NULL,
      text TEXT NOT NULL, metadata TEXT NOT NULL, infer INTEGER NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
      next_attempt_at TEXT NOT NULL, last_error TEXT, memory_id TEXT, created_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS writeback_outbox_pending ON writeback_outbox(status, next_attempt_at);
    CREATE TABLE IF NOT EXISTS inbox (
      inbox_id TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
      lease_until TEXT, error TEXT, created_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS inbox_pending ON inbox(status, created_at);
    CREATE TABLE IF NOT EXISTS inbox_keys (key TEXT PRIMARY KEY, inbox_id TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS effects (key TEXT PRIMARY KEY, status TEXT NOT NULL, result TEXT, at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS operation_log (
      seq INTEGER PRIMARY KEY, at TEXT NOT NULL, trace_id TEXT NOT NULL, ticket_id TEXT, kind TEXT NOT NULL, detail TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS operation_log_trace ON operation_log(trace_id);
    CREATE INDEX IF NOT EXISTS operation_log_ticket ON operation_log(ticket_id);
    -- The log is append-only: refuse edits at the database, not just in code.
    CREATE TRIGGER IF NOT EXISTS operation_log_no_update BEFORE UPDATE ON operation_log
      BEGIN SELECT RAISE(ABORT, 'operation_log is append-only'); END;
    CREATE TRIGGER IF NOT EXISTS operation_log_no_delete BEFORE DELETE ON operation_log
      BEGIN SELECT RAISE(ABORT, 'operation_log is append-only'); END;
  `);

  // Each SQL text is compiled once and its statement reused: compiling costs more than running most
  // of these statements, and a ticket turn runs some thirty of them.
  const statements = new Map<string, unknown>();
  const prepare = ((source: string) => {
    let statement = statements.get(source);
    if (!statement) statements.set(source, (statement = db.prepare(source)));
    return statement;
  }) as Database.Database['prepare'];

  // Group commit. A write runs at once, in call order, inside one transaction that gathers every
  // write this process makes in the same turn of the event loop; that transaction commits right after
  // the turn (setImmediate), and only then do the writes' promises settle. So a caller still hears of
  // a write only once it is committed (an inbox row before Slack's ack, an effect's intent before the
  // Slack call) and a crash loses only writes nobody has acted on, while the twenty-odd small writes
  // of each of many concurrent ticket turns share a few commits instead of paying one each. A read
  // made while writes wait runs in their transaction and settles with them: nothing uncommitted is
  // reported.
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  type Settle = (failed: boolean, error?: unknown) => void;
  let batch: Settle[] | undefined;
  const commitBatch = () => {
    const settles = batch;
    if (!settles) return;
    batch = undefined;
    try {
      commit.run();
    } catch (error) {
      if (db.inTransaction) rollback.run();
      for (const settle of settles) settle(true, error);
      return;
    }
    for (const settle of settles) settle(false);
  };
  function inBatch<T>(op: () => T, kind: 'read' | 'write'): Promise<T> {
    try {
      if (!batch) {
        if (kind === 'read') return Promise.resolve(op());
        begin.run();
        batch = [];
        deferCommit(commitBatch);
      }
    } catch (error) {
      return Promise.reject(error);
    }
    const settles = batch;
    let value: T;
    try {
      value = op();
    } catch (error) {
      if (!db.inTransaction) {
        // SQLite rolled the whole transaction back (I/O error, disk full): every write in it is lost.
        batch = undefined;
        for (const settle of settles) settle(true, error);
      }
      return Promise.reject(error);
    }
    return new Promise<T>((resolve, reject) => settles.push((failed, error) => (failed ? reject(error) : resolve(value))));
  }
  const write = <T>(op: () => T) => inBatch(op, 'write');
  const read = <T>(op: () => T) => inBatch(op, 'read');

  const acceptInbox = db.transaction((item: { inbox_id: string; kind: string; payload: Record<string, unknown>; keys: string[] }, at: string) => {
    const seen = prepare<[string], { inbox_id: string }>('SELECT inbox_id FROM inbox_keys WHERE key = ?');
    if (item.keys.some((k) => seen.get(k))) return false;
    const claimKey = prepare('INSERT INTO inbox_keys (key, inbox_id) VALUES (?, ?)');
    for (const k of item.keys) claimKey.run(k, item.inbox_id);
    prepare("INSERT INTO inbox VALUES (?, ?, ?, 'pending', 0, NULL, NULL, ?)").run(item.inbox_id, item.kind, JSON.stringify(item.payload), at);
    return true;
  });
  const claimInbox = db.transaction((leaseMs: number, limit: number, now: Date) => {
    const rows = prepare<[string, number], Omit<InboxItem, 'payload'> & { payload: string }>(
      "SELECT * FROM inbox WHERE status = 'pending' AND (lease_until IS NULL OR lease_until < ?) ORDER BY created_at LIMIT ?",
    ).all(now.toISOString(), limit);
    const lease = new Date(now.getTime() + leaseMs).toISOString();
    const take = prepare('UPDATE inbox SET lease_until = ?, attempts = attempts + 1 WHERE inbox_id = ?');
    return rows.map((r) => {
      take.run(lease, r.inbox_id);
      return { ...r, payload: JSON.parse(r.payload) as Record<string, unknown>, lease_until: lease, attempts: r.attempts + 1 };
    });
  });

  const insertTicket = prepare(
    `INSERT INTO tickets (${ticketColumns.join(', ')}) VALUES (${ticketColumns.map((c) => '@' + c).join(', ')})`,
  );
  const getTicket = prepare<[string], TicketRow>('SELECT * FROM tickets WHERE ticket_id = ?');

  return {
    kind: 'sqlite',
    createTicket(t) {
      return write(() => {
        insertTicket.run(toRow(t));
      });
    },
    getTicket(id) {
      return read(() => {
        const r = getTicket.get(id);
        return r && fromRow(r);
      });
    },
    updateTicket(id, patch) {
      return write(() => {
        const current = getTicket.get(id);
        if (!current) throw new Error(`ticket ${id} not found`);
        const next: Ticket = { ...fromRow(current), ...patch, ticket_id: id, updated_at: opts.clock.now().toISOString() };
        const row = toRow(next);
        prepare(
          `UPDATE tickets SET ${ticketColumns.filter((c) => c !== 'ticket_id').map((c) => `${c} = @${c}`).join(', ')} WHERE ticket_id = @ticket_id`,
        ).run(row);
        return next;
      });
    },
    listTickets() {
      return read(() => {
        return prepare<[], TicketRow>('SELECT * FROM tickets ORDER BY created_at, ticket_id').all().map(fromRow);
      });
    },
    ticketByThread(channel, threadTs) {
      return read(() => {
        const r = prepare<[string, string], TicketRow>(
          'SELECT * FROM tickets WHERE slack_channel = ? AND slack_thread_ts = ? ORDER BY created_at DESC LIMIT 1',
        ).get(channel, threadTs);
        return r && fromRow(r);
      });
    },
    addEscalation(e: Escalation) {
      return write(() => {
        prepare(
          'INSERT OR IGNORE INTO escalations VALUES (@escalation_id, @ticket_id, @priority, @reason, @summary, @handoff_summary, @sla_due_at, @created_at)',
        ).run(e);
      });
    },
    escalationsFor(ticketId) {
      return read(() => {
        return prepare<[string], Escalation>('SELECT * FROM escalations WHERE ticket_id = ? ORDER BY created_at').all(ticketId);
      });
    },
    addCsmNotice(n: CsmNotice) {
      return write(() => {
        prepare(
          'INSERT OR IGNORE INTO csm_notices VALUES (@notice_id, @ticket_id, @account_id, @customer_id, @csm_name, @handoff_summary, @risk_reason, @created_at)',
        ).run(n);
      });
    },
    csmNoticesFor(ticketId) {
      return read(() => {
        return prepare<[string], CsmNotice>('SELECT * FROM csm_notices WHERE ticket_id = ? ORDER BY created_at').all(ticketId);
      });
    },
    enqueueWriteback(w: Writeback) {
      return write(() => {
        prepare(
          `INSERT INTO writeback_outbox VALUES (@outbox_id, @ticket_id, @trace_id, @scope_kind, @scope_id, @text, @metadata, @infer,
            @status, @attempts, @next_attempt_at, @last_error, @memory_id, @created_at) ON CONFLICT(outbox_id) DO NOTHING`,
        ).run({ ...w, scope_kind: w.scope.kind, scope_id: w.scope.id, metadata: JSON.stringify(w.metadata), infer: w.infer ? 1 : 0 });
      });
    },
    writeback(outboxId) {
      return read(() => {
        const r = prepare<[string], WritebackRow>('SELECT * FROM writeback_outbox WHERE outbox_id = ?').get(outboxId);
        return r && fromWritebackRow(r);
      });
    },
    pendingWritebacks(now) {
      return read(() => {
        const rows = now
          ? prepare<[string], WritebackRow>("SELECT * FROM writeback_outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY created_at").all(now)
          : prepare<[], WritebackRow>("SELECT * FROM writeback_outbox WHERE status = 'pending' ORDER BY created_at").all();
        return rows.map(fromWritebackRow);
      });
    },
    completeWriteback(outboxId, memoryId) {
      return write(() => {
        prepare("UPDATE writeback_outbox SET status = 'done', memory_id = ?, attempts = attempts + 1, last_error = NULL WHERE outbox_id = ?").run(memoryId, outboxId);
      });
    },
    deferWriteback(outboxId, error, nextAttemptAt) {
      return write(() => {
        prepare('UPDATE writeback_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE outbox_id = ?').run(error, nextAttemptAt, outboxId);
      });
    },
    acceptInbox(item) {
      return write(() => {
        return acceptInbox(item, opts.clock.now().toISOString());
      });
    },
    claimInbox({ leaseMs, limit }) {
      return write(() => {
        // Leases use the real clock: MEMDESK_NOW pins dates tickets see, not how long a worker may hold one.
        return claimInbox(leaseMs, limit, new Date());
      });
    },
    finishInbox(inboxId, status, error) {
      return write(() => {
        prepare('UPDATE inbox SET status = ?, error = ?, lease_until = NULL WHERE inbox_id = ?').run(status, error ?? null, inboxId);
      });
    },
    inboxCounts() {
      return read(() => {
        const counts = { pending: 0, done: 0, failed: 0 };
        for (const r of prepare<[], { status: InboxItem['status']; n: number }>('SELECT status, COUNT(*) AS n FROM inbox GROUP BY status').all()) counts[r.status] = r.n;
        return counts;
      });
    },
    effect(key) {
      return read(() => {
        const r = prepare<[string], { key: string; status: EffectRecord['status']; result: string | null }>('SELECT key, status, result FROM effects WHERE key = ?').get(key);
        return r && { ...r, result: r.result ? (JSON.parse(r.result) as Record<string, unknown>) : null };
      });
    },
    recordEffect(key, status, result) {
      return write(() => {
        prepare(
          'INSERT INTO effects (key, status, result, at) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET status = excluded.status, result = excluded.result, at = excluded.at',
        ).run(key, status, result ? JSON.stringify(result) : null, new Date().toISOString());
      });
    },
    log(entry: OperationEntry) {
      return write(() => {
        prepare('INSERT INTO operation_log (at, trace_id, ticket_id, kind, detail) VALUES (?, ?, ?, ?, ?)').run(
          opts.clock.now().toISOString(),
          entry.trace_id,
          entry.ticket_id,
          entry.kind,
          JSON.stringify(entry.detail),
        );
      });
    },
    operations(filter) {
      return read(() => {
        const where: string[] = [];
        const args: string[] = [];
        if (filter.traceId) (where.push('trace_id = ?'), args.push(filter.traceId));
        if (filter.ticketId) (where.push('ticket_id = ?'), args.push(filter.ticketId));
        const rows = prepare<string[], { seq: number; at: string; trace_id: string; ticket_id: string | null; kind: string; detail: string }>(
          `SELECT * FROM operation_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq`,
        ).all(...args);
        return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
      });
    },
    async close() {
      commitBatch();
      db.close();
    },
  };
}
