// What customers read when they say only that something is wrong, over Slack's real protocols, with public customer
// messages that exposed it (source ids quoted): "That's not working" with nothing said of what, of production or of
// other people is asked what is not working, not sent to engineering as an outage; an outage that names its thing and
// its reach still is one. (A follow-up keeps its thread's context: test/core/sign-in-follow-up-words.test.ts.)
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

describe('a message that says something is wrong but not what', () => {
  it.each([
    ['nlupp-banking-f7-00686', "That's not working"],
    ['nlupp-banking-f15-01317', 'hello this is not right'],
  ])('(%s) "%s" is asked what is not working, not sent to engineering', async (_source, text) => {
    const { reply, ticket } = await askInSupport(h, users.ben, text);
    expect(reply).toMatch(/^Thanks for reaching out, Ben\. Could you tell me a bit more about what you need help with\? If something isn't working, what happened/);
    expect(reply).not.toMatch(/engineering team/);
    expect(ticket.status).toBe('waiting_on_customer');
  });

  it('an outage that says what is down and for whom still goes to engineering', async () => {
    const { reply, ticket } = await askInSupport(h, users.ben, 'the dashboard returns 500 for everyone');
    expect(reply).toMatch(/engineering team/);
    expect(ticket.status).toBe('escalated');
    expect(ticket.priority).toBe('high');
  });
});
