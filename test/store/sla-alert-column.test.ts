// Migration 008 gives each open ticket the instant its first SLA alert falls due, so the SLA scan
// (every few seconds) reads only the tickets whose alerts are due instead of every open ticket.
// A database made before it is back-filled when it opens; afterwards the store keeps the column as
// it writes a ticket's state, on SQLite and on PostgreSQL.
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { startClocks, stopAll, stopResponse } from '../../src/core/sla-clocks.js';
import type { Ticket, TicketState } from '../../src/core/ports.js';
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
const base = { issue_type: 'billing', asked: [], fields: {}, turns: 1, last_action: 'ask' };

/** A ticket opened `hoursAgo` on the enterprise plan (first response 1 h, resolution 4 h; warnings at 75%). */
function opened(hoursAgo: number): TicketState {
  return { ...base, clocks: startClocks(new Date(NOW.getTime() - hoursAgo * HOUR), { plan: 'enterprise', sla, hours, csmSlackUserId: null }) };
}

function ticketRow(id: string, state: TicketState, status: Ticket['status'], hoursAgo: number) {
  const at = new Date(NOW.getTime() - hoursAgo * HOUR).toISOString();
  return { ticket_id: id, trace_id: `trace_${id}`, customer_id: 'cust_ben', account_id: 'acct_northwind', status, priority: 'high', issue_type: 'billing', sla_due_at: null, created_at: at, updated_at: at, message: 'charged twice', state: JSON.stringify(state) };
}

function suite(name: string, location: () => RecordsBackend) {
  describe(name, () => {
    const where = location();
    afterAll(() => where.cleanup());

    it('back-fills open tickets written before migration 008, then lists only the tickets whose alerts are due as states change', { timeout: 60_000 }, async () => {
      const answeredLate = opened(5); // answered after 2 h, resolution (4 h) still running: breached
      answeredLate.clocks = stopResponse(answeredLate.clocks!, new Date(NOW.getTime() - 3 * HOUR));
      const done = opened(8);
      done.clocks = stopAll(done.clocks!, new Date(NOW.getTime() - 7 * HOUR));
      // A database as the previous version left it: migrations 001-007 only.
      const old = await openDatabase<RecordsSchema>(where.db);
      const before = Object.fromEntries(Object.entries(recordsMigrations(old.backend)).filter(([n]) => n < '008'));
      await migrate(old.db, { backend: old.backend, component: 'records' }, before);
      await old.db
        .insertInto('tickets')
        .values([
          ticketRow('tkt_late', answeredLate, 'escalated', 5),
          ticketRow('tkt_fresh', opened(0.25), 'open', 0.25), // first response warns at 45 min: not yet
          ticketRow('tkt_warned', opened(0.8), 'open', 0.8), // 48 min in: its first-response warning is due
          ticketRow('tkt_done', done, 'resolved', 8),
          ticketRow('tkt_no_plan', base, 'open', 9),
        ] as never)
        .execute();
      await old.close();

      const records = await openRecords(where.records, systemClock(NOW.toISOString()));
      try {
        const alerting = async (at = NOW) => (await records.tickets.listAlerting(at)).map((t) => t.ticket_id);
        // Oldest first, whole tickets as the port speaks them.
        expect(await alerting()).toEqual(['tkt_late', 'tkt_warned']);
        expect((await records.tickets.listAlerting(NOW))[0]).toEqual(await records.tickets.get('tkt_late'));
        // Half an hour on, the fresh ticket's first-response warning is due too.
        expect(await alerting(new Date(NOW.getTime() + 0.5 * HOUR))).toEqual(['tkt_late', 'tkt_warned', 'tkt_fresh']);

        // From here the store keeps the column: an answer stops the warned ticket's response clock (its
        // resolution clock warns at 3 h), a resolution stops the late ticket's clocks, and a ticket
        // written now that is already past its warning point is listed.
        const warned = (await records.tickets.get('tkt_warned'))!;
        await records.tickets.update('tkt_warned', { status: 'waiting_on_customer', state: { ...warned.state, clocks: stopResponse(warned.state.clocks!, NOW) } });
        const late = (await records.tickets.get('tkt_late'))!;
        await records.tickets.update('tkt_late', { status: 'resolved', state: { ...late.state, clocks: stopAll(late.state.clocks!, NOW) } });
        const written = { ...ticketRow('tkt_new', opened(2), 'open', 2), state: opened(2), slack_channel: null, slack_thread_ts: null, owner: null, first_response_at: null, customer_waiting_since: null, escalation_ts: null } as Ticket;
        await records.tickets.createOrFind(written);
        expect(await alerting()).toEqual(['tkt_new']);
        expect(await alerting(new Date(NOW.getTime() + 2.5 * HOUR))).toEqual(['tkt_new', 'tkt_warned', 'tkt_fresh']);
        // The ticket the port hands back carries no index column.
        expect(Object.keys((await records.tickets.get('tkt_new'))!)).not.toContain('sla_alert_at');
      } finally {
        await records.close();
      }
    });
  });
}

await onEachRecordsBackend('SLA alert column', suite);
