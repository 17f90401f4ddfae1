// The brief tells the person taking a ticket what the customer was already asked, so they neither ask
// again nor wait for an answer to a question nobody sent.
import { describe, expect, it } from 'vitest';
import { memdeskPerTest } from '../support/memdesk-env.js';

const testMemdesk = memdeskPerTest();

describe('the invoice line of a billing brief', () => {
  it('an unclear request handed to a person says the invoice ID was not asked for, as the reply did not ask', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_kate', message: "Please send me the invoices for elena@globex.example, I'm doing their accounting" });
    expect(o.assessment.handoff_cause).toBe('unclear_request');
    expect(o.assessment.issue_type).toBe('billing');
    expect(o.customer_response).not.toMatch(/invoice ID/i);
    expect(o.handoff_brief).not.toContain('asked in the reply');
    expect(o.handoff_brief).toContain('Invoice ID: not given, and not asked for (the request is unclear).');
  });

  it('a billing escalation whose reply asks for the invoice ID still says so', async () => {
    const m = await testMemdesk();
    await m.seed([{ scope: 'account', id: 'acct_globex', text: 'Globex Corporation is on the Enterprise plan.' }], { actor: 'test' });
    const o = await m.handleTicket({ user: 'cust_elena', message: 'We were billed for 50 seats but we only have 30 users.' });
    expect(o.customer_response).toMatch(/invoice ID/);
    expect(o.handoff_brief).toContain('Invoice ID: not given yet (asked in the reply).');
  });
});
