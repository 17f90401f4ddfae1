// What customers read when a message of no known type says what they want done, over Slack's real protocols, with
// public customer messages that exposed it (source ids quoted): a complaint to make, or an action asked of us ("approve
// my claim"), goes to a person as it is, not met with "could you tell me a bit more about what you need help with?".
// A request too short to say what it needs is still asked (test/slack/questions-not-problems.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { askInSupport, startNorthwindOnProHarness } from './ask-in-support.js';
import { users, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeEach(async () => {
  h = await startNorthwindOnProHarness();
});
afterEach(async () => {
  await h?.close();
});

describe('a message of no known type that says what the customer wants done', () => {
  it.each([
    ['bitext-01253', 'how can I make a consumer complaint against your company?'],
    ['dstc11-insurance_0324', 'My house was hit by a tornado and I need you to approve my claim'],
    ['dstc11-insurance_0324, its request alone', 'approve my claim'],
  ])('(%s) "%s" goes to a person, not asked to say more', async (_source, text) => {
    const { reply, ticket } = await askInSupport(h, users.ben, text);
    expect(reply).toMatch(/^Thanks, Ben\. I've passed this to our support team\./);
    expect(reply).not.toMatch(/tell me a bit more/);
    expect(ticket.status).toBe('escalated');
  });
});
