// Ticket repository: the contract each backend passes (records-contract.ts runs the set up).
import { describe, expect, it } from 'vitest';
import { contractRecords, HOUR, type MakeRecords } from './records-contract.js';

export function ticketRepositoryContract(name: string, make: MakeRecords): void {
  describe(`Ticket repository contract: ${name}`, () => {
    const c = contractRecords(make);

    describe('tickets', () => {
      it('reads a ticket back exactly as it was written', async () => {
        const written = c.ticket(1, {
          status: 'escalated',
          priority: 'high',
          issue_type: 'billing',
          sla_due_at: c.iso(4 * HOUR),
          state: { issue_type: 'billing', asked: ['invoice_id'], fields: { invoice_id: 'INV-2026-0042' }, turns: 2, last_action: 'escalate' },
          slack_channel: 'C0SUPPORT',
          slack_thread_ts: '1764000000.000100',
        });
        await c.records.tickets.create(written);
        expect(await c.records.tickets.get(written.ticket_id)).toEqual(written);
        expect(await c.records.tickets.get(c.id('T', 'missing'))).toBeUndefined();
      });

      it('gives a ticket outside Slack null thread fields', async () => {
        const { slack_channel: _c, slack_thread_ts: _t, ...withoutSlack } = c.ticket(1);
        await c.records.tickets.create(withoutSlack);
        const read = await c.records.tickets.get(withoutSlack.ticket_id);
        expect(read).toMatchObject({ ...withoutSlack, slack_channel: null, slack_thread_ts: null });
      });

      it('refuses a second ticket with the same id and keeps the first', async () => {
        await c.records.tickets.create(c.ticket(1));
        await expect(c.records.tickets.create(c.ticket(1, { message: 'a duplicate delivery' }))).rejects.toThrow();
        expect((await c.records.tickets.get(c.id('T', 1)))!.message).toBe('I was charged twice (message 1)');
      });

      it('creates a ticket unless its id is stored, and hands back the stored one either way (a resumed turn)', async () => {
        const first = c.ticket(1, { slack_channel: 'C0SUPPORT', slack_thread_ts: `${c.run}.000100` });
        expect(await c.records.tickets.createOrFind(first)).toEqual(first);
        const again = await c.records.tickets.createOrFind(c.ticket(1, { message: 'the same turn, run again after a crash' }));
        expect(again).toEqual(first);
        expect(await c.records.tickets.get(c.id('T', 1))).toEqual(first);
      });

      it('updates a ticket: merges the patch, stamps updated_at from the clock, keeps its id', async () => {
        await c.records.tickets.create(c.ticket(1));
        c.clock.advance(HOUR);
        const state = { issue_type: 'billing', asked: ['invoice_id'], fields: {}, turns: 2, last_action: 'ask' };
        const updated = await c.records.tickets.update(c.id('T', 1), { status: 'waiting_on_customer', priority: 'medium', state });

        expect(updated).toMatchObject({ ticket_id: c.id('T', 1), status: 'waiting_on_customer', priority: 'medium', state, message: 'I was charged twice (message 1)' });
        expect(updated.updated_at).toBe(c.clock.now().toISOString());
        expect(await c.records.tickets.get(c.id('T', 1))).toEqual(updated);
        await expect(c.records.tickets.update(c.id('T', 'missing'), { status: 'resolved' })).rejects.toThrow(/not found/);
      });

      it('lists tickets oldest first', async () => {
        await c.records.tickets.create(c.ticket(3));
        await c.records.tickets.create(c.ticket(1));
        await c.records.tickets.create(c.ticket(2));
        const mine = (await c.records.tickets.list()).filter((t) => t.ticket_id.includes(c.run));
        expect(mine.map((t) => t.ticket_id)).toEqual([c.id('T', 1), c.id('T', 2), c.id('T', 3)]);
      });

      it("finds a Slack thread's newest ticket", async () => {
        const thread = { slack_channel: 'C0SUPPORT', slack_thread_ts: `${c.run}.000100` };
        await c.records.tickets.create(c.ticket(1, thread));
        await c.records.tickets.create(c.ticket(2, thread));
        await c.records.tickets.create(c.ticket(3, { slack_channel: 'C0SUPPORT', slack_thread_ts: `${c.run}.000200` }));

        expect((await c.records.tickets.byThread('C0SUPPORT', `${c.run}.000100`))?.ticket_id).toBe(c.id('T', 2));
        expect(await c.records.tickets.byThread('C0OTHER', `${c.run}.000100`)).toBeUndefined();
      });

      it('keeps who holds a ticket, its first response and since when the customer waits', async () => {
        await c.records.tickets.create(c.ticket(1));
        const held = await c.records.tickets.update(c.id('T', 1), {
          owner: 'U0DANA',
          status: 'with_team',
          first_response_at: c.iso(HOUR),
          customer_waiting_since: c.iso(2 * HOUR),
          escalation_ts: '1764000000.000900',
        });
        expect(held).toMatchObject({ owner: 'U0DANA', status: 'with_team', first_response_at: c.iso(HOUR), customer_waiting_since: c.iso(2 * HOUR), escalation_ts: '1764000000.000900' });
        expect(await c.records.tickets.get(c.id('T', 1))).toEqual(held);
        expect(await c.records.tickets.update(c.id('T', 1), { owner: null, customer_waiting_since: null })).toMatchObject({ owner: null, customer_waiting_since: null, first_response_at: c.iso(HOUR) });
      });

      it("finds a customer's newest ticket in a channel, resolved or not, for intake", async () => {
        const customer = `cust_${c.run}`;
        const inSupport = { customer_id: customer, slack_channel: 'C0SUPPORT' };
        await c.records.tickets.create(c.ticket(1, { ...inSupport, slack_thread_ts: `${c.run}.000100` }));
        await c.records.tickets.create(c.ticket(2, { ...inSupport, slack_thread_ts: `${c.run}.000200` }));
        await c.records.tickets.create(c.ticket(3, { ...inSupport, slack_thread_ts: `${c.run}.000300`, status: 'resolved' }));
        await c.records.tickets.create(c.ticket(4, { customer_id: customer, slack_channel: 'C0OTHER', slack_thread_ts: `${c.run}.000400` }));

        // The newest is resolved: intake may reopen it when the customer writes again within the window.
        expect((await c.records.tickets.latestFor(customer, 'C0SUPPORT'))?.ticket_id).toBe(c.id('T', 3));
        expect((await c.records.tickets.latestFor(customer, 'C0OTHER'))?.ticket_id).toBe(c.id('T', 4));
        expect(await c.records.tickets.latestFor(`${customer}_nobody`, 'C0SUPPORT')).toBeUndefined();
      });
    });

    describe('escalations and CSM notices', () => {
      it("keeps a ticket's escalations in order, apart from other tickets'", async () => {
        await c.records.tickets.addEscalation(c.escalation(c.id('T', 1), 2));
        await c.records.tickets.addEscalation(c.escalation(c.id('T', 1), 1, { sla_due_at: null }));
        await c.records.tickets.addEscalation(c.escalation(c.id('T', 2), 3));

        expect(await c.records.tickets.escalationsFor(c.id('T', 1))).toEqual([c.escalation(c.id('T', 1), 1, { sla_due_at: null }), c.escalation(c.id('T', 1), 2)]);
        expect(await c.records.tickets.escalationsFor(c.id('T', 'none'))).toEqual([]);
      });

      it('records an escalation once however often it is re-added', async () => {
        await c.records.tickets.addEscalation(c.escalation(c.id('T', 1), 1));
        await c.records.tickets.addEscalation(c.escalation(c.id('T', 1), 1, { reason: 'a re-run after a crash' }));
        expect(await c.records.tickets.escalationsFor(c.id('T', 1))).toEqual([c.escalation(c.id('T', 1), 1)]);
      });

      it("keeps a ticket's CSM notices, once each", async () => {
        await c.records.tickets.addCsmNotice(c.notice(c.id('T', 1), 1));
        await c.records.tickets.addCsmNotice(c.notice(c.id('T', 1), 2, { csm_name: null }));
        await c.records.tickets.addCsmNotice(c.notice(c.id('T', 1), 1, { risk_reason: 'a re-run after a crash' }));
        await c.records.tickets.addCsmNotice(c.notice(c.id('T', 2), 3));

        expect(await c.records.tickets.csmNoticesFor(c.id('T', 1))).toEqual([c.notice(c.id('T', 1), 1), c.notice(c.id('T', 1), 2, { csm_name: null })]);
        expect(await c.records.tickets.csmNoticesFor(c.id('T', 'none'))).toEqual([]);
      });
    });


    it('takes hostile text: a NUL character never costs a ticket', async () => {
      // SQLite keeps U+0000; PostgreSQL cannot store it in text or jsonb, so that backend drops it.
      await c.records.tickets.create(c.ticket(1, { message: 'refund\u0000 please' }));
      expect((await c.records.tickets.get(c.id('T', 1)))?.message.replaceAll('\u0000', '')).toBe('refund please');
    });

    it('takes hostile text in a new ticket made by its turn: a NUL, a lone surrogate, a typed "\\u0000", quotes and backslashes', async () => {
      // A turn's new ticket and its log lines go out in the statement the turns in flight share on PostgreSQL.
      const message = 'refund\u0000 please \ud800 \\u0000 "quoted" \\ back\\slash {a,b} NULL';
      const state = { ...c.ticket(1).state, fields: { invoice_id: 'in\u0000v "1" \\' } };
      await c.records.tickets.createOrFind(c.ticket(1, { message, state }));
      const stored = await c.records.tickets.get(c.id('T', 1));
      // A lone surrogate is not text either backend keeps: each stores replacement characters for it (SQLite three).
      const asSent = (text: string) => text.replaceAll('\u0000', '').replace(/[\ud800\ufffd]+/, '?');
      expect(asSent(stored?.message ?? '')).toBe(asSent(message));
      expect(stored?.state.fields.invoice_id?.replaceAll('\u0000', '')).toBe('inv "1" \\');
    });

    it('keeps tickets and escalations across a restart', async () => {
      await c.records.tickets.create(c.ticket(1));
      await c.records.tickets.addEscalation(c.escalation(c.id('T', 1), 1));
      await c.reopen();
      expect(await c.records.tickets.get(c.id('T', 1))).toEqual(c.ticket(1));
      expect(await c.records.tickets.escalationsFor(c.id('T', 1))).toEqual([c.escalation(c.id('T', 1), 1)]);
    });
  });
}
