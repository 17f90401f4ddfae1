// The behaviour every TicketStore owes memdesk, run once per backend (SQLite on a temp folder,
// PostgreSQL on a schema of its own). Tests name their own ids and never assume an empty store,
// so a backend may share one database across the file.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CsmNotice, Escalation, Ticket, TicketStore, Writeback } from '../../src/agent/ports.js';
import type { Clock } from '../../src/clock.js';

export interface ContractTicketStore {
  store: TicketStore;
  /** Closes the store and opens a new one on the same data, as a restarted process would. */
  reopen(): Promise<TicketStore>;
  /** SQL straight to the database, around the store: proves the database itself refuses an edit. */
  rawExec(sql: string): Promise<void>;
  cleanup(): Promise<void>;
}

/** A clock the tests move by hand. */
export function manualClock(startIso: string): Clock & { advance(ms: number): void } {
  let at = Date.parse(startIso);
  return { now: () => new Date(at), advance: (ms) => void (at += ms) };
}

const HOUR = 3_600_000;

export function ticketStoreContract(name: string, make: (clock: Clock) => Promise<ContractTicketStore>): void {
  describe(`TicketStore contract: ${name}`, () => {
    let handle: ContractTicketStore;
    let store: TicketStore;
    let clock: ReturnType<typeof manualClock>;
    let run: string;
    const id = (prefix: string, n: number | string = 1) => `${prefix}_${run}_${n}`;
    const iso = (offsetMs = 0) => new Date(clock.now().getTime() + offsetMs).toISOString();

    const ticket = (n: number, extra: Partial<Ticket> = {}): Ticket => ({
      ticket_id: id('T', n),
      trace_id: id('trace', n),
      customer_id: 'cust_ben',
      account_id: 'acct_northwind',
      status: 'open',
      priority: null,
      issue_type: null,
      sla_due_at: null,
      created_at: iso(n * 1000),
      updated_at: iso(n * 1000),
      message: `I was charged twice (message ${n})`,
      state: { issue_type: 'billing', asked: [], fields: {}, turns: 1, last_action: null },
      slack_channel: null,
      slack_thread_ts: null,
      ...extra,
    });
    const escalation = (ticketId: string, n: number, extra: Partial<Escalation> = {}): Escalation => ({
      escalation_id: id('esc', n),
      ticket_id: ticketId,
      priority: 'high',
      reason: 'billing dispute on an enterprise account',
      summary: 'double charge',
      handoff_summary: 'Ben was charged twice for March; invoice INV-2026-0042',
      sla_due_at: iso(4 * HOUR),
      created_at: iso(n * 1000),
      ...extra,
    });
    const notice = (ticketId: string, n: number, extra: Partial<CsmNotice> = {}): CsmNotice => ({
      notice_id: id('csm', n),
      ticket_id: ticketId,
      account_id: 'acct_northwind',
      customer_id: 'cust_ben',
      csm_name: 'Dana Lee',
      handoff_summary: 'Cancellation risk: Ben asked how to cancel',
      risk_reason: 'cancellation intent',
      created_at: iso(n * 1000),
      ...extra,
    });
    const writeback = (n: number, extra: Partial<Writeback> = {}): Writeback => ({
      outbox_id: id('wb', n),
      ticket_id: id('T', 1),
      trace_id: id('trace', 1),
      scope: { kind: 'customer', id: 'cust_ben' },
      text: `Ben was refunded for the double charge (${n})`,
      metadata: { app: 'memdesk', issue_type: 'billing' },
      infer: true,
      status: 'pending',
      attempts: 0,
      next_attempt_at: iso(n * 1000),
      last_error: null,
      memory_id: null,
      created_at: iso(n * 1000),
      ...extra,
    });

    beforeEach(async () => {
      run = randomBytes(4).toString('hex');
      clock = manualClock('2026-11-25T09:00:00.000Z');
      handle = await make(clock);
      store = handle.store;
    });
    afterEach(async () => {
      await handle.cleanup();
    });

    describe('tickets', () => {
      it('reads a ticket back exactly as it was written', async () => {
        const written = ticket(1, {
          status: 'escalated',
          priority: 'high',
          issue_type: 'billing',
          sla_due_at: iso(4 * HOUR),
          state: { issue_type: 'billing', asked: ['invoice_id'], fields: { invoice_id: 'INV-2026-0042' }, turns: 2, last_action: 'escalate' },
          slack_channel: 'C0SUPPORT',
          slack_thread_ts: '1764000000.000100',
        });
        await store.createTicket(written);
        expect(await store.getTicket(written.ticket_id)).toEqual(written);
        expect(await store.getTicket(id('T', 'missing'))).toBeUndefined();
      });

      it('gives a ticket outside Slack null thread fields', async () => {
        const { slack_channel: _c, slack_thread_ts: _t, ...withoutSlack } = ticket(1);
        await store.createTicket(withoutSlack);
        const read = await store.getTicket(withoutSlack.ticket_id);
        expect(read).toMatchObject({ ...withoutSlack, slack_channel: null, slack_thread_ts: null });
      });

      it('refuses a second ticket with the same id and keeps the first', async () => {
        await store.createTicket(ticket(1));
        await expect(store.createTicket(ticket(1, { message: 'a duplicate delivery' }))).rejects.toThrow();
        expect((await store.getTicket(id('T', 1)))!.message).toBe('I was charged twice (message 1)');
      });

      it('updates a ticket: merges the patch, stamps updated_at from the clock, keeps its id', async () => {
        await store.createTicket(ticket(1));
        clock.advance(HOUR);
        const state = { issue_type: 'billing', asked: ['invoice_id'], fields: {}, turns: 2, last_action: 'ask' };
        const updated = await store.updateTicket(id('T', 1), { status: 'waiting_on_customer', priority: 'medium', state });

        expect(updated).toMatchObject({ ticket_id: id('T', 1), status: 'waiting_on_customer', priority: 'medium', state, message: 'I was charged twice (message 1)' });
        expect(updated.updated_at).toBe(clock.now().toISOString());
        expect(await store.getTicket(id('T', 1))).toEqual(updated);
        await expect(store.updateTicket(id('T', 'missing'), { status: 'resolved' })).rejects.toThrow(/not found/);
      });

      it('lists tickets oldest first', async () => {
        await store.createTicket(ticket(3));
        await store.createTicket(ticket(1));
        await store.createTicket(ticket(2));
        const mine = (await store.listTickets()).filter((t) => t.ticket_id.includes(run));
        expect(mine.map((t) => t.ticket_id)).toEqual([id('T', 1), id('T', 2), id('T', 3)]);
      });

      it("finds a Slack thread's newest ticket", async () => {
        const thread = { slack_channel: 'C0SUPPORT', slack_thread_ts: `${run}.000100` };
        await store.createTicket(ticket(1, thread));
        await store.createTicket(ticket(2, thread));
        await store.createTicket(ticket(3, { slack_channel: 'C0SUPPORT', slack_thread_ts: `${run}.000200` }));

        expect((await store.ticketByThread('C0SUPPORT', `${run}.000100`))?.ticket_id).toBe(id('T', 2));
        expect(await store.ticketByThread('C0OTHER', `${run}.000100`)).toBeUndefined();
      });
    });

    describe('escalations and CSM notices', () => {
      it("keeps a ticket's escalations in order, apart from other tickets'", async () => {
        await store.addEscalation(escalation(id('T', 1), 2));
        await store.addEscalation(escalation(id('T', 1), 1, { sla_due_at: null }));
        await store.addEscalation(escalation(id('T', 2), 3));

        expect(await store.escalationsFor(id('T', 1))).toEqual([escalation(id('T', 1), 1, { sla_due_at: null }), escalation(id('T', 1), 2)]);
        expect(await store.escalationsFor(id('T', 'none'))).toEqual([]);
      });

      it('records an escalation once however often it is re-added', async () => {
        await store.addEscalation(escalation(id('T', 1), 1));
        await store.addEscalation(escalation(id('T', 1), 1, { reason: 'a re-run after a crash' }));
        expect(await store.escalationsFor(id('T', 1))).toEqual([escalation(id('T', 1), 1)]);
      });

      it("keeps a ticket's CSM notices, once each", async () => {
        await store.addCsmNotice(notice(id('T', 1), 1));
        await store.addCsmNotice(notice(id('T', 1), 2, { csm_name: null }));
        await store.addCsmNotice(notice(id('T', 1), 1, { risk_reason: 'a re-run after a crash' }));
        await store.addCsmNotice(notice(id('T', 2), 3));

        expect(await store.csmNoticesFor(id('T', 1))).toEqual([notice(id('T', 1), 1), notice(id('T', 1), 2, { csm_name: null })]);
        expect(await store.csmNoticesFor(id('T', 'none'))).toEqual([]);
      });
    });

    describe('memory write-back outbox', () => {
      const mine = (items: Writeback[]) => items.filter((w) => w.outbox_id.includes(run));

      it('keeps the first record when the same write is enqueued again', async () => {
        await store.enqueueWriteback(writeback(1));
        await store.enqueueWriteback(writeback(1, { text: 'a replay with other words', attempts: 5 }));

        expect(await store.writeback(id('wb', 1))).toEqual(writeback(1));
        expect(mine(await store.pendingWritebacks())).toEqual([writeback(1)]);
        expect(await store.writeback(id('wb', 'missing'))).toBeUndefined();
      });

      it('hands out pending writes oldest first, only those due', async () => {
        await store.enqueueWriteback(writeback(3));
        await store.enqueueWriteback(writeback(1));
        await store.enqueueWriteback(writeback(2, { next_attempt_at: iso(HOUR) }));

        expect(mine(await store.pendingWritebacks()).map((w) => w.outbox_id)).toEqual([id('wb', 1), id('wb', 2), id('wb', 3)]);
        expect(mine(await store.pendingWritebacks(iso(5_000))).map((w) => w.outbox_id)).toEqual([id('wb', 1), id('wb', 3)]);
      });

      it('completes a write once; a replayed enqueue does not reopen it', async () => {
        await store.enqueueWriteback(writeback(1));
        await store.completeWriteback(id('wb', 1), 'mem_42');
        await store.enqueueWriteback(writeback(1));

        expect(mine(await store.pendingWritebacks())).toEqual([]);
        expect(await store.writeback(id('wb', 1))).toMatchObject({ status: 'done', memory_id: 'mem_42', attempts: 1, last_error: null });
      });

      it('defers a failed write until its next attempt is due', async () => {
        await store.enqueueWriteback(writeback(1));
        await store.deferWriteback(id('wb', 1), 'memory store timed out', iso(HOUR));

        expect(mine(await store.pendingWritebacks(iso(HOUR - 1)))).toEqual([]);
        expect(mine(await store.pendingWritebacks(iso(HOUR)))).toEqual([
          writeback(1, { attempts: 1, last_error: 'memory store timed out', next_attempt_at: iso(HOUR) }),
        ]);
      });
    });

    describe('inbox', () => {
      it('accepts a delivery once for any of its keys', async () => {
        const event = { inbox_id: id('in', 1), kind: 'message', payload: { text: 'hello', ts: '1.1' }, keys: [id('ev', 1), id('ch', '1.1')] };
        expect(await store.acceptInbox(event)).toBe(true);
        // Slack's retry of the same event, and the same message seen through another event id.
        expect(await store.acceptInbox({ ...event, inbox_id: id('in', 2) })).toBe(false);
        expect(await store.acceptInbox({ ...event, inbox_id: id('in', 3), keys: [id('ev', 3), id('ch', '1.1')] })).toBe(false);
        // The refused delivery claimed none of its keys.
        expect(await store.acceptInbox({ ...event, inbox_id: id('in', 4), keys: [id('ev', 3)] })).toBe(true);

        const claimed = (await store.claimInbox({ leaseMs: 60_000, limit: 100 })).filter((i) => i.inbox_id.includes(run));
        expect(claimed.map((i) => i.inbox_id)).toEqual([id('in', 1), id('in', 4)]);
        expect(claimed[0]).toMatchObject({ kind: 'message', payload: { text: 'hello', ts: '1.1' }, status: 'pending', attempts: 1, error: null });
        for (const i of claimed) await store.finishInbox(i.inbox_id, 'done');
      });

      it('leases an item to one worker until the lease runs out', async () => {
        await store.acceptInbox({ inbox_id: id('in', 1), kind: 'message', payload: {}, keys: [id('ev', 1)] });
        const first = (await store.claimInbox({ leaseMs: 150, limit: 100 })).filter((i) => i.inbox_id.includes(run));
        expect(first.map((i) => i.attempts)).toEqual([1]);
        expect(Date.parse(first[0]!.lease_until!)).toBeGreaterThan(Date.now() - 1000);
        expect((await store.claimInbox({ leaseMs: 150, limit: 100 })).filter((i) => i.inbox_id.includes(run))).toEqual([]);

        await sleep(300);
        // The worker holding it is presumed dead: another one takes it over.
        const again = (await store.claimInbox({ leaseMs: 60_000, limit: 100 })).filter((i) => i.inbox_id.includes(run));
        expect(again.map((i) => [i.inbox_id, i.attempts])).toEqual([[id('in', 1), 2]]);
        await store.finishInbox(id('in', 1), 'done');
      });

      it('never hands out a finished item, and counts items by status', async () => {
        const before = await store.inboxCounts();
        for (const n of [1, 2, 3]) await store.acceptInbox({ inbox_id: id('in', n), kind: 'message', payload: {}, keys: [id('ev', n)] });
        await store.finishInbox(id('in', 1), 'done');
        await store.finishInbox(id('in', 2), 'failed', 'payload could not be parsed');

        const claimed = (await store.claimInbox({ leaseMs: 60_000, limit: 100 })).filter((i) => i.inbox_id.includes(run));
        expect(claimed.map((i) => i.inbox_id)).toEqual([id('in', 3)]);
        const after = await store.inboxCounts();
        expect({ pending: after.pending - before.pending, done: after.done - before.done, failed: after.failed - before.failed }).toEqual({
          pending: 1,
          done: 1,
          failed: 1,
        });
        await store.finishInbox(id('in', 3), 'done');
      });
    });

    describe('effect records', () => {
      it('records an intent, then its result', async () => {
        const key = id('effect', 'post_reply');
        expect(await store.effect(key)).toBeUndefined();
        await store.recordEffect(key, 'intent');
        expect(await store.effect(key)).toEqual({ key, status: 'intent', result: null });
        await store.recordEffect(key, 'done', { ts: '1764000000.000200', channel: 'C0SUPPORT' });
        expect(await store.effect(key)).toEqual({ key, status: 'done', result: { ts: '1764000000.000200', channel: 'C0SUPPORT' } });
      });
    });

    describe('operation log', () => {
      it('appends entries and filters them by trace and by ticket', async () => {
        await store.log({ trace_id: id('trace', 1), ticket_id: id('T', 1), kind: 'ticket_created', detail: { channel: 'C0SUPPORT' } });
        clock.advance(1000);
        await store.log({ trace_id: id('trace', 1), ticket_id: id('T', 1), kind: 'tool_executed', detail: { name: 'escalate', args: { priority: 'high' } } });
        await store.log({ trace_id: id('trace', 2), ticket_id: id('T', 1), kind: 'ticket_resolved', detail: {} });
        await store.log({ trace_id: id('trace', 3), ticket_id: null, kind: 'memory_seeded', detail: { count: 3 } });

        const byTrace = await store.operations({ traceId: id('trace', 1) });
        expect(byTrace.map((e) => e.kind)).toEqual(['ticket_created', 'tool_executed']);
        expect(byTrace[1]).toMatchObject({ ticket_id: id('T', 1), detail: { name: 'escalate', args: { priority: 'high' } }, at: clock.now().toISOString() });
        expect(byTrace[0]!.at).toBe('2026-11-25T09:00:00.000Z');
        expect(byTrace[1]!.seq).toBeGreaterThan(byTrace[0]!.seq);

        expect((await store.operations({ ticketId: id('T', 1) })).map((e) => e.kind)).toEqual(['ticket_created', 'tool_executed', 'ticket_resolved']);
        expect((await store.operations({ traceId: id('trace', 2), ticketId: id('T', 1) })).map((e) => e.kind)).toEqual(['ticket_resolved']);
        expect(await store.operations({ traceId: id('trace', 3) })).toMatchObject([{ ticket_id: null, kind: 'memory_seeded', detail: { count: 3 } }]);
      });

      it('is append-only in the database itself: UPDATE and DELETE are refused', async () => {
        await store.log({ trace_id: id('trace', 1), ticket_id: null, kind: 'ticket_created', detail: { n: 1 } });
        const before = await store.operations({ traceId: id('trace', 1) });

        await expect(handle.rawExec(`UPDATE operation_log SET kind = 'rewritten' WHERE trace_id = '${id('trace', 1)}'`)).rejects.toThrow(/append-only/);
        await expect(handle.rawExec(`DELETE FROM operation_log WHERE trace_id = '${id('trace', 1)}'`)).rejects.toThrow(/append-only/);
        expect(await store.operations({ traceId: id('trace', 1) })).toEqual(before);
      });
    });

    it('takes hostile text: a NUL character never costs a ticket or a log entry', async () => {
      // SQLite keeps U+0000; PostgreSQL cannot store it in text or jsonb, so that store drops it.
      const withoutNul = (s: string | undefined) => s?.replaceAll('\u0000', '');
      await store.createTicket(ticket(1, { message: 'refund\u0000 please' }));
      await store.log({ trace_id: id('trace', 1), ticket_id: null, kind: 'message_received', detail: { text: 'a\u0000b', 'k\u0000': 1 } });

      expect(withoutNul((await store.getTicket(id('T', 1)))?.message)).toBe('refund please');
      const [entry] = await store.operations({ traceId: id('trace', 1) });
      expect(withoutNul(entry?.detail.text as string)).toBe('ab');
    });

    it('keeps everything across a restart', async () => {
      await store.createTicket(ticket(1));
      await store.addEscalation(escalation(id('T', 1), 1));
      await store.enqueueWriteback(writeback(1));
      await store.log({ trace_id: id('trace', 1), ticket_id: id('T', 1), kind: 'ticket_created', detail: {} });

      store = await handle.reopen();

      expect(await store.getTicket(id('T', 1))).toEqual(ticket(1));
      expect(await store.escalationsFor(id('T', 1))).toEqual([escalation(id('T', 1), 1)]);
      expect(await store.writeback(id('wb', 1))).toEqual(writeback(1));
      expect((await store.operations({ traceId: id('trace', 1) })).map((e) => e.kind)).toEqual(['ticket_created']);
    });
  });
}
