// Duplicates are stored once; when a newer fact contradicts an older one, the newer one wins.
import { describe, expect, it } from 'vitest';
import { DEMO_MESSAGE, testMemdesk } from '../support/memdesk-env.js';

describe('duplicate and contradicting memories', () => {
  it('the same fact seeded twice is stored once', async () => {
    const m = await testMemdesk();
    try {
      const fact = { scope: 'account' as const, id: 'acct_northwind', text: 'Northwind Traders is on the Pro plan.' };
      await m.seed([fact, fact], {});
      await m.seed([{ ...fact, text: '  Northwind Traders is on the Pro plan. ' }], {});
      expect(await m.memory.list({ kind: 'account', id: 'acct_northwind' })).toHaveLength(1);
    } finally {
      await m.cleanup();
    }
  });

  it('a plan change from Pro to Enterprise wins in what the decider sees', async () => {
    const m = await testMemdesk({ MEMDESK_NOW: '2026-11-25T10:00:00Z' });
    try {
      await m.seed([{ scope: 'account', id: 'acct_northwind', text: 'Northwind Traders is on the Pro plan.' }], {});
      await new Promise((r) => setTimeout(r, 5));
      await m.seed([{ scope: 'account', id: 'acct_northwind', text: 'Northwind Traders upgraded to the Enterprise plan with a 4-hour SLA.' }], {});
      const o = await m.handleTicket({ user: 'cust_ava', message: DEMO_MESSAGE });
      const seen = o.retrieved.account.map((r) => r.memory);
      expect(seen).toEqual(['Northwind Traders upgraded to the Enterprise plan with a 4-hour SLA.']);
      // Enterprise escalates billing at once, with the 4-hour SLA
      expect(o.tools_executed).toContain('create_escalation_ticket');
      expect(Date.parse(o.ticket.sla_due_at!) - Date.parse(o.ticket.created_at)).toBeLessThanOrEqual(4 * 3_600_000 + 60_000);
    } finally {
      await m.cleanup();
    }
  });
});
