// What the customer is promised and what staff see are one due time: the ticket's own running
// response clock (business minutes in the account's hours), written in the customer's reply in the
// account's zone, named once. A resolved ticket the customer writes to again has its resolution
// clock running again, resumed with the time it was open counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MESSAGE } from '../support/memdesk-env.js';
import { escalationChannel, nextTs, supportChannel, turnDone, users, startSeededSlackHarness, type SlackHarness } from './harness.js';
import { messageEvent } from './samples.js';

const MINUTE = 60_000;

describe('the due time a customer is promised', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSeededSlackHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  async function post(user: string, text: string, threadTs?: string) {
    const event = messageEvent({ channel: supportChannel, user, text, ...(threadTs ? { thread_ts: threadTs, ts: nextTs() } : {}) });
    await h.send({ json: event });
    const ts = event.event.ts as string;
    await turnDone(h.api, supportChannel, ts);
    const replies = h.api.accepted('chat.postMessage').filter((c) => c.args.channel === supportChannel && c.args.thread_ts === (threadTs ?? ts));
    return { ts, reply: String(replies.at(-1)!.args.text) };
  }

  it("is the ticket's first-response due time, in the account's zone (Pro: 480 business minutes in America/New_York)", { timeout: 60_000 }, async () => {
    // Wed 25 Nov 10:00 UTC is 05:00 in New York: the 8 working hours run 09:00-17:00 there.
    const { ts, reply } = await post(users.ben, DEMO_MESSAGE);
    expect(reply).toContain('by today at 5:00 PM EST.');
    expect(reply).not.toContain('America/New_York');
    expect(reply).not.toContain('UTC');
    const ticket = (await h.memdesk.tickets.list()).find((t) => t.slack_thread_ts === ts)!;
    expect(ticket.state.clocks!.first_response!.due_at).toBe('2026-11-25T22:00:00.000Z');
    // Staff's "SLA due" is the same instant, and so is the escalation's record.
    expect(ticket.sla_due_at).toBe('2026-11-25T22:00:00.000Z');
    const [escalation] = await h.memdesk.tickets.escalationsFor(ticket.ticket_id);
    expect(escalation!.sla_due_at).toBe('2026-11-25T22:00:00.000Z');
    const handoff = h.api.accepted('chat.postMessage').filter((c) => c.args.channel === escalationChannel && !c.args.thread_ts).at(-1)!;
    expect(JSON.stringify(handoff.args.blocks)).toContain(`<!date^${Date.parse('2026-11-25T22:00:00Z') / 1000}^`);
    // The brief names the SLA the clocks count, not the 24 hours of sla_hours.
    expect(JSON.stringify(handoff.args.blocks)).toContain('SLA in business minutes: first response 480, next response 480, resolution 2400');
    expect(JSON.stringify(handoff.args.blocks)).not.toContain('24-hour SLA');
  });

  it('an Enterprise account kept in UTC around the clock is told its 240-minute first response in UTC', { timeout: 60_000 }, async () => {
    const { reply } = await post(users.elena, DEMO_MESSAGE);
    expect(reply).toContain('by today at 14:00 UTC');
  });

  it("a resolved ticket written to again runs its resolution clock again, resumed where it stopped", { timeout: 60_000 }, async () => {
    const { ts } = await post(users.elena, 'How do I export my invoices as CSV?');
    const id = (await h.memdesk.tickets.list()).find((t) => t.slack_thread_ts === ts)!.ticket_id;
    // Open for 2 hours of its 24/7 1440-minute window, then resolved; 5 hours later the customer writes again.
    h.memdesk.clock.advance(120 * MINUTE);
    await h.memdesk.updateTicketStatus(id, 'resolved', { actor: users.dana });
    expect((await h.memdesk.tickets.get(id))!.state.clocks!.resolution!.stopped_at).toBeTruthy();
    h.memdesk.clock.advance(300 * MINUTE);
    const reopenedAt = h.memdesk.clock.now().getTime();
    await post(users.elena, 'It came back: the export is empty again.', ts);
    const reopened = (await h.memdesk.tickets.get(id))!;
    expect(reopened.status).not.toBe('resolved');
    const resolution = reopened.state.clocks!.resolution!;
    expect(resolution.stopped_at).toBeNull();
    // The clock runs with real time under its pin: a few seconds either way.
    expect(Math.abs(Date.parse(resolution.due_at) - reopenedAt - (1440 - 120) * MINUTE)).toBeLessThan(30_000);
    const due = await h.memdesk.tickets.list();
    expect(due.find((t) => t.ticket_id === id)!.state.clocks!.resolution!.due_at).toBe(resolution.due_at);
  });
});
