// Promises remembered on the account, as each member of it sees them in their thread. A promise to one
// person ("Ben said Dana would refund him", "Support promised Ben a manual credit") is named in replies to
// that person (or whoever passed it on) only: to another member of the account it is someone else's
// affair, though the escalation brief staff read still lists it. A promise to the company ("Ben said
// Dana would credit us") is named to every member.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askInSupport, startTicketPerMessageHarness } from './ask-in-support.js';
import { users, type SlackHarness } from './harness.js';

const ava = 'U0AVA';
const proPlan = { scope: 'account' as const, id: 'acct_northwind', text: 'Northwind Traders is on the Pro plan.' };
const question = 'Can you check the charge on our card this month?';

let h: SlackHarness;
beforeAll(async () => {
  h = await startTicketPerMessageHarness([proPlan]);
});
afterAll(async () => {
  await h?.close();
});

/** Northwind's memory holds the plan and `remembered` (as staff seed it); `user` asks about a charge. */
async function askWith(remembered: string, user: string) {
  await h.memdesk.memory.deleteScope({ kind: 'account', id: 'acct_northwind' });
  await h.memdesk.seed([proPlan, { scope: 'account', id: 'acct_northwind', text: remembered }], { actor: users.dana });
  return askInSupport(h, user, question);
}

describe('a promise on the account made to one person', () => {
  const relayed = 'Ben said Dana would refund him for the unused seats.';

  it('is not named in the reply to another member of the account; her brief still lists it', async () => {
    const { reply, ticket, escalation } = await askWith(relayed, ava);
    expect(ticket.status).toBe('escalated');
    expect(reply).toMatch(/^Thanks, Ava\./);
    expect(reply).not.toMatch(/promised|refund|unused seats/i);
    expect(escalation).toContain(": refund for the unused seats (Dana Lee's promise, reported second-hand by Ben)");
  });

  it('is named in the reply to the person it was promised to', async () => {
    const { reply } = await askWith(relayed, users.ben);
    expect(reply).toContain('what we promised you is applied: refund for the unused seats.');
  });

  it('made first-hand ("Support promised Ben a manual credit") is named to Ben and not to Ava', async () => {
    const firstHand = 'On 2026-11-20 Ben reported a double charge. Support promised Ben a manual credit of $49 on his next invoice.';
    const toAva = await askWith(firstHand, ava);
    expect(toAva.reply).not.toMatch(/promised|credit|\$49/i);
    expect(toAva.escalation).toContain('manual credit of $49 on the next invoice');
    const toBen = await askWith(firstHand, users.ben);
    expect(toBen.reply).toContain('what we promised you is applied: manual credit of $49 on the next invoice.');
  });
  it('"Dana said she would credit Ben $49." is a credit of $49, named to Ben only', async () => {
    const toAva = await askWith('Dana said she would credit Ben $49.', ava);
    expect(toAva.reply).not.toMatch(/promised|credit|\$49/i);
    expect(toAva.escalation).toContain('credit of $49');
    const toBen = await askWith('Dana said she would credit Ben $49.', users.ben);
    expect(toBen.reply).toContain('what we promised you is applied: credit of $49.');
  });

  it('made to another person who shares her first name ("Ava Lopez") is not named to Ava Chen', async () => {
    const toAva = await askWith('Support promised Ava Lopez a manual credit of $49.', ava);
    expect(toAva.reply).not.toMatch(/promised|credit|\$49/i);
    expect(toAva.escalation).toContain('manual credit of $49');
  });
});

describe('a promise on the account made to the company', () => {
  it.each([
    ['Ben said Dana would credit us for March.', 'credit for March'],
    ["Dana from your team said you'd credit us for March.", 'credit for March'],
    ['Ava Chen from Northwind said Dana would refund them for the 5 unused seats.', 'refund for the 5 unused seats'],
    // The company by its name is the company, not one of its people.
    ['Support promised Northwind Traders a credit for March.', 'credit for March'],
  ])('"%s" is named to every member', async (remembered, promised) => {
    for (const user of [ava, users.ben]) {
      const { reply } = await askWith(remembered, user);
      expect(reply).toContain(`what we promised you is applied: ${promised}.`);
    }
  });
});
