// Migration 006 gives each ticket its report columns (010 the count of blocked replies). A database made before
// them (tickets with SLA clocks in their state, and the log events the report counts) is back-filled when it opens, and
// afterwards the store keeps the columns as it writes: `memdesk report` reads the same numbers
// either way, on SQLite and on PostgreSQL.
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { startClocks, stopAll, stopResponse } from '../../src/core/sla-clocks.js';
import type { Ticket, TicketState } from '../../src/core/ports.js';
import { buildSupportReport } from '../../src/insights/support-report.js';
import { openDatabase } from '../../src/sql/database.js';
import { migrate } from '../../src/sql/migrate.js';
import { recordsMigrations } from '../../src/store/migrations.js';
import { openRecords } from '../../src/store/open-store.js';
import type { RecordsSchema } from '../../src/store/schema.js';
import { onEachRecordsBackend, type RecordsBackend } from '../support/records-backends.js';

const NOW = new Date('2026-11-25T10:00:00Z');
const HOUR = 3_600_000;
const hours = { timezone: 'UTC', always_open: true, days: ['mon', 'tue', 'wed', 'thu', 'fri'] as ('mon' | 'tue' | 'wed' | 'thu' | 'fri')[], open: '09:00', close: '17:00', holidays: [] };
const sla = { first_response_minutes: 60, next_response_minutes: 60, resolution_minutes: 240, business_hours: hours };

/** Answered, then escalated, resolved in 3 h (met); answered after 2 h and still open past its 4 h resolution window (breached twice). */
function states(): { met: TicketState; breached: TicketState } {
  const opened = new Date(NOW.getTime() - 10 * HOUR);
  const clocks = startClocks(opened, { plan: 'enterprise', sla, hours, csmSlackUserId: null });
  const base = { issue_type: 'billing', asked: [], fields: {}, turns: 1 };
  return {
    met: { ...base, last_action: 'answer_customer', clocks: stopAll(stopResponse(clocks, new Date(opened.getTime() + 0.5 * HOUR)), new Date(opened.getTime() + 3 * HOUR)) },
    breached: { ...base, last_action: 'create_escalation_ticket', clocks: stopResponse(clocks, new Date(opened.getTime() + 2 * HOUR)) },
  };
}

function ticketRow(id: string, state: TicketState, status: Ticket['status']) {
  const at = new Date(NOW.getTime() - 10 * HOUR).toISOString();
  return { ticket_id: id, trace_id: `trace_${id}`, customer_id: 'cust_ben', account_id: 'acct_northwind', status, priority: 'high', issue_type: 'billing', sla_due_at: null, created_at: at, updated_at: at, message: 'charged twice', state: JSON.stringify(state) };
}

const logRow = (ticket: string, kind: string, detail: unknown) => ({ at: NOW.toISOString(), trace_id: `trace_${ticket}`, ticket_id: ticket, kind, detail: JSON.stringify(detail) });

