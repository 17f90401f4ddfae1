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

  // The same in the other languages memdesk answers in: the two marked went to engineering at high before.
  it.each([
    ['de', 'Das funktioniert nicht', /^Danke für Ihre Nachricht, Ben\. Könnten Sie mir etwas mehr dazu erzählen/],
    ['nl', 'Het werkt niet', /^Bedankt voor je bericht, Ben\. Kun je iets meer vertellen/],
    ['fr', 'Ça ne marche pas', /^Merci pour votre message, Ben\. Pourriez-vous m'en dire un peu plus/],
    ['es', 'Hola, esto no funciona', /^Gracias por escribirnos, Ben\. ¿Podrías contarme un poco más/],
    ['pt', 'Isso não está funcionando', /^Obrigado pela mensagem, Ben\. Pode me contar um pouco mais/],
  ])('(%s) "%s" is asked what is not working, in that language, not sent to engineering', async (_language, text, asked) => {
    const { reply, ticket } = await askInSupport(h, users.ben, text);
    expect(reply).toMatch(asked);
    expect(ticket.status).toBe('waiting_on_customer');
  });

  it('a German outage that names its thing still goes to engineering', async () => {
    const { reply, ticket } = await askInSupport(h, users.ben, 'Das Dashboard funktioniert nicht');
    expect(reply).toMatch(/Technikteam/);
    expect(ticket.status).toBe('escalated');
  });

  it('an outage that says what is down and for whom still goes to engineering', async () => {
    const { reply, ticket } = await askInSupport(h, users.ben, 'the dashboard returns 500 for everyone');
    expect(reply).toMatch(/engineering team/);
    expect(ticket.status).toBe('escalated');
    expect(ticket.priority).toBe('high');
  });
});
