// BANKING77 test rows: "Is there a fee for a transfer?", "How long does a UK transfer take?", "What are the fees for
// top ups?" were read as billing and asked "So I can look into this charge, could you send me the invoice ID?" — they
// are questions about what something costs or how long it takes, asked of no one charge. The help center answers them
// when an article covers it; otherwise the billing team takes them with no invoice ID asked for.
import { describe, expect, it } from 'vitest';
import { memdeskPerTest } from '../support/memdesk-env.js';

const testMemdesk = memdeskPerTest();

describe('a billing question about no one charge', () => {
  it.each(['Is there a fee for a transfer?', 'How long does a UK transfer take?', 'What are the fees for top ups?', 'Is there an amount limit to my top-up?'])(
    '"%s" is not asked for an invoice ID',
    async (text) => {
      const m = await testMemdesk();
      const o = await m.handleTicket({ user: 'cust_fiona', message: text });
      expect(o.customer_response).not.toContain('invoice ID');
      expect(o.tools_executed[0]).not.toBe('ask_for_missing_info');
      expect(o.ticket.issue_type).toBe('billing');
    },
  );

  // QA on public text: a general question in the plural or with words before what it asks of ("Are there any extra
  // hidden fees …", BANKING77 and CLINC150), and a bare "what is an overdraft?" (NLU++), asked for the invoice ID or,
  // handed to billing, told "If you have the invoice ID handy".
  it.each(['Are there any extra hidden fees for exchanging currencies?', 'Are there any limits on standing order amounts?', 'What is an overdraft'])(
    '"%s" is neither asked nor told about an invoice ID',
    async (text) => {
      const m = await testMemdesk();
      const o = await m.handleTicket({ user: 'cust_fiona', message: text });
      expect(o.customer_response).not.toContain('invoice ID');
      expect(o.tools_executed[0]).not.toBe('ask_for_missing_info');
    },
  );

  it('a fee the customer was charged twice is still asked for its invoice ID', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: 'How much is this fee? You charged me twice for it' });
    expect(o.customer_response).toContain('invoice ID');
  });
});
