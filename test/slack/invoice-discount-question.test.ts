// QA found two billing messages read as a discount asked for: "any discount applied to my invoice INV-2201?" asks
// what an invoice holds, and "we agreed a deal with your sales team for 20 seats but the invoice shows 25" disputes
// an invoice by quoting a deal (its "20 seats" also read as many users hit, which raises a billing ticket to high).
// Both are billing: the invoice ID is asked for when missing, and billing takes them at the plan's default priority
// with a brief that does not say "Discount request". Each test starts its own workspace, so no earlier billing
// ticket makes the next a repeat issue.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { askInSupport, startProAndEnterpriseHarness } from './ask-in-support.js';
import { users, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeEach(async () => {
  h = await startProAndEnterpriseHarness();
});
afterEach(async () => {
  await h?.close();
});

describe('a billing message that mentions a discount or a deal but asks for none', () => {
  it('"Is there any discount applied to my last invoice?" is asked for the invoice ID, as any question about an invoice is', async () => {
    const { reply, ticket, escalation } = await askInSupport(h, users.ben, 'Is there any discount applied to my last invoice?');
    expect(reply).toContain('could you send me the invoice ID?');
    expect(ticket).toMatchObject({ issue_type: 'billing', status: 'waiting_on_customer' });
    expect(escalation).toBeNull();
  });

  it('a dispute quoting a deal for 20 seats is asked for its invoice ID', async () => {
    const { reply, ticket } = await askInSupport(h, users.ben, 'We agreed a deal with your sales team for 20 seats but the invoice shows 25');
    expect(reply).toContain('could you send me the invoice ID?');
    expect(ticket.status).toBe('waiting_on_customer');
  });

  it('the same dispute with its invoice ID goes to billing at medium, not raised as if many users were hit', async () => {
    const { reply, ticket, escalation } = await askInSupport(h, users.ben, 'We agreed a deal with your sales team for 20 seats but invoice INV-2202 bills us for 25 users');
    expect(reply).toMatch(/^Thanks, Ben\. I've passed this to our billing team\./);
    expect(ticket).toMatchObject({ issue_type: 'billing', status: 'escalated', priority: 'medium' });
    expect(escalation).not.toContain('Discount request');
  });

  it('"Can you apply a discount to my invoice?" still goes to billing as the discount it asks for, with no invoice ID asked', async () => {
    const { reply, ticket, escalation } = await askInSupport(h, users.ben, 'Can you apply a discount to my invoice?');
    expect(reply).not.toContain('invoice ID');
    expect(ticket).toMatchObject({ issue_type: 'billing', status: 'escalated', priority: 'medium' });
    expect(escalation).toContain('Discount request');
  });
});
