// "We're on the startup plan and nobody can log in" names the plan the customer is on, not a price asked for:
// read as a discount request it went to the billing team with a brief saying "Discount request", and nobody
// looked at the sign-in problem.
import { describe, expect, it } from 'vitest';
import { memdeskPerTest } from '../support/memdesk-env.js';

const testMemdesk = memdeskPerTest();

describe('a plan named by its kind', () => {
  it('is not a discount request: a sign-in problem on the startup plan is not handed to billing', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: "We're on the startup plan and nobody can log in" });
    expect(o.customer_response).not.toContain('billing team');
    expect(o.handoff_brief ?? '').not.toContain('Discount request');
    expect(o.reading.asks_discount).toBe(false);
  });
});
