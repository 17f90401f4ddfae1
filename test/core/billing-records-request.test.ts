// A request for the customer's billing records (a statement, past transactions, copies of receipts) asks
// where those records are: it is not a charge to look into, so it is never asked for an invoice ID. The help
// center answers it when an article clears the bar; otherwise the billing team takes it as the how-to it is.
import { describe, expect, it } from 'vitest';
import { memdeskPerTest } from '../support/memdesk-env.js';

const testMemdesk = memdeskPerTest();

describe('a request for billing records', () => {
  // dstc11-finance_00494 (finance/GetBankStatement)
  it('"I would like a bank statement for my business" is answered from the help center, not asked for an invoice ID', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: 'My name is Percy Bagorn. I would like a bank statement for my business.' });
    expect(o.tools_executed[0]).toBe('answer_customer');
    expect(o.customer_response).not.toContain('invoice ID');
    expect(o.cited).toHaveLength(1);
  });

  // clinc150-train-00706 (transactions)
  it('"what are the last ten transactions I\'ve made" goes to the billing team as a how-to, with no invoice ID asked for', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: "what are the last ten transactions i've made" });
    expect(o.customer_response).toMatch(/^Thanks, Fiona\. I've passed this to our billing team/);
    expect(o.customer_response).not.toContain('invoice ID');
    expect(o.handoff_brief).toContain('Billing how-to: the customer asks how or where to do something themselves, not about a charge; no invoice ID was asked for.');
  });

  it('a wrong charge on an invoice is still asked for its invoice ID', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: 'I need the invoice corrected, we were charged the wrong amount' });
    expect(o.customer_response).toContain('invoice ID');
  });
});
