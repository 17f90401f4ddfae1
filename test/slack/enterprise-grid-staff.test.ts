// memdesk installed in one workspace of an Enterprise Grid organisation (Acme, E0ACME): auth.test names
// the enterprise, events carry it, and users.info tells which organisation a sender belongs to. In
// Northwind's shared Slack Connect channel a colleague from Acme's other workspace (T0ACMESALES) is
// staff, as a colleague of memdesk's own workspace is: her reply means a person took over, and her
// answer read back from the thread is an answer first. Northwind's people, on their own Grid
// organisation or on none, stay customers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageEvents } from '../../src/emulator/payloads.js';
import { callsFor, startSeededSlackHarness, teamId, turnDone, users, type SlackHarness, inboxSettled, postsInThread } from './harness.js';
import { whileDeciding } from './while-deciding.js';

const acme = { id: 'E0ACME', name: 'Acme' };
const channel = 'C0NORTHWIND';
const priya = 'U0PRIYA'; // Acme support, in its sales workspace: in neither the directory nor STAFF_USER_IDS
const nwOps = 'U0NWOPS'; // Northwind, on Northwind's own Grid organisation
const nwContractor = 'U0NWCONTRACTOR'; // Northwind's contractor, on a workspace of no organisation
const omar = 'U0OMAR'; // Acme support, in its ops workspace: in neither the directory nor STAFF_USER_IDS
const hana = 'U0HANA'; // Acme finance, in its HR workspace: in neither the directory nor STAFF_USER_IDS

