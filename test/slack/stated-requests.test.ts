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
    ['bitext, qa6 sample', 'want assistance to make a reclamation against your company'],
    ['bitext, qa6 sample', "I'm trying to unsubscribe to ur corporate newsletter"],
    ['bitext-03024, qa7 sample', 'I have got to subscribe to the newsletter, I need help'],
    ['bitext-03712, qa7 sample', 'i do not know what i have to do to send feedback'],
    ['dstc11-finance_00165, qa7 sample', 'I need to apply for a secured loan for my business, my name is Donnarose Latello'],
    ['dstc11-insurance_0563, qa7 sample', 'Hello my name is Claire and i need to find a insurance agent near my house'],
  ])('(%s) "%s" goes to a person, not asked to say more', async (_source, text) => {
    const { reply, ticket } = await askInSupport(h, users.ben, text);
    expect(reply).toMatch(/^Thanks, Ben\. I've passed this to our support team\./);
    expect(reply).not.toMatch(/tell me a bit more/);
    expect(ticket.status).toBe('escalated');
  });

  it('"I need to know something" names nothing yet: it is still asked what it is about', async () => {
    const { reply } = await askInSupport(h, users.ben, 'I need to know something');
    expect(reply).toMatch(/tell me a bit more/);
  });

  // The same in the other languages memdesk answers in: each was asked to say more before.
  it.each([
    ['de', 'Ich möchte eine Beschwerde einreichen', /^Danke, Ben\. Ich habe das an unser Support-Team weitergegeben\./],
    ['fr', 'Je voudrais déposer une réclamation', /^Merci, Ben\. J'ai transmis votre demande à notre équipe support\./],
    ['es', 'Quiero presentar una queja contra su empresa', /^Gracias, Ben\. He pasado esto a nuestro equipo de soporte\./],
    ['pt', 'Quero fazer uma reclamação', /^Obrigado, Ben\. Encaminhei isso para nossa equipe de suporte\./],
    ['nl', 'Ik wil een klacht indienen', /^Bedankt, Ben\. Ik heb dit doorgegeven aan ons supportteam\./],
  ])('(%s) "%s" goes to a person, in that language, not asked to say more', async (_language, text, passed) => {
    const { reply, ticket } = await askInSupport(h, users.ben, text);
    expect(reply).toMatch(passed);
    expect(ticket.status).toBe('escalated');
  });
});
