// Every records contract on SQLite, the zero-setup default: a temp folder per test; and a data dir
// made by the previous memdesk (tables created at open, no migration table) opening as it was.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { openRecords, type Records } from '../../src/store/open-store.js';
import { recordsContracts } from './records-contracts.js';

recordsContracts('SQLite', async (clock) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'memdesk-records-'));
  let records: Records = await openRecords({ dataDir }, clock);
  return {
    records,
    async reopen() {
      await records.close();
      return (records = await openRecords({ dataDir }, clock));
    },
    async rawExec(sql) {
      // A second connection, as any other tool on the machine would open.
      const db = new Database(join(dataDir, 'records.db'));
      try {
        db.exec(sql);
      } finally {
        db.close();
      }
    },
    async cleanup() {
      await records.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

describe('SQLite records from the previous version', () => {
  it('opens a data dir whose tables were created at open, with its tickets, log and inbox keys', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'memdesk-records-old-'));
    const old = new Database(join(dataDir, 'records.db'));
    // The schema the previous SQLite store created for itself (no migration table), with rows in it.
    old.exec(`
      CREATE TABLE tickets (ticket_id TEXT PRIMARY KEY, trace_id TEXT NOT NULL, customer_id TEXT NOT NULL, account_id TEXT NOT NULL,
        status TEXT NOT NULL, priority TEXT, issue_type TEXT, sla_due_at TEXT, created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL, message TEXT NOT NULL, state TEXT NOT NULL, slack_channel TEXT, slack_thread_ts TEXT);
      CREATE INDEX tickets_thread ON tickets(slack_channel, slack_thread_ts);
      CREATE TABLE escalations (escalation_id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL, priority TEXT NOT NULL, reason TEXT NOT NULL,
        summary TEXT NOT NULL, handoff_summary TEXT NOT NULL, sla_due_at TEXT, created_at TEXT NOT NULL);
      CREATE TABLE csm_notices (notice_id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL, account_id TEXT NOT NULL, customer_id TEXT NOT NULL,
        csm_name TEXT, handoff_summary TEXT NOT NULL, risk_reason TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE writeback_outbox (outbox_id TEXT PRIMARY KEY, ticket_id TEXT, trace_id TEXT NOT NULL, scope_kind TEXT NOT NULL, scope_id TEXT NOT NULL,
        text TEXT NOT NULL, metadata TEXT NOT NULL, infer INTEGER NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
        next_attempt_at TEXT NOT NULL, last_error TEXT, memory_id TEXT, created_at TEXT NOT NULL);
      CREATE INDEX writeback_outbox_pending ON writeback_outbox(status, next_attempt_at);
      CREATE TABLE inbox (inbox_id TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
        lease_until TEXT, error TEXT, created_at TEXT NOT NULL);
      CREATE INDEX inbox_pending ON inbox(status, created_at);
      CREATE TABLE inbox_keys (key TEXT PRIMARY KEY, inbox_id TEXT NOT NULL);
      CREATE TABLE effects (key TEXT PRIMARY KEY, status TEXT NOT NULL, result TEXT, at TEXT NOT NULL);
      CREATE TABLE operation_log (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, trace_id TEXT NOT NULL, ticket_id TEXT, kind TEXT NOT NULL, detail TEXT NOT NULL);
      CREATE TRIGGER operation_log_no_update BEFORE UPDATE ON operation_log BEGIN SELECT RAISE(ABORT, 'operation_log is append-only'); END;
      CREATE TRIGGER operation_log_no_delete BEFORE DELETE ON operation_log BEGIN SELECT RAISE(ABORT, 'operation_log is append-only'); END;
      INSERT INTO tickets VALUES ('tkt_old', 'trace_old', 'cust_ben', 'acct_northwind', 'escalated', 'high', 'billing', NULL,
        '2026-11-01T09:00:00.000Z', '2026-11-01T09:05:00.000Z', 'charged twice',
        '{"issue_type":"billing","asked":[],"fields":{},"turns":1,"last_action":"escalate"}', 'C0SUPPORT', '1.000100');
      INSERT INTO operation_log (at, trace_id, ticket_id, kind, detail) VALUES ('2026-11-01T09:00:00.000Z', 'trace_old', 'tkt_old', 'ticket_taken', '{"actor":"U0STAFF","note":null}');
      INSERT INTO inbox_keys VALUES ('Ev_old', 'in_old');
      INSERT INTO inbox VALUES ('in_old', 'slack_message', '{}', 'done', 1, NULL, NULL, '2026-11-01T09:00:00.000Z');
    `);
    old.close();

    const records = await openRecords({ dataDir }, systemClock());
    try {
      expect(await records.tickets.byThread('C0SUPPORT', '1.000100')).toMatchObject({ ticket_id: 'tkt_old', status: 'escalated', state: { last_action: 'escalate' } });
      expect(await records.operationLog.read({ ticketId: 'tkt_old' })).toMatchObject([{ seq: 1, kind: 'ticket_taken', detail: { actor: 'U0STAFF', note: null } }]);
      expect(await records.delivery.accept({ inbox_id: 'in_new', kind: 'slack_message', payload: {}, keys: ['Ev_old'] })).toBe(false);
      await records.operationLog.append({ trace_id: 'trace_new', ticket_id: 'tkt_old', kind: 'ticket_resolved', detail: { actor: 'U0STAFF', note: null } });
      expect((await records.operationLog.read({ ticketId: 'tkt_old' })).map((e) => e.seq)).toEqual([1, 2]);
    } finally {
      await records.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