function suite(name: string, location: () => RecordsBackend) {
  describe(name, () => {
    const where = location();
    afterAll(() => where.cleanup());

    it('back-fills tickets written before migration 006, then keeps the columns as tickets and events are written', { timeout: 60_000 }, async () => {
      const { met, breached } = states();
      // A database as the previous version left it: migrations 001-005 only.
      const old = await openDatabase<RecordsSchema>(where.db);
      const all = recordsMigrations(old.backend);
      const before = Object.fromEntries(Object.entries(all).filter(([n]) => n < '006'));
      await migrate(old.db, { backend: old.backend, component: 'records' }, before);
      await old.db.insertInto('tickets').values([ticketRow('tkt_met', met, 'resolved'), ticketRow('tkt_late', breached, 'escalated')] as never).execute();
      await old.db
        .insertInto('operation_log')
        .values([
          logRow('tkt_met', 'ticket_finalized', { decided_by: 'policy (fallback: timeout)', tools_executed: [], status: 'resolved', priority: null, customer_response: 'ok', usage: null }),
          logRow('tkt_met', 'answer_feedback', { helpful: true, actor: 'U0BEN', articles: [], escalation_id: null }),
          logRow('tkt_late', 'tool_blocked', { call_id: 'c1', name: 'notify_customer_success_manager', reason: 'no CSM' }),
          logRow('tkt_late', 'reply_blocked', { decider: 'gemini', reason: 'claims an action memdesk cannot take ("refunded")' }),
          logRow('tkt_late', 'memory_changed_action', { reasons: ['open promise: a $49 credit'] }),
          logRow('tkt_late', 'answer_feedback', { helpful: false, actor: 'U0BEN', articles: [], escalation_id: null }),
        ])
        .execute();
      // Someone was asked to take the answered ticket too: it no longer counts as answered without a person.
      await old.db.insertInto('escalations').values({ escalation_id: 'esc_met', ticket_id: 'tkt_met', priority: 'high', reason: 'asked for a person', summary: 's', handoff_summary: 'h', sla_due_at: null, created_at: NOW.toISOString() }).execute();
      await old.close();

      const records = await openRecords(where.records, systemClock(NOW.toISOString()));
      try {
        const since = new Date(NOW.getTime() - 24 * HOUR).toISOString();
        const read = async () => buildSupportReport(await records.report.read({ since, now: NOW.toISOString() }), { since, now: NOW });
        const r = await read();
        expect(r).toMatchObject({ tickets: 2, fallbacks: 1, blocked_calls: 1, blocked_replies: 1, helpful_rate: 0.5, memory_changed_rate: 0.5, memory_reasons: [{ reason: 'open promise', tickets: 1 }], sla_compliance: { enterprise: 0.5 } });
        expect(r.first_response_ms).toMatchObject({ count: 2, p50: 0.5 * HOUR, p90: 2 * HOUR });
        expect(r.resolution_ms).toMatchObject({ count: 1, p50: 3 * HOUR });
        expect(r.breaches.map((b) => [b.ticket_id, b.clock, b.stopped_at])).toEqual([
          ['tkt_late', 'first_response', expect.any(String)],
          ['tkt_late', 'resolution', null],
        ]);
        expect(r.deflection_rate).toBe(0);

        // From here the store keeps them: a staff resolution stops the late ticket's clocks, and new events count.
        const late = (await records.tickets.get('tkt_late'))!;
        await records.tickets.update('tkt_late', { status: 'resolved', state: { ...late.state, clocks: stopAll(late.state.clocks!, NOW) } });
        await records.operationLog.append({ trace_id: 'trace_tkt_late', ticket_id: 'tkt_late', kind: 'answer_feedback', detail: { helpful: true, actor: 'U0BEN', articles: [], escalation_id: null } });
        await records.operationLog.append({ trace_id: 'trace_tkt_late', ticket_id: 'tkt_late', kind: 'memory_changed_action', detail: { reasons: ['priority: urgent instead of high'] } });
        await records.operationLog.append({ trace_id: 'trace_tkt_met', ticket_id: 'tkt_met', kind: 'reply_blocked', detail: { decider: 'openai', reason: 'no escalation was made' } });
        const after = await read();
        expect(after.blocked_replies).toBe(2);
        expect(after.resolution_ms).toMatchObject({ count: 2, p90: 10 * HOUR });
        expect(after.breaches.map((b) => [b.clock, b.stopped_at])).toEqual([
          ['first_response', expect.any(String)],
          ['resolution', NOW.toISOString()],
        ]);
        expect(after.helpful_rate).toBeCloseTo(2 / 3);
        // The first change's reasons stay.
        expect(after.memory_reasons).toEqual([{ reason: 'open promise', tickets: 1 }]);
        // The ticket the port hands back carries no report columns.
        expect(Object.keys((await records.tickets.get('tkt_late'))!)).not.toContain('resolution_ms');
      } finally {
        await records.close();
      }
    });
  });
}

await onEachRecordsBackend('report columns', suite);
