// A purchase the customer says they did not make is a charge nobody they know authorised: the card or the
// account may be in someone else's hands. Like "a payment I didn't make", it goes to the security team at
// once (at high priority on every plan) with the steps to secure the account, not "tell me more".
import { describe, expect, it } from 'vitest';
import { memdeskPerTest } from '../support/memdesk-env.js';

const testMemdesk = memdeskPerTest();

describe('a purchase the customer did not make', () => {
  // banking77-test-1116 (card_payment_not_recognised): read `other` and asked for details before.
  it('"a purchase made that wasn\'t by me" is escalated to the security team at high priority', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: "I think there has been a purchase made that wasn't by me." });
    expect(o.tools_executed[0]).toBe('create_escalation_ticket');
    expect(o.customer_response).toContain("I've passed this to our security team");
    expect(o.customer_response).toContain('reset your password');
    expect(o.customer_response).not.toContain('tell me a bit more');
    expect(o.handoff_brief).toContain('Issue: security. Priority: high.');
  });

  // BANKING77 test (card_payment_not_recognised): "somebody" was not heard as "someone", and the message was asked
  // what it is about.
  it('"Somebody used my card to make a purchase" is escalated to the security team at high priority, not asked for details', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: 'Somebody used my card to make a purchase' });
    expect(o.tools_executed[0]).toBe('create_escalation_ticket');
    expect(o.customer_response).toContain("I've passed this to our security team");
    expect(o.customer_response).not.toContain('tell me a bit more');
    expect(o.handoff_brief).toContain('Issue: security. Priority: high.');
  });

  it('a charge the customer did make stays with the billing team', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: 'The purchase was made by me, but I was charged twice for it: INV-2041' });
    expect(o.customer_response).not.toContain('security team');
  });
});
