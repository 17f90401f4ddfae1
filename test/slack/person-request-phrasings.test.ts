// A customer who asks for our support team, or turns away from the bot, reaches a person. QA on public
// support text found "can I speak with customer service?" answered with an article on the uptime SLA and
// "stop talking to bots … get me to someone else!" met with "tell me a bit more": the person-request rule knew
// only a person as the one to talk to (Bitext contact_customer_service 2 of 154 read as asking for someone,
// 132 now). And a customer's own phone number asks for nobody.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askInSupport, startProAndEnterpriseHarness } from './ask-in-support.js';
import { users, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startProAndEnterpriseHarness();
});
afterAll(async () => {
  await h?.close();
});

const personWillAnswer = 'A person from our team will answer you right here in this thread';

describe('asking for our support team rather than a person', () => {
  it.each([
    'can I speak with customer service?', // Bitext contact_customer_service
    'I really want to stop talking to bots and virtual agents, get me to someone else!', // NLU++ handoff
    'how do I get in touch with customer support', // Bitext contact_customer_service
    'When it comes to invoices I\'d prefer talking to a human tbh', // NLU++ handoff, the loan made an invoice
    'I have got to speak with a eprson', // Bitext contact_human_agent, the person's word typed with a slip (qa6 sample)
    "I'm trying to talk to somone", // Bitext contact_human_agent
  ])('"%s" is handed to a person, who will answer in the thread', async (text) => {
    const { reply, ticket, escalation } = await askInSupport(h, users.ben, text);
    expect(reply).toContain(personWillAnswer);
    expect(reply).not.toContain('Could you tell me a bit more');
    expect(reply).not.toContain('help center says');
    expect(ticket.status).toBe('escalated');
    expect(escalation).not.toBeNull();
  });

  it('does not read a word two slips from a person\'s as asking for one ("talk to an agency")', async () => {
    const { reply } = await askInSupport(h, users.ben, 'We need to talk to an agency about the export format');
    expect(reply).not.toContain(personWillAnswer);
  });

  it('does not read "I need to update my phone number" as asking for a person', async () => {
    const { reply } = await askInSupport(h, users.ben, 'I need to update my phone number');
    expect(reply).not.toContain(personWillAnswer);
  });
});
