// A billing request is asked for its invoice ID first; the customer's answer ("INV-88121") is what
// escalates it. The person who takes the ticket must still read what the customer asked for.
import { describe, expect, it } from 'vitest';
import { memdeskPerTest } from '../support/memdesk-env.js';

const testMemdesk = memdeskPerTest();

const REQUEST = 'We were charged twice for December, please refund one of them';

describe('escalating on the answer to our question', () => {
  it('the brief, the escalation summary and the outcome memory keep what the customer asked for', async () => {
    const m = await testMemdesk();
    const asked = await m.handleTicket({ user: 'cust_joanna', message: REQUEST });
    expect(asked.tools_executed).toEqual(['ask_for_missing_info']);
    expect(asked.customer_response).toMatch(/invoice ID/);

    const answered = await m.handleTicket({ user: 'cust_joanna', message: 'INV-88121', ticketId: asked.ticket_id });
    expect(answered.tools_executed).toEqual(['create_escalation_ticket', 'store_support_outcome_memory']);
    expect(answered.handoff_brief).toContain(`Customer asked first: "${REQUEST}"`);
    expect(answered.handoff_brief).toContain('Customer wrote: "INV-88121"');
    expect(answered.handoff_brief).toContain('Invoice: INV-88121.');

    const [escalation] = await m.tickets.escalationsFor(answered.ticket_id);
    expect(escalation?.summary).toBe(`billing: ${REQUEST} (then: INV-88121)`);

    const memories = await m.memory.list({ kind: 'customer', id: 'cust_joanna' });
    expect(memories.map((x) => x.memory)).toEqual([expect.stringContaining(`reported a billing issue ("${REQUEST}")`)]);
  });

  it('a first message that escalates at once is briefed as before, without an earlier question', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_joanna', message: `${REQUEST}. Invoice INV-88121` });
    expect(o.tools_executed).toEqual(['create_escalation_ticket', 'store_support_outcome_memory']);
    expect(o.handoff_brief).not.toContain('Customer asked first');
    const [escalation] = await m.tickets.escalationsFor(o.ticket_id);
    expect(escalation?.summary).toBe(`billing: ${REQUEST}. Invoice INV-88121`);
  });
});
