// A customer's follow-up posted as a new top-level message, through signed Slack requests, on SQLite
// and on PostgreSQL, asserting what the customer sees in the workspace: the follow-up joins their open
// ticket, is read (its words change the decision), and the answer lands in the ticket's thread AND in
// the channel (reply_broadcast, stored as Slack does: a thread_broadcast). A clearly different request
// is a ticket of its own, and a reply under the follow-up continues the ticket it joined.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../src/emulator/conversations.js';
import { escalationChannel, recordsBackends, startSlackHarness, supportChannel, turnDone, users, waitFor, type SlackHarness } from './harness.js';
import { messageEvent } from './samples.js';
import type { Reader, ReaderInput } from '../../src/core/reading.js';

const backends = await recordsBackends();

describe.each(backends)('intake of top-level follow-ups on %s', (_name, backendEnv) => {
  let h: SlackHarness;
  const readInThread: ReaderInput[] = [];
  beforeAll(async () => {
    // Every reading of a message with its thread, to see how often a joined follow-up is read.
    const wrapReader = (reader: Reader): Reader => ({ ...reader, read: (input) => (readInThread.push(input), reader.read(input)) });
    h = await startSlackHarness({ env: { ...backendEnv, INTAKE_QUIET_MS: '300', INTAKE_WINDOW: '120' }, wrapReader });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** The customer writes in the workspace (so it shows there) and Slack tells the bot, as it would. */
  async function say(user: string, text: string, opts: { threadTs?: string } = {}): Promise<string> {
    const stored = h.api.conversations.post(supportChannel, { user, text, ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}) });
    const envelope = messageEvent({ channel: supportChannel, user, text, ts: stored.ts, ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}) });
    if (stored.parent_user_id) envelope.event.parent_user_id = stored.parent_user_id;
    expect((await h.send({ json: envelope })).status).toBe(200);
    return stored.ts;
  }
  const botPostsIn = (threadTs: string): SlackMessage[] => h.api.conversations.replies(supportChannel, threadTs).filter((m) => m.bot_id && m.ts !== threadTs);
  /** What the customer sees in the channel itself (not in any thread): the bot's messages there. */
  const botInChannel = (): SlackMessage[] => h.api.conversations.history(supportChannel).filter((m) => m.bot_id);
  const ticketsOf = async (customerId: string) => (await h.memdesk.tickets.list()).filter((t) => t.customer_id === customerId);
  const readingsOf = async (ticketId: string) => (await h.memdesk.operationLog.read({ ticketId })).filter((e) => e.kind === 'message_read').map((e) => e.detail as Record<string, unknown>);
  const escalationsOf = (ticketId: string) => h.api.accepted('chat.postMessage').filter((c) => c.args.channel === escalationChannel && !c.args.thread_ts && JSON.stringify(c.args.blocks).includes(ticketId));

  it("reads a top-level follow-up into the open ticket and answers in the ticket's thread and in the channel", async () => {
    const first = await say(users.fiona, 'Hi, I was charged twice for my subscription this month. Can you sort this out?');
    await turnDone(h.api, supportChannel, first);
    const [ticket] = await ticketsOf('cust_fiona');
    // Asked for the invoice ID, in the thread the customer opened: nothing broadcast.
    expect(ticket).toMatchObject({ slack_thread_ts: first, issue_type: 'billing', status: 'waiting_on_customer' });
    expect(botPostsIn(first)).toHaveLength(1);
    expect(botPostsIn(first)[0]!.text).toMatch(/invoice/i);
    expect(botInChannel()).toEqual([]);

    // The customer answers with a new top-level message, not in the thread.
    const followUp = await say(users.fiona, "It's INV-2041, and it's urgent: our whole team is blocked");
    await turnDone(h.api, supportChannel, followUp);

    // One ticket; the follow-up was its second turn, and it was read: the invoice ID and the impact.
    expect(await ticketsOf('cust_fiona')).toHaveLength(1);
    const after = (await h.memdesk.tickets.get(ticket!.ticket_id))!;
    expect(after.state.turns).toBe(2);
    const readings = await readingsOf(ticket!.ticket_id);
    expect(readings).toHaveLength(2);
    expect(readings[1]).toMatchObject({ fields: ['invoice_id'], severity: { many_users: true } });
    // Read once, with the ticket's first message as its thread: the join decision's reading is the turn's.
    expect(readInThread.filter((i) => i.text === "It's INV-2041, and it's urgent: our whole team is blocked" && i.thread?.length)).toHaveLength(1);
    // ...which changes the decision: no second question; the billing team takes it, with the invoice.
    expect(after).toMatchObject({ status: 'escalated', state: { fields: { invoice_id: 'INV-2041' } } });
    const escalation = await waitFor(() => escalationsOf(ticket!.ticket_id)[0], 'the escalation post');
    expect(JSON.stringify(escalation.args.blocks)).toContain('INV-2041');

    // The answer is in the ticket's thread, and also in the channel where the customer wrote.
    const replies = botPostsIn(first);
    expect(replies).toHaveLength(2);
    const answer = replies[1]!;
    expect(answer).toMatchObject({ subtype: 'thread_broadcast', thread_ts: first });
    expect(answer.text).toMatch(/billing team/);
    const inChannel = botInChannel();
    expect(inChannel.map((m) => m.ts)).toEqual([answer.ts]);
    expect(inChannel[0]).toMatchObject({ subtype: 'thread_broadcast', thread_ts: first, root: { ts: first, user: users.fiona } });
    // Nothing under the follow-up itself: the conversation stays in the ticket's thread.
    expect(botPostsIn(followUp)).toEqual([]);
  });

  it('joins a vague follow-up, and opens a ticket of its own for a clearly different request', async () => {
    const outage = await say(users.ben, 'Our dashboard is down, nothing loads at all');
    await turnDone(h.api, supportChannel, outage);
    const [outageTicket] = await ticketsOf('cust_ben');
    expect(outageTicket).toMatchObject({ issue_type: 'outage' });

    const vague = await say(users.ben, 'still broken');
    await turnDone(h.api, supportChannel, vague);
    expect(await ticketsOf('cust_ben')).toHaveLength(1);
    expect(botPostsIn(outage).map((m) => m.subtype)).toEqual(['bot_message', 'thread_broadcast']);

    const billing = await say(users.ben, 'Separately: invoice INV-9 was charged twice');
    await turnDone(h.api, supportChannel, billing);
    const tickets = await ticketsOf('cust_ben');
    expect(tickets).toHaveLength(2);
    const billingTicket = await h.memdesk.findTicketByThread(supportChannel, billing);
    expect(billingTicket).toMatchObject({ customer_id: 'cust_ben', issue_type: 'billing', message: 'Separately: invoice INV-9 was charged twice' });
    // Answered in its own thread, where the customer wrote; the outage thread heard nothing of it.
    expect(botPostsIn(billing)).toHaveLength(1);
    expect(botPostsIn(billing)[0]).toMatchObject({ subtype: 'bot_message' });
    expect(botPostsIn(outage)).toHaveLength(2);
    expect((await h.memdesk.tickets.get(outageTicket!.ticket_id))?.state.turns).toBe(2);
  });

  it('continues the ticket when the customer replies under their own follow-up', async () => {
    const first = await say(users.elena, 'Hi, I was charged twice for my subscription this month. Can you sort this out?');
    await turnDone(h.api, supportChannel, first);
    const [ticket] = await ticketsOf('cust_elena');
    expect(ticket).toMatchObject({ issue_type: 'billing', status: 'waiting_on_customer' });

    const followUp = await say(users.elena, 'any update?');
    await turnDone(h.api, supportChannel, followUp);
    expect(await ticketsOf('cust_elena')).toHaveLength(1);

    // The customer answers in the thread Slack shows under their follow-up, not in the ticket's.
    const reply = await say(users.elena, 'the invoice is INV-3077', { threadTs: followUp });
    await turnDone(h.api, supportChannel, reply);
    expect(await ticketsOf('cust_elena')).toHaveLength(1);
    const after = (await h.memdesk.tickets.get(ticket!.ticket_id))!;
    expect(after.state.turns).toBe(3);
    expect(after.state.fields).toMatchObject({ invoice_id: 'INV-3077' });
    expect(after.status).toBe('escalated');
    // Answered in the ticket's thread and in the channel; nothing under the follow-up.
    const answers = botPostsIn(first);
    expect(answers).toHaveLength(3);
    expect(answers[2]).toMatchObject({ subtype: 'thread_broadcast' });
    expect(answers[2]!.text).toMatch(/INV-3077/);
    expect(botPostsIn(followUp)).toEqual([]);
  });
  it("raises an escalated ticket's priority when a follow-up says the impact grew, tells the team in the escalation thread, and tells the customer", async () => {
    const ava = 'U0AVA';
    // Northwind is on the Pro plan: billing goes to a person at medium; what the customer says about impact may raise it to high.
    await h.memdesk.seed([{ scope: 'account', id: 'acct_northwind', text: 'Northwind Traders is on the Pro plan.' }], { actor: 'test' });
    const first = await say(ava, 'Hi, invoice INV-5120 was charged twice this month. Can you refund one of the charges?');
    await turnDone(h.api, supportChannel, first);
    const [ticket] = await ticketsOf('cust_ava');
    expect(ticket).toMatchObject({ status: 'escalated', priority: 'medium', issue_type: 'billing' });
    const escalation = await waitFor(() => escalationsOf(ticket!.ticket_id)[0], 'the escalation post');

    const followUp = await say(ava, "it's urgent now, the whole team is blocked");
    await turnDone(h.api, supportChannel, followUp);
    expect(await ticketsOf('cust_ava')).toHaveLength(1);
    // The record: the priority went up (within the Pro plan's rules), the ticket stays with the team.
    const after = (await h.memdesk.tickets.get(ticket!.ticket_id))!;
    expect(after).toMatchObject({ status: 'escalated', priority: 'high' });
    const raised = (await h.memdesk.operationLog.read({ ticketId: ticket!.ticket_id })).filter((e) => e.kind === 'priority_raised');
    expect(raised.map((e) => e.detail)).toEqual([{ from: 'medium', to: 'high', reasons: ['production blocked', 'many users'] }]);
    // The team hears of it in the escalation's thread: the new priority, why, and the customer's words.
    const note = await waitFor(
      () => h.api.accepted('chat.postMessage').find((c) => c.args.channel === escalationChannel && c.args.thread_ts === escalation.response.ts),
      'the note in the escalation thread',
    );
    expect(String(note.args.text)).toMatch(/priority.*medium.*high/i);
    expect(String(note.args.text)).toMatch(/many users/);
    expect(String(note.args.text)).toContain('the whole team is blocked');
    // The customer is told the team was told, in the ticket's thread and in the channel.
    const reply = botPostsIn(first).at(-1)!;
    expect(reply).toMatchObject({ subtype: 'thread_broadcast' });
    expect(reply.text).toMatch(/let them know|told them/i);
    // Still the billing ticket it was: the impact words did not make it another issue.
    expect(reply.text).toMatch(/billing team/);
    expect(after.issue_type).toBe('billing');
  });
  it('continues and reopens the ticket just answered and resolved when the customer says within the window that it did not work', async () => {
    const first = await say(users.fiona, "I can't log in to my account, it says my password is wrong");
    await turnDone(h.api, supportChannel, first);
    const ticket = (await h.memdesk.findTicketByThread(supportChannel, first))!;
    // Answered with the self-service steps, and resolved at once.
    expect(ticket).toMatchObject({ customer_id: 'cust_fiona', issue_type: 'access', status: 'resolved' });
    expect(botPostsIn(first)).toHaveLength(1);

    const followUp = await say(users.fiona, "I tried the reset link but I still can't sign in to my account");
    await turnDone(h.api, supportChannel, followUp);
    // No second ticket: the follow-up is the answered ticket's second turn, and it reopened it.
    expect(await h.memdesk.findTicketByThread(supportChannel, followUp)).toBeUndefined();
    const after = (await h.memdesk.tickets.get(ticket.ticket_id))!;
    expect(after.state.turns).toBe(2);
    const log = await h.memdesk.operationLog.read({ ticketId: ticket.ticket_id });
    expect(log.filter((e) => e.kind === 'ticket_reopened')).toHaveLength(1);
    expect(log.filter((e) => e.kind === 'ticket_received').map((e) => e.detail.message)).toEqual([ticket.message, "I tried the reset link but I still can't sign in to my account"]);
    // Answered in the ticket's thread and in the channel; nothing under the follow-up.
    const replies = botPostsIn(first);
    expect(replies).toHaveLength(2);
    expect(replies[1]).toMatchObject({ subtype: 'thread_broadcast' });
    expect(botPostsIn(followUp)).toEqual([]);
  });
  it('joins a follow-up that only adds impact and an error code to the open outage ticket', async () => {
    const outage = await say(users.elena, 'Our dashboard is down, nothing loads at all');
    await turnDone(h.api, supportChannel, outage);
    const ticket = (await h.memdesk.findTicketByThread(supportChannel, outage))!;
    expect(ticket).toMatchObject({ customer_id: 'cust_elena', issue_type: 'outage' });

    // Its impact words lean the reader to access, but it asks for nothing else: the outage ticket's next turn.
    const impact = await say(users.elena, "it's urgent, everyone on our team is blocked, error code E503");
    await turnDone(h.api, supportChannel, impact);
    expect(await h.memdesk.findTicketByThread(supportChannel, impact)).toBeUndefined();
    const after = (await h.memdesk.tickets.get(ticket.ticket_id))!;
    expect(after.state.turns).toBe(2);
    expect(after.state.fields).toMatchObject({ error_code: 'E503' });
    expect(botPostsIn(outage).at(-1)).toMatchObject({ subtype: 'thread_broadcast' });
    expect(botPostsIn(impact)).toEqual([]);
  });
});
