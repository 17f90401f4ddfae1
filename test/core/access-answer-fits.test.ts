// A sign-in problem is answered with the password-reset steps, which fit a forgotten password. A
// customer locked out by their two-factor codes needs the help center's 2FA article, not "Forgot password". A
// message the reader reads as access that names no sign-in at all gets neither.
import { describe, expect, it } from 'vitest';
import { memdeskPerTest } from '../support/memdesk-env.js';

const testMemdesk = memdeskPerTest();

describe('answering a sign-in problem', () => {
  it('a lost 2FA device is answered from the 2FA reset article, and a follow-up that it still fails goes to a person', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: 'Our 2FA codes stopped working after I changed phones, locked out' });
    expect(o.reading.issue_type).toBe('access');
    expect(o.tools_executed[0]).toBe('answer_customer');
    expect(o.customer_response).not.toContain('Forgot password');
    expect(o.customer_response).toContain('help.cobalt.example/account/reset-2fa');
    expect(o.cited).toEqual(['account/reset-2fa']);

    const still = await m.handleTicket({ user: 'cust_fiona', message: 'I tried that, the recovery codes are not accepted either', ticketId: o.ticket_id });
    expect(still.tools_executed[0]).toBe('create_escalation_ticket');
    expect(still.handoff_brief).toContain('memdesk answered from Lost your phone: recover or reset two-factor authentication');
  });

  it('a forgotten password still gets the reset steps', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: "I can't log in, I forgot my password." });
    expect(o.customer_response).toContain('Forgot password');
    expect(o.cited).toEqual([]);
  });

  // dstc11-insurance_0796: read as access (the reader's 100%) from "security" and "account" alone.
  it('a request to change the security question is not sent the reset steps: no article covers it, so a person takes it', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: 'Hello, I need extra security on my account, can we please change the security question?' });
    expect(o.customer_response).not.toContain('Forgot password');
    expect(o.tools_executed[0]).toBe('create_escalation_ticket');
    expect(o.customer_response).toContain("I couldn't find a help-center article that covers this");
    expect(o.handoff_brief).toContain('Customer wrote: "Hello, I need extra security on my account, can we please change the security question?"');
  });

  it.each(['why is there a hold on my account', 'change the name on my account'])('"%s" names no sign-in and is not sent the reset steps', async (message) => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message });
    expect(o.customer_response).not.toContain('Forgot password');
  });

  // Proving who one is to get in is a sign-in act too (banking77 unable_to_verify_identity, passcode_forgotten).
  it.each([
    'my account is locked',
    'How do I get my PIN unlocked?',
    "The app doesn't know it's me.",
    'I am not being recognized by the app.',
    'I do not remember the code, what should I do?',
  ])('"%s" is still a sign-in problem and gets the reset steps', async (message) => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message });
    expect(o.customer_response).toContain('Forgot password');
  });
});
