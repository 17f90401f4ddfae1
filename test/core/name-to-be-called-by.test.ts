// "you can call me jason" (CLINC150 clinc150-val-02669) tells us a name, not that the customer wants a
// phone call: it was handed to a person with "A person from our team will answer you right here in this
// thread", and the brief said "The customer asked for a person." A call asked for still goes to a person.
import { describe, expect, it } from 'vitest';
import { memdeskPerTest } from '../support/memdesk-env.js';

const testMemdesk = memdeskPerTest();

describe('a name to be called by', () => {
  it('is not a request for a person', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: 'you can call me jason' });
    expect(o.reading.asks_for_human).toBe(false);
    expect(o.tools_executed).not.toContain('create_escalation_ticket');
    expect(o.customer_response).not.toContain('A person from our team');
    expect(o.handoff_brief ?? '').not.toContain('asked for a person');
  });

  it('while "call me back" is', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: 'can you call me back please' });
    expect(o.reading.asks_for_human).toBe(true);
    expect(o.tools_executed[0]).toBe('create_escalation_ticket');
    expect(o.customer_response).toContain('A person from our team will answer you right here in this thread');
    expect(o.handoff_brief).toContain('The customer asked for a person.');
  });
});
