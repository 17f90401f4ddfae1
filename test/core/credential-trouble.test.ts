// Real customers' words (BANKING77 test rows in eval/real): "Will you reinstate my PIN?", "It is impossible to verify
// my identity" were read as how-to questions, and with no article covering them went to a person as "no article
// covers this". A credential that keeps the customer out, or an identity check they cannot pass, is a sign-in
// problem: the customer gets the reset steps at once, as every access problem does. A question how a credential
// works stays a how-to.
import { describe, expect, it } from 'vitest';
import { memdeskPerTest } from '../support/memdesk-env.js';

const testMemdesk = memdeskPerTest();

describe('a credential that keeps the customer out', () => {
  it.each([
    'Will you reinstate my PIN?',
    'How do I reset my PIN, I can\'t seem to use my card?',
    "What should I do if I've tried to enter my PIN too often?",
    'It is impossible to verify my identity',
    'I do not have what is required to prove my identity',
    // Paraphrases, written with the fix.
    'My passcode is blocked after three wrong tries',
    'The identity check keeps failing on my side',
  ])('"%s" gets the sign-in steps now, not a hand-off', async (text) => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: text });
    expect(o.tools_executed[0]).toBe('answer_customer');
    expect(o.tools_executed).not.toContain('create_escalation_ticket');
    expect(o.customer_response).toMatch(/^Sorry you're having trouble signing in, Fiona\./);
    expect(o.customer_response).toContain('Forgot password');
    expect(o.ticket.issue_type).toBe('access');
  });

  it('"Why do I need to verify my identity?" asks how something works: it is not sent the reset steps', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: 'Why do I need to verify my identity?' });
    expect(o.customer_response).not.toContain('Forgot password');
    expect(o.ticket.issue_type).toBe('how_to');
  });
});