describe('staff across the workspaces of an Enterprise Grid organisation', () => {
  let h: SlackHarness;
  const deciding = whileDeciding();
  beforeAll(async () => {
    h = await startSeededSlackHarness({
      env: { INTAKE_WINDOW: '0', INTAKE_QUIET_MS: '0', MEMDESK_NOW: new Date().toISOString() },
      enterprise: acme,
      wrapReader: deciding.wrapReader,
      users: [
        { id: priya, name: 'priya', real_name: 'Priya Shah', team_id: 'T0ACMESALES', enterprise: acme },
        { id: users.ben, name: 'ben', real_name: 'Ben Carter', team_id: 'T0NORTHWIND', enterprise: { id: 'E0NORTHWIND', name: 'Northwind' } },
        { id: nwOps, name: 'nwops', real_name: 'Northwind Ops', team_id: 'T0NORTHWIND', enterprise: { id: 'E0NORTHWIND', name: 'Northwind' } },
        { id: omar, name: 'omar', real_name: 'Omar Haddad', team_id: 'T0ACMEOPS', enterprise: acme },
        { id: hana, name: 'hana', real_name: 'Hana Kim', team_id: 'T0ACMEHR', enterprise: acme },
        { id: nwContractor, name: 'contractor', real_name: 'Northwind Contractor', team_id: 'T0NWCONTRACT', enterprise: null },
      ],
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  const postsIn = (ts: string) => postsInThread(h, ts);
  const settled = () => inboxSettled(h);
  /** A message in Northwind's channel, kept in the thread as Slack keeps it and delivered as Grid delivers it. */
  async function writes(user: string, userTeam: string, text: string, threadTs?: string) {
    const stored = h.api.conversations.post(channel, { user, team: userTeam, user_team: userTeam, source_team: userTeam, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
    // The workspace's own envelope: enterprise_id at the top and in the authorization, as Grid sends it.
    const install = { team: { id: teamId, domain: 'memdesk-test' }, enterprise: { id: acme.id }, apiAppId: 'A0MEMDESK', botUserId: h.api.botUserId };
    const [envelope] = messageEvents(install, { id: channel, name: 'northwind-support', is_private: false, purpose: '' }, stored);
    expect(envelope).toMatchObject({ enterprise_id: acme.id, authorizations: [{ enterprise_id: acme.id, team_id: teamId }], event: { user_team: userTeam } });
    expect((await h.send({ json: envelope! })).status).toBe(200);
    return stored.ts;
  }

  it("treats a reply from a colleague in another workspace of our organisation as a person taking over, and says nothing after her", async () => {
    const ts = await writes(users.ben, 'T0NORTHWIND', 'I think we were charged twice this month, can you check?');
    await turnDone(h.api, channel, ts);
    const ticket = (await h.memdesk.findTicketByThread(channel, ts))!;
    expect(ticket).toMatchObject({ account_id: 'acct_northwind' });
    expect(postsIn(ts)).toHaveLength(1);

    const priyaTs = await writes(priya, 'T0ACMESALES', 'Hi Ben, Priya here: I am looking at your billing now.', ts);
    await settled();
    // Nothing about her message: no 👀, no ✅, no reply after her; the ticket is hers.
    expect(callsFor(h.api, channel, priyaTs)).toEqual([]);
    expect(postsIn(ts)).toHaveLength(1);
    expect(await h.memdesk.tickets.get(ticket.ticket_id)).toMatchObject({ owner: priya, status: 'with_team' });
    const replied = (await h.memdesk.operationLog.read({ ticketId: ticket.ticket_id, kinds: ['human_replied'] })).map((e) => e.detail);
    expect(replied).toEqual([expect.objectContaining({ actor: priya })]);
    // Slack was asked once which organisation her workspace belongs to.
    expect(h.api.accepted('users.info').filter((c) => c.args.user === priya)).toHaveLength(1);
  });

  it("counts her answer in the thread as the first response, read back before memdesk posts", async () => {
    const question = 'How do I add a teammate to our Northwind workspace?';
    let priyaTs = '';
    deciding.when(question, () => {
      // Priya answers while memdesk decides; memdesk never receives her message, it only reads the thread.
      priyaTs = h.api.conversations.post(channel, { user: priya, team: 'T0ACMESALES', user_team: 'T0ACMESALES', text: 'Hi, Priya here: Settings → Members → Invite.', thread_ts: ts }).ts;
    });
    const ts = await writes(nwOps, 'T0NORTHWIND', question);
    await turnDone(h.api, channel, ts);
    await settled();
    expect(priyaTs).not.toBe('');
    expect(postsIn(ts)).toEqual([]);
    const ticket = (await h.memdesk.findTicketByThread(channel, ts))!;
    expect(ticket).toMatchObject({ owner: priya, status: 'with_team', first_response_at: expect.any(String) });
    expect(ticket.state.first_response_by).toBe(priya);
  });

  it('keeps a Slack Connect customer from another organisation, or from none, a customer', async () => {
    // Northwind's own Grid organisation: another enterprise. Their colleague answering Ben is no answer from us.
    const ts = await writes(users.ben, 'T0NORTHWIND', 'Our CSV exports fail with an error since this morning.');
    await turnDone(h.api, channel, ts);
    expect(await h.memdesk.findTicketByThread(channel, ts)).toMatchObject({ account_id: 'acct_northwind' });
    expect(postsIn(ts)).toHaveLength(1);

    // A contractor on a workspace of no organisation opens a ticket of their own and gets memdesk's reply.
    const contractorTs = await writes(nwContractor, 'T0NWCONTRACT', 'How do I reset my password? The reset email never arrives.');
    await turnDone(h.api, channel, contractorTs);
    expect(await h.memdesk.findTicketByThread(channel, contractorTs)).toMatchObject({ account_id: 'acct_northwind' });
    expect(postsIn(contractorTs)).toHaveLength(1);
    // Both were looked up, and neither is ours.
    expect(h.api.accepted('users.info').map((c) => c.args.user)).toEqual(expect.arrayContaining([nwContractor]));
  });

  it('gives Slack its 200 when users.info is slow, and asks again about that workspace after a short pause', async () => {
    // Slack waits 3 s for the 200 (the harness 10 s); users.info answers only after 20 s this once.
    h.api.failNext('users.info', { kind: 'slow', ms: 20_000 });
    const first = await writes(omar, 'T0ACMEOPS', 'Heads-up for Northwind: exports are slow today, we are on it.');
    await settled();
    expect(first).not.toBe('');
    // A failed look-up is not repeated for 30 s (a slow Slack is not asked on every message).
    h.memdesk.clock.advance(31_000);
    // Slack answers now: the next message from Omar's workspace is known to be ours, so no ticket and no reply.
    const second = await writes(omar, 'T0ACMEOPS', 'Update: exports are back to normal speed.');
    await settled();
    expect(await h.memdesk.findTicketByThread(channel, second)).toBeUndefined();
    expect(callsFor(h.api, channel, second)).toEqual([]);
  });

  it("counts a sender as a customer while users.info is rate limited, and asks about that workspace only after Retry-After", async () => {
    const enterpriseLookUps = () => h.api.calls.filter((c) => c.method === 'users.info' && c.args.user === hana).length;
    h.api.failNext('users.info', { kind: 'rate_limited', retryAfterSeconds: 60 });
    const first = await writes(hana, 'T0ACMEHR', 'Heads-up for Northwind: invoices go out a day late this month.');
    await turnDone(h.api, channel, first);
    // Slack would not say which organisation her workspace is in: a customer, answered as one.
    expect(await h.memdesk.findTicketByThread(channel, first)).toMatchObject({ account_id: 'acct_northwind' });
    const asked = enterpriseLookUps();
    expect(h.api.calls.filter((c) => c.method === 'users.info' && c.args.user === hana).map((c) => c.result)).toContain('rate_limited');

    // Within the Retry-After: not asked again, still a customer.
    const second = await writes(hana, 'T0ACMEHR', 'Also: the invoice PDFs will carry the new address.');
    await turnDone(h.api, channel, second);
    expect(await h.memdesk.findTicketByThread(channel, second)).toMatchObject({ account_id: 'acct_northwind' });
    expect(enterpriseLookUps()).toBe(asked);

    // Once it has passed, Slack is asked again and she is known to be ours: no ticket, nothing said.
    h.memdesk.clock.advance(61_000);
    const third = await writes(hana, 'T0ACMEHR', 'Update: the invoices went out on time after all.');
    await settled();
    expect(enterpriseLookUps()).toBe(asked + 1);
    expect(await h.memdesk.findTicketByThread(channel, third)).toBeUndefined();
    expect(callsFor(h.api, channel, third)).toEqual([]);
  });

  it("asks Slack again about a workspace's organisation a day after it answered, and not before", async () => {
    const priyaLookUps = () => h.api.calls.filter((c) => c.method === 'users.info' && c.args.user === priya).length;
    const asked = priyaLookUps();
    expect(asked).toBeGreaterThan(0);
    // Within the day since Slack answered about her workspace (the first test): known, not asked.
    h.memdesk.clock.advance(23 * 3600_000);
    const within = await writes(priya, 'T0ACMESALES', 'FYI: Northwind renews next month.');
    await settled();
    expect(priyaLookUps()).toBe(asked);
    expect(await h.memdesk.findTicketByThread(channel, within)).toBeUndefined();
    // A day on, her workspace is asked about again (it may have moved), and is still ours: no ticket, nothing said.
    h.memdesk.clock.advance(3600_000);
    const after = await writes(priya, 'T0ACMESALES', 'FYI: their renewal call is on Tuesday.');
    await settled();
    expect(priyaLookUps()).toBe(asked + 1);
    expect(await h.memdesk.findTicketByThread(channel, after)).toBeUndefined();
    expect(callsFor(h.api, channel, after)).toEqual([]);
  });
});
