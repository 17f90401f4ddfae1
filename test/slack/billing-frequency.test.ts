// Asked how to pay yearly instead of monthly (or back), a customer gets the plans article's "Switch from monthly to
// annual" / "Switch from annual to monthly" steps, over Slack's real protocols, and not "Upgrade from Free to Pro",
// which only mentions "monthly or annual billing" in a step; "pay yearly instead of monthly" is a question how, not a
// charge to look into; and a billing-frequency request no article is found for goes to the billing team as it is,
// with no invoice ID asked for a charge that does not exist. The paraphrases were written before the fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askInSupport, startTicketPerMessageHarness } from './ask-in-support.js';
import { users, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startTicketPerMessageHarness([{ scope: 'account', id: 'acct_northwind', text: 'Northwind Traders is on the Pro plan.' }]);
});
afterAll(async () => {
  await h?.close();
});

const link = '<https://help.cobalt.example/plans/change-plan|';

describe('a question how to change the billing frequency', () => {
  it.each([
    ['can we switch from monthly to annual billing?', '*Switch from monthly to annual*'],
    ['how do I pay yearly instead of monthly', '*Switch from monthly to annual*'],
    // Paraphrases, written before the fix.
    ['Is it possible to change our billing to annual?', '*Switch from monthly to annual*'],
    ['can I go back to monthly billing from annual?', '*Switch from annual to monthly*'],
  ])('answers Ben\'s "%s" with the %s steps, not the upgrade steps', async (text, section) => {
    const { reply, ticket } = await askInSupport(h, users.ben, text);
    expect(reply).toMatch(/^Good question, Ben\. Here is what our help center says:/);
    expect(reply).toContain(section);
    expect(reply).not.toContain('Upgrade from Free to Pro');
    expect(reply).not.toContain('invoice ID');
    expect(reply).toContain(link);
    expect(ticket).toMatchObject({ issue_type: 'billing', status: 'waiting_on_customer' });
  });

  it('hands "billed once a year rather than every month", which no article is found for, to the billing team without an invoice ID', async () => {
    const { reply, ticket, escalation } = await askInSupport(h, users.ben, 'I would like to be billed once a year rather than every month');
    expect(reply).toMatch(/^Thanks, Ben\. I've passed this to our billing team\. You'll hear from them by /);
    expect(reply).not.toContain('invoice ID');
    expect(reply).not.toContain('help.cobalt.example');
    expect(ticket).toMatchObject({ issue_type: 'billing', status: 'escalated', priority: 'medium' });
    expect(escalation).toContain('no invoice ID was asked for');
  });

  // The reader reads this one as "other" and asks what it is about (not fixed here); it quotes no wrong section.
  it('quotes no wrong section for "How can I move our subscription to yearly payments?"', async () => {
    const { reply } = await askInSupport(h, users.ben, 'How can I move our subscription to yearly payments?');
    expect(reply).not.toContain('Upgrade from Free to Pro');
    expect(reply).not.toContain('Move to Enterprise');
  });

  it('still asks for the invoice ID when an amount was charged instead of another', async () => {
    const { reply } = await askInSupport(h, users.ben, 'I was charged $99 instead of $49 this month');
    expect(reply).toContain('could you send me the invoice ID?');
  });
});
