// "The discount for annual billing was removed from our invoice" is a wrong invoice: read as a discount asked
// for, it went to the billing team with no invoice ID asked for and a brief saying "Discount request: the
// customer asks for a price other than their list price", which is not what Ben wrote.
import { describe, expect, it } from 'vitest';
import { memdeskPerTest } from '../support/memdesk-env.js';

const testMemdesk = memdeskPerTest();

describe('a discount taken away from an invoice', () => {
  it('is looked into as the invoice it is: Ben is asked for its ID, not told a person will decide a price', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_ben', message: 'The discount for annual billing was removed from our invoice' });
    expect(o.customer_response).toContain('invoice ID');
    expect(o.handoff_brief ?? '').not.toContain('Discount request');
    expect(o.reading.asks_discount).toBe(false);
  });
});
