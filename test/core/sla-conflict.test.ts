// The operator's policy/rules.yml holds each plan's SLA clocks; a memory may state an account's own
// ("a contractual 2-hour response SLA"). When the two disagree, memdesk picks neither silently: the plan's
// clock runs as before and the handoff brief says so, naming the memory, so a person checks the contract.
// The demo seed states no SLA that its plan's clock contradicts.
import { describe, expect, it } from 'vitest';
import { DEMO_MESSAGE, memdeskPerTest } from '../support/memdesk-env.js';

const startMemdesk = memdeskPerTest();
const memdesk = () => startMemdesk({ MEMDESK_NOW: '2026-11-25T10:00:00Z' });

describe('a remembered SLA the plan contradicts', () => {
  it("names a 24-hour SLA in memory against the Pro plan's 480 business minutes in the brief, and runs the plan's clock", async () => {
    const m = await memdesk();
    const memory = 'Northwind Traders is on the Pro plan with a 24-hour response SLA.';
    await m.seed([{ scope: 'account', id: 'acct_northwind', text: memory }], {});
    const o = await m.handleTicket({ user: 'cust_ben', message: 'I was charged twice on INV-2041, please check.' });
    expect(o.tools_executed).toContain('create_escalation_ticket');
    expect(o.handoff_brief).toContain(
      `SLA conflict: memory says a 24-hour response SLA ("${memory}"), the pro plan's first response is 480 business minutes; the plan's 480 business minutes are running.`,
    );
    // The customer is promised the plan's clock: 8 business hours from 09:00 New York time (it is 05:00 there) end at 17:00, the customer's today.
    expect(o.customer_response).toContain('by today at 5:00 PM EST');
  });

  it("names a negotiated 2-hour SLA against the Enterprise plan's 240 minutes around the clock", async () => {
    const m = await memdesk();
    await m.seed([{ scope: 'account', id: 'acct_globex', text: 'Globex Corporation is on the Enterprise plan with a contractual 2-hour response SLA.' }], {});
    const o = await m.handleTicket({ user: 'cust_elena', message: DEMO_MESSAGE });
    expect(o.handoff_brief).toMatch(/SLA conflict: memory says a 2-hour response SLA \(.*\), the enterprise plan's first response is 240 minutes; the plan's 240 minutes are running\./);
  });

  it('says nothing of the kind for the demo seed: Pro names no hours, and Enterprise states its plan\'s 4 hours', async () => {
    const m = await memdesk();
    await m.seed(m.demoSeed(), {});
    for (const user of ['cust_ben', 'cust_elena']) {
      const o = await m.handleTicket({ user, message: DEMO_MESSAGE });
      expect(o.tools_executed, user).toContain('create_escalation_ticket');
      expect(o.handoff_brief, user).not.toContain('SLA conflict');
    }
    const northwind = await m.memory.list({ kind: 'account', id: 'acct_northwind' });
    expect(northwind.map((x) => x.memory)).toEqual(['Northwind Traders is on the Pro plan.']);
  });
});
