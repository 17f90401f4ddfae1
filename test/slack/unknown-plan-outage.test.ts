// An outage or a security incident from a customer whose plan memory does not name (policy/rules.yml
// unknown_plan_floor), over Slack's real protocols: the rules read an unknown plan as Free for its default and cap
// (medium), but the plan is only unknown, not known to be Free, so production down for everyone goes to the
// engineering team at high; no SLA is promised (none is known). The same message from an account remembered on
// Free keeps Free's cap: the floor is for the unknown plan only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askInSupport, startNorthwindOnProHarness, startTicketPerMessageHarness } from './ask-in-support.js';
import { users, type SlackHarness } from './harness.js';

const outage = 'Production is down for everyone on our team since this morning, nothing loads.';

describe('an outage from a sender with no plan on record', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    // Northwind's plan is remembered; Fiona Studio's is not.
    h = await startNorthwindOnProHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('goes to engineering at high, above the unknown plan\'s medium cap; the reply promises no time', async () => {
    const { reply, ticket, escalation } = await askInSupport(h, users.fiona, outage);
    expect(ticket.status).toBe('escalated');
    expect(ticket.priority).toBe('high');
    expect(escalation).toContain('*Priority*\\nhigh');
    expect(reply).toBe("Thanks, Fiona. I've passed this to our engineering team. They'll get back to you as soon as they can.");
  });

  it('a security incident from the same sender is high as well', async () => {
    const { ticket } = await askInSupport(h, users.fiona, 'Someone logged into our admin account from another country and changed our API keys.');
    expect(ticket.priority).toBe('high');
  });
});

describe('the same outage from an account remembered on Free', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startTicketPerMessageHarness([{ scope: 'account', id: 'acct_fiona_studio', text: 'Fiona Studio is on the Free plan.' }]);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("keeps Free's cap, medium", async () => {
    const { ticket } = await askInSupport(h, users.fiona, outage);
    expect(ticket.status).toBe('escalated');
    expect(ticket.priority).toBe('medium');
  });
});
