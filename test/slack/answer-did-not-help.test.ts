// A customer writes back in the thread of an answer from the help center, over Slack's real protocols
// (signed Events API deliveries to the Bolt receiver, the Web API calls memdesk makes back): "still
// doesn't work" is a "No, I need a person" in words. The same article is not sent again; the ticket
// goes to a person at the plan's default priority with the failed article named in the brief, the
// answer is marked not helpful (its buttons take no second mark), and once staff resolve it the
// question is a knowledge gap. A resolved answer reopened the same way goes the same way; a follow-up
// that asks something else is answered as usual.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postInSupport, threadReplies } from './ask-in-support.js';
import { escalationChannel, startSeededSlackHarness, supportChannel, users, waitFor, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSeededSlackHarness();
});
afterAll(async () => {
  await h?.close();
});

const escalationPostFor = (ticketId: string) =>
  waitFor(() => h.api.accepted('chat.postMessage').find((c) => c.args.channel === escalationChannel && !c.args.thread_ts && JSON.stringify(c.args.blocks ?? '').includes(ticketId)), `the escalation post of ${ticketId}`);

describe('a follow-up saying the answer did not help', () => {
  it('is not answered with the same article again: it goes to a person with that article named, and becomes a gap once resolved', async () => {
    const asked = await postInSupport(h, users.ben, 'How do I rotate an API key?');
    const [answer] = threadReplies(h, asked);
    expect(String(answer?.args.text)).toContain('<https://help.cobalt.example/developers/api-keys|Create, scope and rotate API keys>');
    const ticket = (await h.memdesk.tickets.byThread(supportChannel, asked))!;
    expect(ticket.status).toBe('waiting_on_customer');

    await postInSupport(h, users.ben, 'I followed the steps to rotate the API key but the old key still works.', asked);
    const replies = threadReplies(h, asked);
    expect(replies).toHaveLength(2);
    const reply = String(replies[1]!.args.text);
    expect(reply).not.toContain('developers/api-keys');
    expect(reply).not.toContain('Here is what our help center says');
    // The No button's reply: a person takes it, by the next-response due time (Northwind is on Pro).
    expect(reply).toMatch(/^Thanks, Ben\. I've passed this to our support team\. You'll hear from them by today at 5:00 PM EST\.$/);

    const escalation = await escalationPostFor(ticket.ticket_id);
    expect(String(escalation.args.text)).toMatch(/, medium priority$/); // Pro's default, as a "No" gets
    const brief = JSON.stringify(escalation.args.blocks);
    expect(brief).toContain('Create, scope and rotate API keys (https://help.cobalt.example/developers/api-keys)');
    expect(brief).toContain('that article did not solve it');
    expect(brief).toContain('the customer said the help-center answer did not solve it');
    expect(await h.memdesk.tickets.get(ticket.ticket_id)).toMatchObject({ status: 'escalated', priority: 'medium' });

    // The answer is marked as a "No" marks it: its buttons take no second mark.
    const marks = (await h.memdesk.operationLog.read({ ticketId: ticket.ticket_id })).filter((op) => op.kind === 'answer_feedback');
    expect(marks.map((op) => op.detail)).toEqual([{ helpful: false, actor: users.ben, articles: ['developers/api-keys'], escalation_id: expect.any(String) }]);
    expect(await h.memdesk.answerFeedback(ticket.ticket_id, false, { actor: users.ben })).toMatchObject({ kind: 'already_marked', helpful: false });

    await h.memdesk.updateTicketStatus(ticket.ticket_id, 'resolved', { actor: users.dana, note: 'The key needs the write scope before it can be rotated. Edit the key, tick write and save, then rotate it.' });
    const gap = (await h.memdesk.knowledgeGaps()).find((g) => g.ticket_id === ticket.ticket_id);
    expect(gap).toMatchObject({ reason: 'not_helpful', topic: 'developers', articles: ['developers/api-keys'], question: 'How do I rotate an API key?', status: 'open' });
  });

  it('reopens a resolved answer and hands it to a person the same way', async () => {
    const asked = await postInSupport(h, users.fiona, 'How do I set up a webhook for new tasks?');
    expect(String(threadReplies(h, asked)[0]?.args.text)).toContain('https://help.cobalt.example/developers/webhooks');
    const ticket = (await h.memdesk.tickets.byThread(supportChannel, asked))!;
    expect(await h.memdesk.answerFeedback(ticket.ticket_id, true, { actor: users.fiona })).toMatchObject({ kind: 'recorded', ticket: { status: 'resolved' } });

    await postInSupport(h, users.fiona, 'I followed the steps for the webhook again today, still no events arrive.', asked);
    const reply = String(threadReplies(h, asked)[1]?.args.text);
    expect(reply).not.toContain('developers/webhooks');
    expect(reply).toMatch(/^Thanks, Fiona\. I've passed this to our support team\. /);
    const escalation = await escalationPostFor(ticket.ticket_id);
    expect(String(escalation.args.text)).toMatch(/, low priority$/); // Free's default
    expect(JSON.stringify(escalation.args.blocks)).toContain('(https://help.cobalt.example/developers/webhooks); the customer wrote back that it still does not work');
    const ops = await h.memdesk.operationLog.read({ ticketId: ticket.ticket_id });
    expect(ops.some((op) => op.kind === 'ticket_reopened')).toBe(true);
    expect(ops.filter((op) => op.kind === 'answer_feedback').map((op) => op.detail.helpful)).toEqual([true, false]);
  });

  it('"No, I need a person" written under the answer: the brief carries the question and the article that failed', async () => {
    const question = 'How do I set up a webhook for new tasks?';
    const asked = await postInSupport(h, users.elena, question);
    expect(String(threadReplies(h, asked)[0]?.args.text)).toContain('https://help.cobalt.example/developers/webhooks');
    const ticket = (await h.memdesk.tickets.byThread(supportChannel, asked))!;

    await postInSupport(h, users.elena, 'No, I need a person', asked);
    const reply = String(threadReplies(h, asked)[1]?.args.text);
    expect(reply).toMatch(/^Thanks, Elena\. /);
    expect(reply).not.toContain('developers/webhooks');
    const brief = JSON.stringify((await escalationPostFor(ticket.ticket_id)).args.blocks);
    expect(brief).toContain('Customer wrote: \\"No, I need a person\\"');
    expect(brief).toContain(`Customer asked first: \\"${question}\\"`);
    expect(brief).toContain('memdesk answered from Set up webhooks and verify their signatures (https://help.cobalt.example/developers/webhooks); the customer asked for a person instead: that article did not solve it');
    // It is the No button in words: the answer is marked not helpful, and its buttons take no second mark.
    const marks = (await h.memdesk.operationLog.read({ ticketId: ticket.ticket_id })).filter((op) => op.kind === 'answer_feedback');
    expect(marks.map((op) => op.detail)).toEqual([{ helpful: false, actor: users.elena, articles: ['developers/webhooks'], escalation_id: expect.any(String) }]);
  });

  it('answers a follow-up that asks something else as usual', async () => {
    const asked = await postInSupport(h, users.elena, 'How do I rotate an API key?');
    const ticket = (await h.memdesk.tickets.byThread(supportChannel, asked))!;
    await postInSupport(h, users.elena, 'Thanks! And how do I export my project data to CSV?', asked);
    const reply = String(threadReplies(h, asked)[1]?.args.text);
    expect(reply).toContain('Here is what our help center says');
    expect(reply).toContain('https://help.cobalt.example/data/export-data');
    expect((await h.memdesk.tickets.get(ticket.ticket_id))?.status).toBe('waiting_on_customer');
    expect((await h.memdesk.operationLog.read({ ticketId: ticket.ticket_id })).some((op) => op.kind === 'answer_feedback')).toBe(false);
  });
});
