// A customer who asks for a discount asks for a price memdesk cannot grant (it never applies a discount) and no
// article decides: the billing team does. Over Slack's real protocols: "Can I get a discount if we pay yearly?" was
// answered with the plans article's introduction, "Can we get a discount for a nonprofit?" was asked for the invoice
// ID of a charge that does not exist. Now both, and paraphrases written before the fix, go to the billing team at
// the plan's default priority, with no article quoted and no invoice ID asked for, and the brief says what it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askInSupport, startProAndEnterpriseHarness } from './ask-in-support.js';
import { users, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startProAndEnterpriseHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('a discount asked for', () => {
  it.each([
    'Can I get a discount if we pay yearly?',
    'Can we get a discount for a nonprofit?',
    // Paraphrases, written before the fix.
    'Do you offer any discounts for startups?',
    'Is there an education discount for universities?',
    'We are a registered charity, do you have special pricing for us?',
    'Any chance of a discount if we buy 50 seats?',
  ])('hands Ben\'s (Pro) "%s" to the billing team at medium, quoting no article and asking for no invoice ID', async (text) => {
    const { reply, ticket, escalation } = await askInSupport(h, users.ben, text);
    expect(reply).toMatch(/^Thanks, Ben\. I've passed this to our billing team\. You'll hear from them by /);
    expect(reply).not.toContain('help.cobalt.example');
    expect(reply).not.toContain('invoice ID');
    expect(reply).not.toMatch(/discount/i);
    expect(ticket).toMatchObject({ issue_type: 'billing', status: 'escalated', priority: 'medium' });
    expect(escalation).toContain('Discount request');
    expect(escalation).toContain('memdesk cannot grant one');
  });

  it('hands Elena\'s (Enterprise) German request to the billing team at high, in German', async () => {
    const { reply, ticket } = await askInSupport(h, users.elena, 'Gibt es einen Rabatt für gemeinnützige Vereine?');
    expect(reply).toMatch(/^Danke, Elena\. Ich habe das an unser Abrechnungsteam weitergegeben\./);
    expect(reply).not.toMatch(/Rechnungsnummer|INV-/);
    expect(ticket).toMatchObject({ issue_type: 'billing', status: 'escalated', priority: 'high' });
  });

  it('still answers how to switch to annual billing for its advertised price from the article', async () => {
    const { reply, ticket } = await askInSupport(h, users.ben, 'How do I switch to annual billing to get the annual discount?');
    expect(reply).toMatch(/^Good question, Ben\. Here is what our help center says:/);
    expect(reply).toContain('*Switch from monthly to annual*');
    expect(reply).toContain('<https://help.cobalt.example/plans/change-plan|');
    expect(ticket.status).toBe('waiting_on_customer');
  });
});
