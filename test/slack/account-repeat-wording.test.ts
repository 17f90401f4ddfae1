// A repeat issue counts the account's memory as well as the customer's own: when Ben reported the last
// two billing problems, Ava's billing ticket is a repeat for Northwind. Her reply must not tell her that
// *she* has had the problem before (another member's history, put as hers): it says the account has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askInSupport, startTicketPerMessageHarness } from './ask-in-support.js';
import { users, type SlackHarness } from './harness.js';

const ava = 'U0AVA';
const northwind = (text: string) => ({ scope: 'account' as const, id: 'acct_northwind', text });

let h: SlackHarness;
beforeAll(async () => {
  h = await startTicketPerMessageHarness([
    northwind('Northwind Traders is on the Pro plan.'),
    northwind('On 2026-10-02 Ben reported a billing issue: a double charge on the card.'),
    northwind('On 2026-11-03 Ben reported a billing issue: an invoice charged twice.'),
  ]);
});
afterAll(async () => {
  await h?.close();
});

describe("another member's earlier billing problems", () => {
  it("make Ava's ticket a repeat, and her reply says the account has had them, not that she has", async () => {
    const { reply, ticket } = await askInSupport(h, ava, 'We were charged twice for this month on our card, can you check?');
    expect(ticket.status).toBe('escalated');
    expect(ticket.priority).toBe('urgent');
    expect(reply).toContain("isn't the first billing problem on your account recently");
    expect(reply).not.toMatch(/you've had|Ben/);
  });

  it('the same sentence for Ben, whose own reports they were', async () => {
    const { reply } = await askInSupport(h, users.ben, 'We were charged twice again this month, can you check?');
    expect(reply).toContain("isn't the first billing problem on your account recently");
  });
});
