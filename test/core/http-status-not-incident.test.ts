// A customer pasting a failing request's "401 Unauthorized" has an API credentials problem, not a
// security incident: they must not be told to reset every password and rotate keys, nor be paged to
// the security team. "Unauthorized" about a payment or a sign-in still is one.
import { describe, expect, it } from 'vitest';
import { memdeskPerTest } from '../support/memdesk-env.js';

const testMemdesk = memdeskPerTest();

describe('an HTTP status pasted into a message', () => {
  it('"401 Unauthorized" from an API call is not handled as a security incident', async () => {
    const m = await testMemdesk();
    for (const message of ['Our API calls fail with 401 Unauthorized, what am I doing wrong?', 'GET /v1/tasks keeps answering HTTP/1.1 403 Forbidden since this morning']) {
      const o = await m.handleTicket({ user: 'cust_happy', message });
      expect(o.reading.severity.security).toBe(false);
      expect(o.assessment.issue_type).not.toBe('security');
      expect(o.customer_response).not.toMatch(/security team|reset your password/);
    }
  });

  it('an unauthorized payment or sign-in still is', async () => {
    const m = await testMemdesk();
    for (const message of ['There is an unauthorized payment of $300 on our account', 'We got an alert about an unauthorized sign-in to our admin account']) {
      const o = await m.handleTicket({ user: 'cust_happy', message });
      expect(o.reading.severity.security).toBe(true);
      expect(o.customer_response).toMatch(/security team/);
    }
  });
});
