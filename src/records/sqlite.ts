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

  const acceptInbox = db.transaction((item: { inbox_id: string; kind: string; payload: Record<string, unknown>; keys: string[] }, at: string) => {
    const seen = db.prepare<[string], { inbox_id: string }>('SELECT inbox_id FROM inbox_keys WHERE key = ?');
    if (item.keys.some((k) => seen.get(k))) return false;
    const claimKey = db.prepare('INSERT INTO inbox_keys (key, inbox_id) VALUES (?, ?)');
    for (const k of item.keys) claimKey.run(k, item.inbox_id);
    db.prepare("INSERT INTO inbox VALUES (?, ?, ?, 'pending', 0, NULL, NULL, ?)").run(item.inbox_id, item.kind, JSON.stringify(item.payload), at);
    return true;
  });
  const claimInbox = db.transaction((leaseMs: number, limit: number, now: Date) => {
    const rows = db
      .prepare<[string, number], Omit<InboxItem, 'payload'> & { payload: string }>(
        "SELECT * FROM inbox WHERE status = 'pending' AND (lease_until IS NULL OR lease_until < ?) ORDER BY created_at LIMIT ?",
      )
      .all(now.toISOString(), limit);
    const lease = new Date(now.getTime() + leaseMs).toISOString();
    const take = db.prepare('UPDATE inbox SET lease_until = ?, attempts = attempts + 1 WHERE inbox_id = ?');
    return rows.map((r) => {
      take.run(lease, r.inbox_id);
      return { ...r, payload: JSON.parse(r.payload) as Record<string, unknown>, lease_until: lease, attempts: r.attempts + 1 };
    });
  });

  const insertTicket = db.prepare(
    `INSERT INTO tickets (${ticketColumns.join(', ')}) VALUES (${ticketColumns.map((c) => '@' + c).join(', ')})`,
  );
  const getTicket = db.prepare<[string], TicketRow>('SELECT * FROM tickets WHERE ticket_id = ?');

  return {
    kind: 'sqlite',
    async createTicket(t) {
      insertTicket.run(toRow(t));
    },
    async getTicket(id) {
      const r = getTicket.get(id);
      return r && fromRow(r);
    },
    async updateTicket(id, patch) {
      const current = getTicket.get(id);
      if (!current) throw new Error(`ticket ${id} not found`);
      const next: Ticket = { ...fromRow(current), ...patch, ticket_id: id, updated_at: opts.clock.now().toISOString() };
      const row = toRow(next);
      db.prepare(
        `UPDATE tickets SET ${ticketColumns.filter((c) => c !== 'ticket_id').map((c) => `${c} = @${c}`).join(', ')} WHERE ticket_id = @ticket_id`,
      ).run(row);
      return next;
    },
    async listTickets() {
      return db.prepare<[], TicketRow>('SELECT * FROM tickets ORDER BY created_at, ticket_id').all().map(fromRow);
    },
    async ticketByThread(channel, threadTs) {
      const r = db
        .prepare<[string, string], TicketRow>('SELECT * FROM tickets WHERE slack_channel = ? AND slack_thread_ts = ? ORDER BY created_at DESC LIMIT 1')
        .get(channel, threadTs);
      return r && fromRow(r);
    },
    async addEscalation(e: Escalation) {
      db.prepare(
        'INSERT OR IGNORE INTO escalations VALUES (@escalation_id, @ticket_id, @priority, @reason, @summary, @handoff_summary, @sla_due_at, @created_at)',
      ).run(e);
    },
    async escalationsFor(ticketId) {
      return db.prepare<[string], Escalation>('SELECT * FROM escalations WHERE ticket_id = ? ORDER BY created_at').all(ticketId);
    },
    async addCsmNotice(n: CsmNotice) {
      db.prepare(
        'INSERT OR IGNORE INTO csm_notices VALUES (@notice_id, @ticket_id, @account_id, @customer_id, @csm_name, @handoff_summary, @risk_reason, @created_at)',
      ).run(n);
    },
    async csmNoticesFor(ticketId) {
      return db.prepare<[string], CsmNotice>('SELECT * FROM csm_notices WHERE ticket_id = ? ORDER BY created_at').all(ticketId);
    },
    async enqueueWriteback(w: Writeback) {
      db.prepare(
        `INSERT INTO writeback_outbox VALUES (@outbox_id, @ticket_id, @trace_id, @scope_kind, @scope_id, @text, @metadata, @infer,
          @status, @attempts, @next_attempt_at, @last_error, @memory_id, @created_at) ON CONFLICT(outbox_id) DO NOTHING`,
      ).run({ ...w, scope_kind: w.scope.kind, scope_id: w.scope.id, metadata: JSON.stringify(w.metadata), infer: w.infer ? 1 : 0 });
    },
    async writeback(outboxId) {
      const r = db.prepare<[string], WritebackRow>('SELECT * FROM writeback_outbox WHERE outbox_id = ?').get(outboxId);
      return r && fromWritebackRow(r);
    },
    async pendingWritebacks(now) {
      const rows = now
        ? db.prepare<[string], WritebackRow>("SELECT * FROM writeback_outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY created_at").all(now)
        : db.prepare<[], WritebackRow>("SELECT * FROM writeback_outbox WHERE status = 'pending' ORDER BY created_at").all();
      return rows.map(fromWritebackRow);
    },
    async completeWriteback(outboxId, memoryId) {
      db.prepare("UPDATE writeback_outbox SET status = 'done', memory_id = ?, attempts = attempts + 1, last_error = NULL WHERE outbox_id = ?").run(memoryId, outboxId);
    },
    async deferWriteback(outboxId, error, nextAttemptAt) {
      db.prepare('UPDATE writeback_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE outbox_id = ?').run(error, nextAttemptAt, outboxId);
    },
    async acceptInbox(item) {
      return acceptInbox(item, opts.clock.now().toISOString());
    },
    async claimInbox({ leaseMs, limit }) {
      // Leases use the real clock: MEMDESK_NOW pins dates tickets see, not how long a worker may hold one.
      return claimInbox(leaseMs, limit, new Date());
    },
    async finishInbox(inboxId, status, error) {
      db.prepare('UPDATE inbox SET status = ?, error = ?, lease_until = NULL WHERE inbox_id = ?').run(status, error ?? null, inboxId);
    },
    async inboxCounts() {
      const counts = { pending: 0, done: 0, failed: 0 };
      for (const r of db.prepare<[], { status: InboxItem['status']; n: number }>('SELECT status, COUNT(*) AS n FROM inbox GROUP BY status').all()) counts[r.status] = r.n;
      return counts;
    },
    async effect(key) {
      const r = db.prepare<[string], { key: string; status: EffectRecord['status']; result: string | null }>('SELECT key, status, result FROM effects WHERE key = ?').get(key);
      return r && { ...r, result: r.result ? (JSON.parse(r.result) as Record<string, unknown>) : null };
    },
    async recordEffect(key, status, result) {
      db.prepare(
        'INSERT INTO effects (key, status, result, at) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET status = excluded.status, result = excluded.result, at = excluded.at',
      ).run(key, status, result ? JSON.stringify(result) : null, new Date().toISOString());
    },
    async log(entry: OperationEntry) {
      db.prepare('INSERT INTO operation_log (at, trace_id, ticket_id, kind, detail) VALUES (?, ?, ?, ?, ?)').run(
        opts.clock.now().toISOString(),
        entry.trace_id,
        entry.ticket_id,
        entry.kind,
        JSON.stringify(entry.detail),
      );
    },
    async operations(filter) {
      const where: string[] = [];
      const args: string[] = [];
      if (filter.traceId) (where.push('trace_id = ?'), args.push(filter.traceId));
      if (filter.ticketId) (where.push('ticket_id = ?'), args.push(filter.ticketId));
      const rows = db
        .prepare<string[], { seq: number; at: string; trace_id: string; ticket_id: string | null; kind: string; detail: string }>(
          `SELECT * FROM operation_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq`,
        )
        .all(...args);
      return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
    },
    async close() {
      db.close();
    },
  };
}
