// Promises as customers report them, remembered in their words: under a staff member's name ("Dana from
// your team said you'd credit us"), a role ("your CSM Priya promised a refund"), "you said you would…",
// "we were told we'd get…", or passed on from a colleague ("my colleague Ava says your Dana promised her a
// refund"). Each is the team's promise: the customer's next billing question is escalated
// as urgent, the reply says a person will apply it and the brief lists it. A possibility ("we might"),
// the customer's own intention or someone outside the team is no promise: the question is asked for its
// invoice like anyone's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askInSupport, startTicketPerMessageHarness } from './ask-in-support.js';
import { users, type SlackHarness } from './harness.js';

const question = 'Can you check the charge on our card this month?';

let h: SlackHarness;
beforeAll(async () => {
  h = await startTicketPerMessageHarness([{ scope: 'account', id: 'acct_northwind', text: 'Northwind Traders is on the Pro plan.' }]);
});
afterAll(async () => {
  await h?.close();
});

/** Ben's memory holds only `remembered` (as staff seed it); he asks about a charge: what he read, the ticket, the escalation post. */
async function askWith(remembered: string) {
  await h.memdesk.memory.deleteScope({ kind: 'customer', id: 'cust_ben' });
  await h.memdesk.seed([{ scope: 'customer', id: 'cust_ben', text: remembered }], { actor: users.dana });
  return askInSupport(h, users.ben, question);
}

describe('a promise a colleague passes on', () => {
  it('"My colleague Ava says your Dana promised her a refund for the unused seats." is the team\'s: the brief says whose promise and that it came second-hand', async () => {
    const { reply, ticket, escalation } = await askWith('My colleague Ava says your Dana promised her a refund for the unused seats.');
    expect(ticket.status).toBe('escalated');
    expect(ticket.priority).toBe('urgent');
    expect(reply).toContain('what we promised you is applied: refund for the unused seats.');
    expect(reply).not.toMatch(/second-hand|Dana/);
    expect(escalation).toContain("Open promises: ");
    expect(escalation).toContain(": refund for the unused seats (Dana Lee's promise, reported second-hand by Ava)");
  });

  it('names the promise in the reply without the rest of the sentence after a comma', async () => {
    const { reply, escalation } = await askWith('My colleague Ava says Dana would refund her, and she has the email to prove it.');
    expect(reply).toContain('what we promised you is applied: refund.');
    expect(reply).not.toMatch(/refund of|,\./);
    expect(escalation).toContain(": refund (Dana Lee's promise, reported second-hand by Ava)");
  });

  it('names the colleague who passed it on, not their company ("Ava Chen from Northwind said …")', async () => {
    const { escalation } = await askWith('Ava Chen from Northwind said Dana would refund them for the 5 unused seats, and she has the email.');
    expect(escalation).toContain(": refund for the 5 unused seats (Dana Lee's promise, reported second-hand by Ava Chen)");
  });

  it('names two open promises in one sentence of the reply', async () => {
    await h.memdesk.memory.deleteScope({ kind: 'customer', id: 'cust_ben' });
    await h.memdesk.seed(
      [
        { scope: 'customer', id: 'cust_ben', text: 'Support promised Ben a manual credit of $49 on his next invoice.' },
        { scope: 'customer', id: 'cust_ben', text: 'My colleague Ava says your Dana promised her a refund for the unused seats.' },
      ],
      { actor: users.dana },
    );
    const { reply } = await askInSupport(h, users.ben, question);
    expect(reply.match(/what we promised you is applied/g)).toHaveLength(1);
    expect(reply).toMatch(/what we promised you is applied: (manual credit of \$49 on the next invoice; refund for the unused seats|refund for the unused seats; manual credit of \$49 on the next invoice)\./);
  });
});

describe('promises the customer reports the team made', () => {
  it.each([
    ["Dana from your team said you'd credit us for March.", 'credit for March'],
    ['Your CSM Priya promised a refund for the unused seats.', 'refund for the unused seats'],
    ['You said you would refund the duplicate charge on the October invoice.', 'refund of the duplicate charge on the October invoice'],
    ["We were told we'd get a credit for the September slowdown.", 'credit for the September slowdown'],
    // A staff member the directory names, by first name alone.
    ['Sam told us he would waive the overage charge.', 'waiver of the overage charge'],
    // What follows ", and …" or ", so …" is the rest of the story, not what was promised.
    ['Dana said she would credit us for March, and that it was approved.', 'credit for March'],
  ])('"%s" is an open promise: urgent escalation, named in the reply and the brief', async (remembered, promised) => {
    const { reply, ticket, escalation } = await askWith(remembered);
    expect(ticket.status).toBe('escalated');
    expect(ticket.priority).toBe('urgent');
    expect(reply).toContain(`what we promised you is applied: ${promised}.`);
    expect(escalation).toContain(`Open promises: `);
    expect(escalation).toContain(`: ${promised}`);
  });

  it.each([
    'We might refund the duplicate charge if finance agrees.',
    'Maybe someone promised Ben a refund for the duplicate charge.',
    'Ben said he would cancel unless the duplicate charge is refunded.',
    // Priya Nair is a customer at another account, not staff; the accountant is Northwind's own.
    "Priya said you'd credit us for March.",
    "Our accountant told us we'd get a refund from the bank.",
    // Passed on from a colleague: her own plans, or a question, are no promise of the team's.
    'My colleague Ava says she will refund the supplier for the duplicate charge.',
    'Did Ava say Dana would refund her for the duplicate charge?',
  ])('"%s" is no promise: the charge is asked for its invoice like anyone\'s', async (remembered) => {
    const { reply, ticket, escalation } = await askWith(remembered);
    expect(escalation).toBeNull();
    expect(ticket.priority ?? null).toBeNull();
    expect(reply).toMatch(/invoice/i);
    expect(reply).not.toMatch(/promis/i);
  });
});
