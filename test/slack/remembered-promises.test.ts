// Remembered promises through Slack, as the customer sees them in their thread: an open promise the
// team made is named (and the ticket escalated as urgent) only when it bears on the request — the same
// issue type as its ticket, or the customer asks about it. An unrelated request is answered as anyone's
// would be, and the customer's own words kept in memory ("you promised me a refund") are no promise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askInSupport, startTicketPerMessageHarness } from './ask-in-support.js';
import { users, type SlackHarness } from './harness.js';
import { decisionTrace } from '../../src/page/decision-trace.js';

const ava = 'U0AVA';
const proPlan = { scope: 'account' as const, id: 'acct_northwind', text: 'Northwind Traders is on the Pro plan.' };
const benCredit = {
  scope: 'customer' as const,
  id: 'cust_ben',
  text: 'On 2026-05-20 Ben reported another billing issue: an invoice charged the wrong amount. Support promised a manual credit of $49 on his next invoice.',
};
const benOutageCredit = {
  scope: 'customer' as const,
  id: 'cust_ben',
  text: 'On 2026-03-14 Ben reported an outage: the dashboard was down for three hours. Support promised a service credit for the March outage on his next invoice.',
};

let h: SlackHarness;
beforeAll(async () => {
  h = await startTicketPerMessageHarness([proPlan, benCredit, benOutageCredit]);
});
afterAll(async () => {
  await h?.close();
});

/** The escalation post's "Memories that changed the action" section (the blocks as JSON). */
function memoriesSection(escalation: string): string {
  const blocks = JSON.parse(escalation) as { text?: { text?: string } }[];
  const section = blocks.find((b) => b.text?.text?.startsWith('*Memories that changed the action*'));
  expect(section).toBeDefined();
  return section!.text!.text!;
}

/** The memories the page's decision trace shows for a ticket's latest turn. */
async function retrievedInTrace(ticketId: string): Promise<string[]> {
  const operations = await h.memdesk.operationLog.read({ ticketId });
  const memories = [...(await h.memdesk.memory.list({ kind: 'customer', id: 'cust_ben' })), ...(await h.memdesk.memory.list({ kind: 'account', id: 'acct_northwind' }))];
  const texts = new Map(memories.map((m) => [m.id, m.memory]));
  const turns = decisionTrace(operations, (id) => texts.get(id)).filter((s) => s.kind === 'turn');
  return (turns.at(-1) as { memories: { text?: string }[] }).memories.flatMap((m) => (m.text ? [m.text] : []));
}

describe('remembered promises in the customer thread', () => {
  it('answers an SSO how-to without a word of the open credits, and hands one no article covers to a person without them too', async () => {
    const sso = await askInSupport(h, users.ben, 'How do I set up SSO with Okta for our workspace?');
    expect(sso.reply).toMatch(/SSO|SAML|Okta/);
    expect(sso.reply).not.toMatch(/credit|promis|\$49|March/i);
    expect(sso.escalation).toBeNull();
    expect(sso.ticket.priority ?? null).toBeNull();

    const uncovered = await askInSupport(h, users.ben, 'How do I change the font size in the mobile app?');
    expect(uncovered.reply).toMatch(/couldn't find a help-center article/);
    expect(uncovered.reply).not.toMatch(/credit|promis|\$49|March/i);
    // Neither the brief nor the memories listed for staff name an open promise: the credits bear not on a font size.
    expect(uncovered.escalation).not.toContain('Open promises');
    expect(memoriesSection(uncovered.escalation!)).not.toMatch(/credit|promis|\$49/i);
    expect(memoriesSection(uncovered.escalation!)).toMatch(/other retrieved memories did not bear on this request/);
    expect(uncovered.ticket.priority).not.toBe('urgent');
  });

  it('gives a forgotten password the reset steps instead of escalating it for an unrelated billing credit', async () => {
    const { reply, ticket, escalation } = await askInSupport(h, users.ben, "I can't log in, I forgot my password.");
    expect(reply).toMatch(/reset/i);
    expect(reply).not.toMatch(/credit|promis|\$49/i);
    expect(escalation).toBeNull();
    expect(ticket.status).not.toBe('escalated');
  });

  it('escalates a new outage as urgent, naming the credit promised for the earlier outage but not the unrelated billing credit', async () => {
    // The March outage's credit is about outages: a new outage is the same issue, so the promise counts.
    const { reply, ticket, escalation } = await askInSupport(h, users.ben, 'Our dashboard has been down for the whole team since 9am.');
    expect(ticket.priority).toBe('urgent');
    expect(reply).toMatch(/service credit for the March outage/);
    expect(reply).not.toMatch(/\$49/);
    // The brief's promises line (a JSON-escaped line break or the end of the brief ends it) holds the March credit alone.
    expect(escalation).toMatch(/Open promises: 2026-03-14: service credit for the March outage on the next invoice(\\n|")/);
    // Staff see the memories the decision rested on (the plan, the March credit), not the unrelated $49 credit…
    const listed = memoriesSection(escalation!);
    expect(listed).toContain('Support promised a service credit for the March outage');
    expect(listed).toContain('Northwind Traders is on the Pro plan');
    expect(listed).not.toMatch(/\$49/);
    expect(listed).toMatch(/\d+ other retrieved memor(y|ies) did not bear on this request/);
    // …while the decision trace still shows every memory the turn retrieved, the $49 credit included.
    const traced = await retrievedInTrace(ticket.ticket_id);
    expect(traced).toEqual(expect.arrayContaining([benCredit.text, benOutageCredit.text, proPlan.text]));
  });

  it('names the promise and escalates as urgent when the customer asks what happened to it', async () => {
    const { reply, ticket, escalation } = await askInSupport(h, users.ben, 'Quick one: what happened to the credit you promised me?');
    expect(ticket.priority).toBe('urgent');
    expect(reply).toContain('manual credit of $49 on the next invoice');
    expect(escalation).toContain('Open promises: 2026-05-20: manual credit of $49 on the next invoice');
  });

  it("does not take the customer's own words in memory for a promise the team made", async () => {
    // Her first message goes to the billing team and is remembered in her words (the outcome memory quotes it).
    const first = await askInSupport(h, ava, 'INV-2040: you promised me a refund last month and nothing happened.');
    expect(first.escalation).not.toBeNull();
    expect(first.reply).not.toMatch(/what we promised/i);
    const remembered = await h.memdesk.memory.list({ kind: 'customer', id: 'cust_ava' });
    expect(remembered.map((m) => m.memory)).toContainEqual(expect.stringContaining('you promised me a refund'));

    // The next, unrelated-looking charge is asked for its invoice like anyone's: no urgent escalation, no "promise".
    const next = await askInSupport(h, ava, "There is a charge on our card this month that I don't recognise.");
    expect(next.escalation).toBeNull();
    expect(next.reply).toMatch(/invoice/i);
    expect(next.reply).not.toMatch(/promis/i);
  });
});
