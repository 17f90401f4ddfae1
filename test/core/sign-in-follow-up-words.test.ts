// A customer sent the reset steps who writes back "that didn't work" has a sign-in problem the steps did not solve:
// a person on the support team takes it, as the access answer promised ("I'll get a person on it"). The words a
// follow-up shares with outages ("didn't work", "still broken") are the named-breakage rule's words (reported-breakage.ts)
// and read outage first with access second (0.44-0.59, unsure): they must not send the ticket to engineering.
import { describe, expect, it } from 'vitest';
import { memdeskPerTest } from '../support/memdesk-env.js';

const testMemdesk = memdeskPerTest();

describe('a follow-up to the reset steps that only says they did not work', () => {
  it.each(["that didn't work", "that didn't work, it's still broken", 'Tried it, it doesn\'t work'])(
    '"%s" goes to a person on the support team as access, not to engineering as an outage',
    async (text) => {
      const m = await testMemdesk();
      const first = await m.handleTicket({ user: 'cust_fiona', message: 'I forgot my password, how do I reset it?' });
      expect(first.customer_response).toContain('Forgot password');
      const o = await m.handleTicket({ user: 'cust_fiona', ticketId: first.ticket_id, message: text });
      expect(o.customer_response).not.toContain('engineering');
      expect(o.customer_response).not.toContain('Forgot password');
      expect(o.tools_executed).toContain('create_escalation_ticket');
      expect(o.ticket.issue_type).toBe('access');
    },
  );
});
