// What customers read when they ask a question rather than report a problem, over Slack's real protocols, with public
// customer messages that exposed it (source ids quoted; banking and insurance phrasings, as a SaaS customer's billing
// questions are worded the same way):
// - a billing message that reports nothing wrong with a charge ("what do I owe?", "can you change my billing
//   frequency?") goes to the billing team as it is: no "could you send me the invoice ID? … so I can look into this
//   charge" for a charge that does not exist; a charge the customer points at is still asked for its invoice ID;
// - how-to questions no article covers go to a person at the plan's priority however many came before: a third
//   question is not "the first product problem on your account" flagged to be handled first.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { askInSupport, startNorthwindOnProHarness } from './ask-in-support.js';
import { users, type SlackHarness } from './harness.js';

// Each case on an account with no history of its own: an earlier case's ticket would make a billing problem a repeat.
let h: SlackHarness;
beforeEach(async () => {
  h = await startNorthwindOnProHarness();
});
afterEach(async () => {
  await h?.close();
});

describe('a billing message that reports nothing wrong with a charge', () => {
  it.each([
    ['dstc11-insurance_0380', 'Hi, can you change my billing frequency?'],
    ['clinc150-val-03058', 'what is the amount i owe to clay electric'],
    ['dstc11-finance_00918', "I'd like to open up automatic billing please?"],
    ['dstc11-banking_075', 'I wanted to check the balance of my credit card please'],
    ['nlupp-banking-f12-01039', 'can you tell me last 5 transactions on my credit card?'],
  ])('(%s) "%s" goes to the billing team with no invoice ID asked for', async (_source, text) => {
    const { reply, ticket } = await askInSupport(h, users.ben, text);
    expect(reply).toMatch(/^Thanks, Ben\. I've passed this to our billing team\./);
    expect(reply).not.toMatch(/invoice ID|look into this charge|INV-/);
    expect(ticket.status).toBe('escalated');
    expect(ticket.priority).toBe('medium');
  });

  it.each([
    ['banking77 test (real-0097)', 'What is this $1 charge on my statement?'],
    ['banking77 test (real-0101)', "I was charged a fee after using my card and I shouldn't have been."],
    ['bitext-03151', 'solve an issue with online payment'],
  ])('(%s) "%s" points at a charge: it is still asked for the invoice ID', async (_source, text) => {
    const { reply, ticket } = await askInSupport(h, users.ben, text);
    expect(reply).toContain('could you send me the invoice ID?');
    expect(ticket.status).toBe('waiting_on_customer');
  });
});

describe('how-to questions no article covers, one after another', () => {
  it('go to a person at the plan priority each time, never "not the first product problem"', async () => {
    const questions = [
      ['bitext-00424', 'change shipping address'],
      ['bitext-01784', "I don't have a bloody gold account , how could I open one?"],
      ['bitext-03977', 'help to use the Gold profile'],
      ['bitext-03545', 'i do not know how to report sibn-up errors'],
    ] as const;
    for (const [_source, text] of questions) {
      const { reply, ticket } = await askInSupport(h, users.fiona, text);
      expect(reply).toMatch(/^I couldn't find a help-center article that covers this, so I've passed it to our support team\./);
      expect(reply).not.toMatch(/isn't the first|flagged to be handled first/);
      expect(ticket.status).toBe('escalated');
      expect(ticket.priority).not.toBe('urgent');
    }
  });
});

describe('a request too short to place', () => {
  it.each([
    ['bitext-03010', 'help unsubscribing to the corporate newsletter'],
    ['bitext-03784', 'ya have a section to leave my feedback about a product'],
  ])('(%s) "%s" is asked what it needs, not what it expected to happen as if something broke', async (_source, text) => {
    const { reply, ticket } = await askInSupport(h, users.ben, text);
    expect(reply).toMatch(/^Thanks for reaching out, Ben\. Could you tell me a bit more about what you need help with\? If something isn't working,/);
    expect(reply).not.toMatch(/, and what you expected to happen\?/);
    expect(ticket.status).toBe('waiting_on_customer');
  });
});
