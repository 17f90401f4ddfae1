// QA (qa7, and a leftover of qa4–qa6): "How do I log in?" was asked to tell us more, "How do I access your portal?"
// found no article and went to a person, and "how can I sign in to my account" was answered from the article on a
// compromised account. A question how to sign in, with nothing gone wrong, is told where to sign in.
import { describe, expect, it } from 'vitest';
import { memdeskPerTest } from '../support/memdesk-env.js';

const testMemdesk = memdeskPerTest();

describe('a question how to sign in', () => {
  it.each(['How do I log in?', 'How do I access your portal?', 'how can I sign in to my account', 'Where is the login page?'])(
    '"%s" is told where to sign in, not sent the trouble-signing-in steps nor an article',
    async (text) => {
      const m = await testMemdesk();
      const o = await m.handleTicket({ user: 'cust_fiona', message: text });
      expect(o.tools_executed[0]).toBe('answer_customer');
      expect(o.customer_response).toMatch(/^Good question, Fiona\. To sign in, go to app\.cobalt\.example\/login/);
      expect(o.customer_response).not.toMatch(/trouble signing in|tell me a bit more|compromised|help center says/);
      expect(o.ticket.status).toBe('waiting_on_customer');
    },
  );

  it.each(["I can't log in to my account", 'How do I log in with SSO?', 'how do i access my account when i forgot my password'])(
    '"%s" says something went wrong or names SSO: not the plain where-to-sign-in answer',
    async (text) => {
      const m = await testMemdesk();
      const o = await m.handleTicket({ user: 'cust_fiona', message: text });
      expect(o.customer_response).not.toMatch(/To sign in, go to/);
    },
  );
});

// qa7 sample (CLINC150 clinc150-val-02930) and DSTC11: a new password or PIN wanted was told "Sorry you're having
// trouble signing in" and sent the forgotten-password steps.
describe('a new password or PIN wanted, with nothing keeping the customer out', () => {
  it('"I want to change my password" is answered with how to change it while signed in', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: 'I want to change my password' });
    expect(o.customer_response).toMatch(/^Good question, Fiona\. Here is what our help center says:/);
    expect(o.customer_response).toContain('*Change your password while signed in*');
    expect(o.customer_response).not.toContain('trouble signing in');
  });

  it('"i don\'t want my current pin for my wells account anymore" is not told it has trouble signing in', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: "i don't want my current pin for my wells account anymore" });
    expect(o.customer_response).not.toMatch(/trouble signing in|Forgot password/);
  });

  it('"I forgot my password and want to change it" keeps the reset steps', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: 'I forgot my password and want to change it' });
    expect(o.customer_response).toMatch(/Forgot password/);
  });
});
