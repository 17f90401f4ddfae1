// A customer's follow-up in the same Slack thread is the same ticket, not a repeat of it: each answered
// turn writes an outcome memory (with the ticket's id), and the next turn of that ticket must not count
// it as an earlier issue. Over signed Slack deliveries: Fiona (Free) had one how-to ticket before; she
// asks a how-to, it is answered, and in the thread she asks for a person. A person takes it at Free's
// default priority, the reply says nothing about repeat problems, and the brief's earlier issues list
// her earlier ticket but not this one. And a customer whose how-tos are a repeat, whose answer did not
// solve it, goes at the plan's default priority as a "No" does, so the reply does not say it was flagged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postInSupport, threadReplies } from './ask-in-support.js';
import { escalationChannel, startSeededSlackHarness, supportChannel, users, waitFor, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSeededSlackHarness();
  // What an earlier ticket's write-back leaves in memory (store_support_outcome_memory's text and metadata).
  await h.memdesk.seed(
    [
      {
        scope: 'customer',
        id: 'cust_fiona',
        text: 'On 2026-10-02 Fiona Park reported a how to issue ("How do I invite a teammate to my workspace?"); answered (ticket tkt_earlier_invite).',
        metadata: { issue_type: 'how_to', status: 'resolved', ticket_id: 'tkt_earlier_invite', date: '2026-10-02' },
      },
      ...['2026-09-14', '2026-10-20'].map((date, i) => ({
        scope: 'customer' as const,
        id: 'cust_ben',
        text: `On ${date} Ben Carter reported a how to issue ("How do I ${i ? 'export a report' : 'archive a project'}?"); answered (ticket tkt_earlier_ben_${i}).`,
        metadata: { issue_type: 'how_to', status: 'resolved', ticket_id: `tkt_earlier_ben_${i}`, date },
      })),
    ],
    { actor: 'test' },
  );
});
afterAll(async () => {
  await h?.close();
});

describe("a follow-up in the customer's own ticket", () => {
  it('is not counted as a repeat of that ticket, and the brief does not list the ticket as an earlier issue', async () => {
    const asked = await postInSupport(h, users.fiona, 'How do I set up a webhook for new tasks?');
    expect(String(threadReplies(h, asked)[0]?.args.text)).toContain('https://help.cobalt.example/developers/webhooks');
    const ticket = (await h.memdesk.tickets.byThread(supportChannel, asked))!;
    // The answer's write-back is in her memory, under this ticket.
    const remembered = await h.memdesk.memory.list({ kind: 'customer', id: 'cust_fiona' });
    expect(remembered.some((m) => m.metadata.ticket_id === ticket.ticket_id)).toBe(true);

    await postInSupport(h, users.fiona, 'Can I talk to a person about this, please?', asked);
    const reply = String(threadReplies(h, asked)[1]?.args.text);
    expect(reply).toMatch(/^Thanks, Fiona\. I've passed this to our support team\. /);
    expect(reply).not.toContain("isn't the first");

    const escalation = await waitFor(
      () => h.api.accepted('chat.postMessage').find((c) => c.args.channel === escalationChannel && !c.args.thread_ts && JSON.stringify(c.args.blocks ?? '').includes(ticket.ticket_id)),
      'the escalation post',
    );
    expect(String(escalation.args.text)).toMatch(/, low priority$/); // Free's default: one earlier how-to is no repeat
    expect(await h.memdesk.tickets.get(ticket.ticket_id)).toMatchObject({ status: 'escalated', priority: 'low' });
    const [record] = await h.memdesk.tickets.escalationsFor(ticket.ticket_id);
    const earlier = record!.handoff_summary.split('\n').find((line) => line.startsWith('Earlier how_to issues:'));
    expect(earlier).toContain('tkt_earlier_invite');
    expect(earlier).not.toContain(ticket.ticket_id);
  });
});

describe('a repeat customer whose answer did not solve it', () => {
  it('goes to a person at the plan\'s default priority, and the reply does not say it was flagged to be handled first', async () => {
    const asked = await postInSupport(h, users.ben, 'How do I rotate an API key?');
    expect(String(threadReplies(h, asked)[0]?.args.text)).toContain('https://help.cobalt.example/developers/api-keys');
    const ticket = (await h.memdesk.tickets.byThread(supportChannel, asked))!;

    await postInSupport(h, users.ben, 'I followed the steps to rotate the API key but the old key still works.', asked);
    // The "No, I need a person" reply, as the button gives it (Northwind is on Pro).
    expect(String(threadReplies(h, asked)[1]?.args.text)).toMatch(/^Thanks, Ben\. I've passed this to our support team\. You'll hear from them by today at 5:00 PM EST\.$/);
    expect(await h.memdesk.tickets.get(ticket.ticket_id)).toMatchObject({ status: 'escalated', priority: 'medium' });
  });
});
