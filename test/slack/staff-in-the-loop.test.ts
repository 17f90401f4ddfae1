// People in the loop, through signed Slack requests, on SQLite and on PostgreSQL: staff replies are
// human replies (never tickets), Take it makes an owner and the bot stays out of the thread, Hand
// back returns it (memdesk answers a customer left waiting), only staff may press the buttons, a customer's quick messages are one ticket with
// one reply, a staff 🎫 makes a ticket, and a top-level "thanks!" is nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../support/slack-api-server.js';
import { DEMO_MESSAGE } from '../support/memdesk-env.js';
import { callsFor, escalationChannel, nextTs, recordsBackends, startSeededSlackHarness, startSlackHarness, supportChannel, teamId, turnDone, users, waitFor, type SlackHarness, escalationButtonClick, inboxSettled, postsInThread } from './harness.js';
import { whileDeciding } from './while-deciding.js';
import { buildSupportReport } from '../../src/insights/support-report.js';
import { ticketViews } from '../../src/page/records-view.js';
import { eventSample, messageEvent, slashCommandBody } from './samples.js';

const stranger = 'U0STRANGER';
const ava = 'U0AVA';
const backends = await recordsBackends();

describe.each(backends)('staff in the loop on %s', (_name, backendEnv) => {
  let h: SlackHarness;
  beforeAll(async () => {
    // A short quiet period keeps the test quick; long enough that two back-to-back posts fall in it.
    h = await startSlackHarness({ env: { ...backendEnv, INTAKE_QUIET_MS: '400', INTAKE_WINDOW: '120' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function post(user: string, text: string, extra: { thread_ts?: string; ts?: string; channel?: string; user_team?: string } = {}) {
    const event = messageEvent({ channel: extra.channel ?? supportChannel, user, text, ...(extra.thread_ts ? { thread_ts: extra.thread_ts } : {}), ...(extra.ts ? { ts: extra.ts } : {}) });
    if (extra.user_team) event.event.user_team = extra.user_team;
    expect((await h.send({ json: event })).status).toBe(200);
    return event.event.ts as string;
  }
  const ticketOn = async (ts: string, channel = supportChannel) => h.memdesk.findTicketByThread(channel, ts);
  const postsIn = (ts: string) => postsInThread(h, ts);
  const settled = () => inboxSettled(h);
  const escalationOf = (ticketId: string) =>
    waitFor(() => h.api.accepted('chat.postMessage').find((c) => c.args.channel === escalationChannel && !c.args.thread_ts && JSON.stringify(c.args.blocks ?? '').includes(ticketId)), 'the escalation post');

  async function press(actionId: string, o: { ticketId: string; escalation: RecordedCall; user: string; blocks?: unknown }) {
    const responseUrlId = `${actionId}-${o.user}-${nextTs()}`;
    const res = await h.send({ interaction: escalationButtonClick({ actionId, ticketId: o.ticketId, blocks: o.blocks ?? o.escalation.args.blocks, messageTs: String(o.escalation.response.ts), responseUrl: `${h.api.responseUrlBase}${responseUrlId}`, user: o.user }) });
    expect(res.status).toBe(200);
    return responseUrlId;
  }

  it("records a staff reply in a customer's thread with the owner, posts nothing, and keeps memdesk's question as the first response", async () => {
    // Asked for the invoice id, the ticket stays open (a ticket the bot resolved takes no owner).
    const ts = await post(users.fiona, DEMO_MESSAGE);
    await turnDone(h.api, supportChannel, ts);
    const ticket = await ticketOn(ts);
    // memdesk's question in her thread is the first response she received.
    expect(postsIn(ts)).toHaveLength(1);
    const first = ticket?.first_response_at;
    expect(first).toEqual(expect.any(String));
    const callsBefore = h.api.calls.length;

    const staffTs = await post(users.sam, 'Hi Fiona, I will walk you through it.', { thread_ts: ts });
    await settled();
    expect(callsFor(h.api, supportChannel, staffTs)).toEqual([]);
    expect(h.api.calls.slice(callsBefore).filter((c) => c.method !== 'auth.test')).toEqual([]);
    const after = await h.memdesk.tickets.get(ticket!.ticket_id);
    expect(after).toMatchObject({ owner: users.sam, status: 'with_team', first_response_at: first });
    const replied = (await h.memdesk.operationLog.read({ ticketId: ticket!.ticket_id })).filter((e) => e.kind === 'human_replied');
    expect(replied.map((e) => e.detail)).toEqual([{ actor: users.sam, first_response: false }]);

    // A second staff reply keeps the first response time.
    await post(users.dana, 'Also, PDF export is under File → Export.', { thread_ts: ts });
    await settled();
    expect(await h.memdesk.tickets.get(ticket!.ticket_id)).toMatchObject({ first_response_at: first, owner: users.dana });
  });

  it('ignores a staff announcement at the top level, and a member of our own team in a shared Slack Connect channel', async () => {
    const before = (await h.memdesk.tickets.list()).length;
    const announce = await post(users.dana, 'Heads up: maintenance tonight at 22:00 UTC.');
    // Someone from the operator's own workspace (T0MEMDESK) in Northwind's shared channel is staff.
    const connect = await post('U0OURTEAM', 'We are looking into the sync delay for everyone.', { channel: 'C0NORTHWIND', user_team: teamId });
    await settled();
    expect(callsFor(h.api, supportChannel, announce)).toEqual([]);
    expect(callsFor(h.api, 'C0NORTHWIND', connect)).toEqual([]);
    expect(await h.memdesk.tickets.list()).toHaveLength(before);
  });

  it("makes a ticket of a message from the customer's side of a shared Slack Connect channel, whichever team Slack's envelope names", async () => {
    // In a shared channel Slack may name the team an event came from in the envelope's team_id (its
    // shared-channel samples: team_id T_SOURCE, the installation in authorizations): not our team.
    const event = messageEvent({ channel: 'C0NORTHWIND', user: 'U0NWBUYER', text: 'Our CSV exports fail with an error since this morning.' });
    event.team_id = 'T0NORTHWIND';
    event.authorizations = [{ enterprise_id: null, team_id: teamId, user_id: h.api.botUserId, is_bot: true, is_enterprise_install: false }];
    event.event.team = 'T0NORTHWIND';
    event.event.user_team = 'T0NORTHWIND';
    expect((await h.send({ json: event })).status).toBe(200);
    const ts = event.event.ts as string;
    await turnDone(h.api, 'C0NORTHWIND', ts);
    expect(await ticketOn(ts, 'C0NORTHWIND')).toMatchObject({ account_id: 'acct_northwind' });
    expect(postsIn(ts)).toHaveLength(1);
  });

  it('ignores a top-level pleasantry', async () => {
    const before = (await h.memdesk.tickets.list()).length;
    const ts = await post(users.elena, 'thanks! :pray:');
    await settled();
    expect(callsFor(h.api, supportChannel, ts)).toEqual([]);
    expect(await h.memdesk.tickets.list()).toHaveLength(before);
  });

  it("keeps the bot out of a taken ticket's thread, tells the owner of a follow-up, and answers again once handed back", async () => {
    const ts = await post(users.ben, 'Nothing loads since the last deploy, every page times out.');
    await turnDone(h.api, supportChannel, ts);
    const ticketId = (await ticketOn(ts))!.ticket_id;
    const escalation = await escalationOf(ticketId);

    // A stranger's click is refused, ephemerally, and changes nothing.
    const refusedId = await press('memdesk_take_ticket', { ticketId, escalation, user: stranger });
    const refusal = await waitFor(() => h.api.calls.find((c) => c.args.response_url_id === refusedId), 'the refusal');
    expect(refusal.args).toMatchObject({ response_type: 'ephemeral' });
    expect(String(refusal.args.text)).toMatch(/only the support team/);
    expect(await h.memdesk.tickets.get(ticketId)).toMatchObject({ status: 'escalated', owner: null });
    expect((await h.memdesk.operationLog.read({ ticketId })).filter((e) => e.kind === 'staff_action_refused')).toHaveLength(1);
    expect(h.api.accepted('chat.update').filter((c) => c.args.ts === escalation.response.ts)).toHaveLength(0);

    // Dana takes it.
    await press('memdesk_take_ticket', { ticketId, escalation, user: users.dana });
    const taken = await waitFor(() => h.api.accepted('chat.update').find((c) => c.args.ts === escalation.response.ts), 'the update after Take it');
    expect(JSON.stringify(taken.args.blocks)).toContain('Taken by <@U0DANA>');
    expect(JSON.stringify(taken.args.blocks)).toContain('memdesk_hand_back_ticket');
    expect(await h.memdesk.tickets.get(ticketId)).toMatchObject({ owner: users.dana });

    // Ben follows up: the bot says nothing in his thread; Dana is told in the escalation thread.
    const repliesBefore = postsIn(ts).length;
    // Stored in the workspace too, as Slack keeps it: a hand back reads the thread for what waits.
    const stored = h.api.conversations.post(supportChannel, { user: users.ben, text: 'Hello? I still see two charges on my card.', thread_ts: ts });
    const followUp = await post(users.ben, stored.text, { thread_ts: ts, ts: stored.ts });
    const note = await waitFor(() => h.api.accepted('chat.postMessage').find((c) => c.args.channel === escalationChannel && c.args.thread_ts === escalation.response.ts && String(c.args.text).includes('wrote again')), 'the note to the owner');
    expect(String(note.args.text)).toMatch(/^<@U0DANA> Ben Carter wrote again on ticket/);
    expect(String(note.args.text)).toContain('I still see two charges on my card');
    await settled();
    expect(callsFor(h.api, supportChannel, followUp)).toEqual([]);
    expect(postsIn(ts)).toHaveLength(repliesBefore);
    const held = await h.memdesk.tickets.get(ticketId);
    expect(held?.customer_waiting_since).toEqual(expect.any(String));
    expect((await h.memdesk.operationLog.read({ ticketId })).some((e) => e.kind === 'customer_followup_held')).toBe(true);

    // Hand back with the button while Ben waits: nobody answered his follow-up, so memdesk takes the
    // turn for it at once (in his thread, on his message), and his next message is answered as usual.
    await press('memdesk_hand_back_ticket', { ticketId, escalation, user: users.dana, blocks: taken.args.blocks });
    await waitFor(async () => (await h.memdesk.tickets.get(ticketId))?.owner === null, 'the hand-back');
    await turnDone(h.api, supportChannel, followUp);
    expect(postsIn(ts)).toHaveLength(repliesBefore + 1);
    const answered = await h.memdesk.tickets.get(ticketId);
    expect(answered).toMatchObject({ owner: null, customer_waiting_since: null });
    const heldTurn = (await h.memdesk.operationLog.read({ ticketId })).filter((e) => e.kind === 'ticket_received').at(-1);
    expect(JSON.stringify(heldTurn?.detail)).toContain('I still see two charges on my card');
    const again = await post(users.ben, 'Can you confirm the refund amount?', { thread_ts: ts });
    await turnDone(h.api, supportChannel, again);
    expect(postsIn(ts)).toHaveLength(repliesBefore + 2);
  });

  it('hands a ticket back with /memory handback, for staff only', async () => {
    const ts = await post(ava, 'Our dashboard has been down for the whole team since 9am.');
    await turnDone(h.api, supportChannel, ts);
    const ticketId = (await ticketOn(ts))!.ticket_id;
    await post(users.sam, 'Looking at it now, Ava.', { thread_ts: ts });
    await settled();
    expect(await h.memdesk.tickets.get(ticketId)).toMatchObject({ owner: users.sam, status: 'with_team' });

    const run = async (user: string, id: string) => {
      await h.send(slashCommandBody({ command: '/memory', text: `handback ${ticketId}`, user, channel: supportChannel, responseUrl: `${h.api.responseUrlBase}${id}` }));
      return waitFor(() => h.api.calls.find((c) => c.args.response_url_id === id), id);
    };
    expect(String((await run(ava, 'handback-ava')).args.text)).toMatch(/for the support team only/);
    expect(await h.memdesk.tickets.get(ticketId)).toMatchObject({ owner: users.sam });
    expect(String((await run(users.sam, 'handback-sam')).args.text)).toMatch(/handed back to memdesk/);
    expect(await h.memdesk.tickets.get(ticketId)).toMatchObject({ owner: null, status: 'open' });
  });

  it("makes a customer's quick messages one ticket with one reply, and answers a later one in that ticket's thread", async () => {
    const before = (await h.memdesk.tickets.list()).filter((t) => t.customer_id === 'cust_elena').length;
    const base = Math.floor(Date.now() / 1000) + 10_000;
    const firstTs = `${base}.000100`;
    const secondTs = `${base + 1}.000200`;
    await post(users.elena, 'Hi, our dashboard stopped loading', { ts: firstTs });
    await post(users.elena, 'for every user in the EU region', { ts: secondTs });
    await turnDone(h.api, supportChannel, firstTs);
    await settled();

    const tickets = (await h.memdesk.tickets.list()).filter((t) => t.customer_id === 'cust_elena');
    expect(tickets).toHaveLength(before + 1);
    const ticket = (await ticketOn(firstTs))!;
    expect(ticket.message).toBe('Hi, our dashboard stopped loading\nfor every user in the EU region');
    expect(postsIn(firstTs)).toHaveLength(1);
    expect(postsIn(secondTs)).toHaveLength(0);
    // 👀 on both at once; no second reply.
    const eyes = h.api.accepted('reactions.add').filter((c) => c.args.name === 'eyes' && (c.args.timestamp === firstTs || c.args.timestamp === secondTs));
    expect(eyes.map((c) => c.args.timestamp).sort()).toEqual([firstTs, secondTs]);

    // A minute later, still inside the window: it joins the ticket and is answered in its thread.
    const laterTs = `${base + 60}.000300`;
    await post(users.elena, 'Any news? It is still down.', { ts: laterTs });
    await turnDone(h.api, supportChannel, laterTs);
    expect((await h.memdesk.tickets.list()).filter((t) => t.customer_id === 'cust_elena')).toHaveLength(before + 1);
    expect(postsIn(firstTs)).toHaveLength(2);
    expect((await h.memdesk.tickets.get(ticket.ticket_id))?.state.turns).toBe(2);

    // Past the window: a new ticket.
    const nextDayTs = `${base + 3600}.000400`;
    await post(users.elena, 'Different question: how do I add a teammate?', { ts: nextDayTs });
    await turnDone(h.api, supportChannel, nextDayTs);
    expect(await ticketOn(nextDayTs)).toBeDefined();
  });

  it("makes a message a ticket when staff react with 🎫, and not when anyone else does", async () => {
    // The message is in Slack (the bot reads its text back from there) but never became a ticket.
    const stored = h.api.conversations.post(supportChannel, { user: users.fiona, text: 'Also: can I get invoices emailed to accounting@fionastudio.example?' });
    const reaction = (user: string) => {
      const envelope = eventSample('test_events::valid_reaction_added_body', { channel: supportChannel, user });
      envelope.event.reaction = 'ticket';
      envelope.event.user = user;
      envelope.event.item_user = users.fiona;
      (envelope.event.item as { ts: string }).ts = stored.ts;
      return envelope;
    };
    await h.send({ json: reaction(users.fiona) });
    await settled();
    expect(await ticketOn(stored.ts)).toBeUndefined();

    await h.send({ json: reaction(users.dana) });
    await turnDone(h.api, supportChannel, stored.ts);
    const ticket = await ticketOn(stored.ts);
    expect(ticket).toMatchObject({ customer_id: 'cust_fiona', message: 'Also: can I get invoices emailed to accounting@fionastudio.example?' });
    expect(postsIn(stored.ts)).toHaveLength(1);
    // A second 🎫 on the same message does not make a second ticket.
    await h.send({ json: reaction(users.sam) });
    await settled();
    expect(postsIn(stored.ts)).toHaveLength(1);
  });

  it("does not talk over a person who answered in the customer's thread before memdesk's reply went out", async () => {
    // Sam answers while Ben's message (in Northwind's shared channel, apart from his tickets in
    // #support) still waits out its quiet period: memdesk opens the ticket and hands it on
    // (escalation included) but says nothing in the thread after him.
    const channel = 'C0NORTHWIND';
    const northwind = { channel, user_team: 'T0NORTHWIND' };
    const ts = await post(users.ben, 'Nothing loads since the last deploy, every page times out for all of us.', northwind);
    const staffTs = await post(users.sam, "Hi Ben, Sam here: we're on it, I'll update you in this thread.", { channel, thread_ts: ts });
    await turnDone(h.api, channel, ts);
    await settled();
    expect(postsIn(ts)).toEqual([]);
    expect(callsFor(h.api, channel, staffTs)).toEqual([]);
    const ticket = await ticketOn(ts, channel);
    expect(ticket).toMatchObject({ owner: users.sam, status: 'with_team', first_response_at: expect.any(String) });
    const escalation = await escalationOf(ticket!.ticket_id);
    const kinds = (await h.memdesk.operationLog.read({ ticketId: ticket!.ticket_id })).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['customer_reply_withheld', 'human_replied']));

    // Ben's next message in the thread is for Sam: held for him, not answered by the bot, and Sam
    // (owner by his reply, not by Take it) is told in the escalation's thread, with a link to Ben's.
    const followUp = await post(users.ben, 'Any update? Still down.', { ...northwind, thread_ts: ts });
    await settled();
    expect(callsFor(h.api, channel, followUp)).toEqual([]);
    expect(postsIn(ts)).toEqual([]);
    const notes = h.api.accepted('chat.postMessage').filter((c) => c.args.channel === escalationChannel && String(c.args.text).includes('Any update? Still down.'));
    expect(notes.map((c) => c.args.thread_ts)).toEqual([escalation.response.ts]);
    expect(String(notes[0]!.args.text)).toMatch(/^<@U0SAM> Ben Carter wrote again on ticket /);
  });

  it('keeps open for the person a ticket memdesk would have closed with its withheld answer', async () => {
    // A password question memdesk answers and closes; Dana answered first, so it is hers, not closed.
    const northwind = { channel: 'C0NORTHWIND', user_team: 'T0NORTHWIND' };
    const ts = await post(ava, 'wanna reset my account password, the reset email never arrives', northwind);
    await post(users.dana, 'Hi Ava, Dana here: I have sent you a fresh reset link by email.', { channel: northwind.channel, thread_ts: ts });
    await turnDone(h.api, northwind.channel, ts);
    await settled();
    expect(postsIn(ts)).toEqual([]);
    const ticket = await ticketOn(ts, northwind.channel);
    expect(ticket).toMatchObject({ owner: users.dana, status: 'with_team', first_response_at: expect.any(String) });
    // Her next message is Dana's to answer.
    const followUp = await post(ava, 'Got it, but the link says it expired.', { ...northwind, thread_ts: ts });
    await settled();
    expect(callsFor(h.api, northwind.channel, followUp)).toEqual([]);
    expect(postsIn(ts)).toEqual([]);
  });

  it("reopens a resolved ticket when its customer writes again in its thread, and hands it to the team again instead of promising a reply nobody will send", async () => {
    // Sam answered Elena's outage (in Globex's shared channel, apart from her tickets in #support)
    // and Dana resolved it; later Elena writes in the same thread.
    const globex = { channel: 'C0GLOBEX', user_team: 'T0GLOBEX' };
    const ts = await post(users.elena, 'The reporting API returns 500 errors for our whole team since this morning.', globex);
    await turnDone(h.api, globex.channel, ts);
    const ticketId = (await ticketOn(ts, globex.channel))!.ticket_id;
    const first = await escalationOf(ticketId);
    await post(users.sam, 'Fixed on our side, Elena: a bad deploy, rolled back.', { channel: globex.channel, thread_ts: ts });
    await settled();
    await press('memdesk_resolve_ticket', { ticketId, escalation: first, user: users.dana });
    await waitFor(async () => (await h.memdesk.tickets.get(ticketId))?.status === 'resolved', 'the resolution');

    const repliesBefore = postsIn(ts).length;
    const again = await post(users.elena, 'It is failing again with the same 500 errors on every report.', { ...globex, thread_ts: ts });
    await turnDone(h.api, globex.channel, again);
    const replies = postsIn(ts).slice(repliesBefore);
    expect(replies).toHaveLength(1);
    expect(String(replies[0]!.args.text)).not.toMatch(/already with our/);
    // The team hears of it: a new escalation post, with its buttons, for the same ticket.
    const posts = h.api.accepted('chat.postMessage').filter((c) => c.args.channel === escalationChannel && !c.args.thread_ts && JSON.stringify(c.args.blocks ?? '').includes(ticketId));
    expect(posts).toHaveLength(2);
    expect(JSON.stringify(posts[1]!.args.blocks)).toContain('memdesk_resolve_ticket');
    expect(await h.memdesk.tickets.get(ticketId)).toMatchObject({ status: 'escalated', owner: null });
    const kinds = (await h.memdesk.operationLog.read({ ticketId })).map((e) => e.kind);
    expect(kinds).toContain('ticket_reopened');
  });

  it("raises the priority of a taken ticket when its customer writes that the impact grew, and says so in the one note to the owner", async () => {
    // Northwind is on the Pro plan: billing goes to a person at medium; what the customer says about impact may raise it to high
    // (without the plan from memory, the unknown plan would cap it at medium).
    await h.memdesk.seed([{ scope: 'account', id: 'acct_northwind', text: 'Northwind Traders is on the Pro plan.' }], { actor: 'test' });
    const northwind = { channel: 'C0NORTHWIND', user_team: 'T0NORTHWIND' };
    const ts = await post(users.ben, 'Hi, invoice INV-5120 was charged twice this month. Can you refund one of the charges?', northwind);
    await turnDone(h.api, northwind.channel, ts);
    const ticketId = (await ticketOn(ts, northwind.channel))!.ticket_id;
    expect(await h.memdesk.tickets.get(ticketId)).toMatchObject({ status: 'escalated', priority: 'medium' });
    const escalation = await escalationOf(ticketId);
    await press('memdesk_take_ticket', { ticketId, escalation, user: users.dana });
    await waitFor(async () => (await h.memdesk.tickets.get(ticketId))?.owner === users.dana, 'Take it');

    const repliesBefore = postsIn(ts).length;
    const followUp = await post(users.ben, "production is down for everyone now, the whole team is blocked", { ...northwind, thread_ts: ts });
    await settled();
    // Dana hears it once, in the escalation thread: Ben wrote again, and the priority went up and why.
    const notes = h.api.accepted('chat.postMessage').filter((c) => c.args.channel === escalationChannel && c.args.thread_ts === escalation.response.ts);
    expect(notes).toHaveLength(1);
    expect(String(notes[0]!.args.text)).toMatch(/^<@U0DANA> Ben Carter wrote again on ticket .*priority raised from \*medium\* to \*high\* \(production blocked, many users\)/);
    expect(String(notes[0]!.args.text)).toContain('the whole team is blocked');
    // The record: the priority went up within the Pro plan's rules; Dana still holds it; the bot said nothing to Ben.
    expect(await h.memdesk.tickets.get(ticketId)).toMatchObject({ status: 'escalated', owner: users.dana, priority: 'high' });
    const raised = (await h.memdesk.operationLog.read({ ticketId })).filter((e) => e.kind === 'priority_raised');
    expect(raised.map((e) => e.detail)).toEqual([{ from: 'medium', to: 'high', reasons: ['production blocked', 'many users'] }]);
    expect(callsFor(h.api, northwind.channel, followUp)).toEqual([]);
    expect(postsIn(ts)).toHaveLength(repliesBefore);
  });

  it('gives a priority to a ticket a person holds by replying, when its customer writes that the impact grew, and tells them in one note', async () => {
    // Never escalated: memdesk asked for the invoice, then Sam answered in the thread and holds it, with no priority on the record.
    await h.memdesk.seed([{ scope: 'account', id: 'acct_northwind', text: 'Northwind Traders is on the Pro plan.' }], { actor: 'test' });
    // A channel of its own: in C0NORTHWIND this message would join Ben's open ticket of the test before.
    const northwind = { channel: 'C0NORTHWIND2', user_team: 'T0NORTHWIND' };
    const ts = await post(users.ben, 'I think we were charged twice this month, can you check?', northwind);
    await turnDone(h.api, northwind.channel, ts);
    const ticketId = (await ticketOn(ts, northwind.channel))!.ticket_id;
    expect(await h.memdesk.tickets.get(ticketId)).toMatchObject({ status: 'waiting_on_customer', priority: null });
    await post(users.sam, 'Hi Ben, I am looking at your billing now.', { ...northwind, thread_ts: ts });
    await waitFor(async () => (await h.memdesk.tickets.get(ticketId))?.owner === users.sam, 'Sam holds the ticket');
    const channelPostsBefore = h.api.accepted('chat.postMessage').filter((c) => c.args.channel === escalationChannel).length;

    const followUp = await post(users.ben, 'production is down for everyone now, the whole team is blocked', { ...northwind, thread_ts: ts });
    await settled();
    // Sam hears it once, in the escalation channel (there is no escalation post): the priority it now has, and why.
    const notes = h.api.accepted('chat.postMessage').filter((c) => c.args.channel === escalationChannel).slice(channelPostsBefore);
    expect(notes).toHaveLength(1);
    expect(String(notes[0]!.args.text)).toMatch(/^<@U0SAM> Ben Carter wrote again on ticket .*priority set to \*high\* \(production blocked, many users\)/);
    expect(await h.memdesk.tickets.get(ticketId)).toMatchObject({ owner: users.sam, priority: 'high' });
    const raised = (await h.memdesk.operationLog.read({ ticketId })).filter((e) => e.kind === 'priority_raised');
    expect(raised.map((e) => e.detail)).toEqual([{ from: null, to: 'high', reasons: ['production blocked', 'many users'] }]);
    expect(callsFor(h.api, northwind.channel, followUp)).toEqual([]);
  });
});

// A person's answer that this instance has not worked (another instance took it from the shared inbox,
// or Slack has not delivered it yet) is still in the thread: memdesk asks the thread before it posts.
// Its clock reads real time here, as Slack's message ids do, so the times compare.
describe.each(backends)('a person answered first, as the thread shows, on %s', (_name, backendEnv) => {
  let h: SlackHarness;
  const deciding = whileDeciding();
  beforeAll(async () => {
    h = await startSeededSlackHarness({ env: { ...backendEnv, MEMDESK_NOW: new Date().toISOString() }, wrapReader: deciding.wrapReader });
  });
  afterAll(async () => {
    await h?.close();
  });

  const postsIn = (ts: string) => postsInThread(h, ts);
  const settled = () => inboxSettled(h);
  /** When a Slack message was written, from its ts. */
  const writtenAt = (ts: string) => new Date(Number(ts.split('.')[0]) * 1000 + Math.floor(Number(ts.split('.')[1]) / 1000)).toISOString();
  /** The customer's message, in the thread as Slack keeps it and delivered to memdesk as a signed event. */
  async function customerWrites(user: string, text: string, threadTs?: string) {
    const stored = h.api.conversations.post(supportChannel, { user, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
    const event = messageEvent({ channel: supportChannel, user, text, ts: stored.ts, ...(threadTs ? { thread_ts: threadTs } : {}) });
    expect((await h.send({ json: event })).status).toBe(200);
    return stored.ts;
  }

  it("posts nothing after a person's answer it never received, and records theirs as the first response, at the time they wrote it", async () => {
    const question = 'How do I add a teammate to our workspace?';
    let staffTs = '';
    deciding.when(question, () => {
      // Sam answers in Elena's thread while memdesk decides; memdesk never receives his message.
      staffTs = h.api.conversations.post(supportChannel, { user: users.sam, text: 'Hi Elena, Sam here: Settings → Members → Invite.', thread_ts: ts }).ts;
      h.memdesk.clock.advance(5 * 60_000);
    });
    const ts = await customerWrites(users.elena, question);
    await turnDone(h.api, supportChannel, ts);
    await settled();
    expect(staffTs).not.toBe('');

    // memdesk said nothing after Sam (its answer was ready: the turn answered from the help center).
    expect(postsIn(ts)).toEqual([]);
    const ticket = (await h.memdesk.findTicketByThread(supportChannel, ts))!;
    const tools = (await h.memdesk.operationLog.read({ ticketId: ticket.ticket_id, kinds: ['tool_executed'] })).map((e) => e.detail.name);
    expect(tools).toContain('answer_customer');
    // Sam's answer is Elena's first response, at the moment he wrote it; the ticket is his.
    const sam = writtenAt(staffTs);
    expect(ticket).toMatchObject({ first_response_at: sam, owner: users.sam, status: 'with_team' });
    const clocks = ticket.state.clocks!;
    expect(clocks.first_response_at).toBe(sam);
    expect(clocks.first_response?.stopped_at).toBe(sam);
    expect(Date.parse(sam)).toBeLessThanOrEqual(Date.parse(clocks.first_response!.due_at));
    expect(ticket.state.first_response_by).toBe(users.sam);
    // The ticket's card on the local workspace's page: Sam's answer, at his time, met the first-response clock.
    const [card] = await ticketViews(h.memdesk, { channel: supportChannel, threads: new Map([[ts, undefined]]) });
    expect(card).toMatchObject({ first_response_at: sam, first_response_by: 'Sam Patel', owner: 'Sam Patel' });
    expect(card!.clocks.map((c) => c.name)).not.toContain('first response');
    const withheld = (await h.memdesk.operationLog.read({ ticketId: ticket.ticket_id, kinds: ['customer_reply_withheld'] })).map((e) => e.detail);
    expect(withheld).toEqual([{ person: users.sam }]);

    // The insights count the same answer: opening to Sam's reply (Enterprise: round the clock), no breach.
    const records = await h.memdesk.report.read({ since: ticket.created_at, accountId: ticket.account_id, now: h.memdesk.clock.now().toISOString() });
    const report = buildSupportReport(records, { since: ticket.created_at, accountId: ticket.account_id, now: h.memdesk.clock.now() });
    expect(report.first_response_ms).toMatchObject({ count: 1, p50: Date.parse(sam) - Date.parse(ticket.created_at) });
    expect(report.breaches.filter((b) => b.ticket_id === ticket.ticket_id)).toEqual([]);
  });

  it("counts a colleague of our own Slack team as the person who answered first in a shared Slack Connect channel, and the customer's colleague as no answer", async () => {
    // Northwind's shared channel: messages carry their sender's Slack team, as Slack's do there.
    const channel = 'C0NORTHWIND';
    const ourColleague = 'U0PRIYA'; // on our team's Slack, in neither the directory nor STAFF_USER_IDS
    const theirColleague = 'U0NWOPS'; // on Northwind's Slack, in neither either
    const writes = (user: string, userTeam: string, text: string, threadTs?: string) =>
      h.api.conversations.post(channel, { user, team: userTeam, user_team: userTeam, text, ...(threadTs ? { thread_ts: threadTs } : {}) }).ts;
    async function customerAsks(user: string, text: string, whileDecidingRun: (ts: string) => void) {
      let ts = '';
      deciding.when(text, () => whileDecidingRun(ts));
      ts = await writes(user, 'T0NORTHWIND', text);
      const event = messageEvent({ channel, user, text, ts });
      event.event.user_team = 'T0NORTHWIND';
      expect((await h.send({ json: event })).status).toBe(200);
      await turnDone(h.api, channel, ts);
      await settled();
      return { ts, ticket: (await h.memdesk.findTicketByThread(channel, ts))! };
    }

    // Priya answers Ben while memdesk decides; memdesk never receives her message, only reads the thread.
    let priyaTs = '';
    const ben = await customerAsks(users.ben, 'How do I add a teammate to our workspace?', (ts) => {
      priyaTs = writes(ourColleague, teamId, 'Hi Ben, Priya here: Settings → Members → Invite.', ts);
    });
    expect(priyaTs).not.toBe('');
    expect(postsIn(ben.ts)).toEqual([]);
    const priya = writtenAt(priyaTs);
    expect(ben.ticket).toMatchObject({ first_response_at: priya, owner: ourColleague, status: 'with_team' });
    expect(ben.ticket.state.first_response_by).toBe(ourColleague);
    const withheld = (await h.memdesk.operationLog.read({ ticketId: ben.ticket.ticket_id, kinds: ['customer_reply_withheld'] })).map((e) => e.detail);
    expect(withheld).toEqual([{ person: ourColleague }]);

    // Ava's colleague at Northwind chimes in on her thread the same way: that is no answer, memdesk replies.
    let theirTs = '';
    const ava = await customerAsks('U0AVA', 'How do I add a teammate to our workspace? I cannot find it.', (ts) => {
      theirTs = writes(theirColleague, 'T0NORTHWIND', 'Same question here, following.', ts);
    });
    expect(theirTs).not.toBe('');
    expect(postsIn(ava.ts)).toHaveLength(1);
    expect(ava.ticket.owner ?? null).toBeNull();
    expect(ava.ticket.state.first_response_by).not.toBe(theirColleague);
    expect(await h.memdesk.operationLog.read({ ticketId: ava.ticket.ticket_id, kinds: ['customer_reply_withheld'] })).toEqual([]);
  });

  it("answers the customer left waiting when a ticket is handed back, even when Slack will not show the thread", async () => {
    const ts = await customerWrites(users.ben, 'Nothing loads since the last deploy, every page times out.');
    await turnDone(h.api, supportChannel, ts);
    const ticketId = (await h.memdesk.findTicketByThread(supportChannel, ts))!.ticket_id;
    const escalation = await waitFor(
      () => h.api.accepted('chat.postMessage').find((c) => c.args.channel === escalationChannel && !c.args.thread_ts && JSON.stringify(c.args.blocks ?? '').includes(ticketId)),
      'the escalation post',
    );
    const press = async (actionId: string, blocks: unknown) => {
      const res = await h.send({ interaction: escalationButtonClick({ actionId, ticketId, blocks, messageTs: String(escalation.response.ts), responseUrl: `${h.api.responseUrlBase}${actionId}-${nextTs()}` }) });
      expect(res.status).toBe(200);
    };
    await press('memdesk_take_ticket', escalation.args.blocks);
    const taken = await waitFor(() => h.api.accepted('chat.update').find((c) => c.args.ts === escalation.response.ts), 'the update after Take it');

    // Ben writes while Dana holds it: held for her, not answered.
    const followUp = await customerWrites(users.ben, 'Hello? I still see two charges on my card.', ts);
    await settled();
    const repliesBefore = postsIn(ts).length;
    expect((await h.memdesk.tickets.get(ticketId))?.customer_waiting_since).toEqual(expect.any(String));

    // Dana hands it back while Slack fails to show the thread: Ben's message is on the ticket's record.
    h.api.failNext('conversations.replies', { kind: 'error', error: 'internal_error' });
    await press('memdesk_hand_back_ticket', taken.args.blocks);
    await turnDone(h.api, supportChannel, followUp);
    expect(h.api.calls.some((c) => c.method === 'conversations.replies' && c.result === 'internal_error')).toBe(true);
    expect(postsIn(ts)).toHaveLength(repliesBefore + 1);
    expect(await h.memdesk.tickets.get(ticketId)).toMatchObject({ owner: null, customer_waiting_since: null });
    const turn = (await h.memdesk.operationLog.read({ ticketId, kinds: ['ticket_received'] })).at(-1);
    expect(turn?.detail.message).toContain('I still see two charges on my card');
  });
});

// Hand back reads the thread for what the customer wrote since the team last answered: in a shared
// Slack Connect channel, an answer by a colleague of our own Slack team (in neither the directory nor
// STAFF_USER_IDS) is the team's answer there too, as it is when Slack delivers it.
describe.each(backends)('handing back in a shared Slack Connect channel, on %s', (_name, backendEnv) => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSeededSlackHarness({ env: { ...backendEnv, INTAKE_QUIET_MS: '0' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const channel = 'C0NORTHWIND';
  const postsIn = (ts: string) => postsInThread(h, ts);
  const settled = () => inboxSettled(h);
  /** Ben's message, in the thread as Slack keeps it (with his Slack team) and delivered to memdesk. */
  async function benWrites(text: string, threadTs?: string) {
    const stored = h.api.conversations.post(channel, { user: users.ben, team: 'T0NORTHWIND', user_team: 'T0NORTHWIND', text, ...(threadTs ? { thread_ts: threadTs } : {}) });
    const event = messageEvent({ channel, user: users.ben, text, ts: stored.ts, ...(threadTs ? { thread_ts: threadTs } : {}) });
    event.event.user_team = 'T0NORTHWIND';
    expect((await h.send({ json: event })).status).toBe(200);
    return stored.ts;
  }

  it("does not answer again what a colleague of our Slack team already answered in the thread while the ticket was taken", async () => {
    const ts = await benWrites('Nothing loads since the last deploy, every page times out for all of us.');
    await turnDone(h.api, channel, ts);
    const ticketId = (await h.memdesk.findTicketByThread(channel, ts))!.ticket_id;
    const escalation = await waitFor(
      () => h.api.accepted('chat.postMessage').find((c) => c.args.channel === escalationChannel && !c.args.thread_ts && JSON.stringify(c.args.blocks ?? '').includes(ticketId)),
      'the escalation post',
    );
    const updates = () => h.api.accepted('chat.update').filter((c) => c.args.ts === escalation.response.ts);
    /** Presses a button and waits for the escalation post's update, which follows the change. */
    const press = async (actionId: string, blocks: unknown) => {
      const before = updates().length;
      const res = await h.send({ interaction: escalationButtonClick({ actionId, ticketId, blocks, messageTs: String(escalation.response.ts), responseUrl: `${h.api.responseUrlBase}${actionId}-${nextTs()}` }) });
      expect(res.status).toBe(200);
      return waitFor(() => updates()[before], `the update after ${actionId}`);
    };
    const taken = await press('memdesk_take_ticket', escalation.args.blocks);

    // Ben writes while Dana holds it (held for her); then Priya, on our Slack team, answers him there.
    await benWrites('Any update? Still down.', ts);
    await settled();
    expect((await h.memdesk.tickets.get(ticketId))?.customer_waiting_since).toEqual(expect.any(String));
    const repliesBefore = postsIn(ts).length;
    h.api.conversations.post(channel, { user: 'U0PRIYA', team: teamId, user_team: teamId, text: 'Ben, Priya here: it is fixed, please reload.', thread_ts: ts });

    // Dana hands it back: Ben's question was answered, so memdesk says nothing more in his thread.
    const callsBefore = h.api.calls.length;
    await press('memdesk_hand_back_ticket', taken.args.blocks);
    await settled();
    expect(h.api.calls.slice(callsBefore).some((c) => c.method === 'conversations.replies' && c.result === 'ok')).toBe(true);
    expect(postsIn(ts)).toHaveLength(repliesBefore);
    expect(await h.memdesk.tickets.get(ticketId)).toMatchObject({ owner: null });
  });
});
