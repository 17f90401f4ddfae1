// A billing how-to ("where can I download my invoice?") that a person takes because an open promise
// bears on it: the reply does not ask for an invoice ID the question has none of, and the brief says
// it is a how-to. A billing dispute sent the same way is still asked for its invoice ID.
import { afterEach, describe, expect, it } from 'vitest';
import type { Memdesk } from '../../src/memdesk.js';
import { testMemdesk } from '../support/memdesk-env.js';

let open: (Memdesk & { cleanup(): Promise<void> })[] = [];
afterEach(async () => {
  await Promise.all(open.map((m) => m.cleanup()));
  open = [];
});
async function demoMemdesk() {
  const m = await testMemdesk({});
  open.push(m);
  await m.seed(m.demoSeed(), {});
  return m;
}

describe('a billing how-to a person takes', () => {
  it('tells Ben (open credit promise) it went to billing without asking for an invoice ID, and the brief says it is a how-to', async () => {
    const m = await demoMemdesk();
    const o = await m.handleTicket({ user: 'U0BEN', message: 'where can I download my invoice?' });
    expect(o.ticket.status).toBe('escalated');
    expect(o.customer_response).toMatch(/^Thanks, Ben\. I've passed this to our billing team/);
    expect(o.customer_response).not.toContain('invoice ID');
    // His earlier billing problems do not make a question where the button is a repeat billing problem.
    expect(o.customer_response).not.toContain("isn't the first");
    const [escalation] = await m.tickets.escalationsFor(o.ticket_id);
    expect(escalation?.handoff_summary).toContain('Billing how-to: the customer asks how or where to do something themselves, not about a charge; no invoice ID was asked for.');
    expect(escalation?.handoff_summary).not.toContain('Invoice ID: not given yet');
  });

  it('still asks for the invoice ID of a wrong charge a promise sends to a person', async () => {
    const m = await demoMemdesk();
    const o = await m.handleTicket({ user: 'U0BEN', message: 'this month we were billed the wrong amount again' });
    expect(o.ticket.status).toBe('escalated');
    expect(o.customer_response).toContain('If you have the invoice ID handy (it starts with INV-)');
    expect(o.customer_response).toContain("isn't the first billing problem on your account");
    const [escalation] = await m.tickets.escalationsFor(o.ticket_id);
    expect(escalation?.handoff_summary).toContain('Invoice ID: not given yet (asked in the reply).');
  });
});
