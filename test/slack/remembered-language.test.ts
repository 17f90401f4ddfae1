// A message of a word or two ("PDF?", "SSO?") is too short to tell a language by. A new ticket
// from a customer memdesk knows writes in German (their earlier ticket's outcome memory, or a note staff
// seeded) is answered in German, not English; someone memory knows nothing of is answered in English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askInSupport, startTicketPerMessageHarness } from './ask-in-support.js';
import { users, type SlackHarness } from './harness.js';

const ava = 'U0AVA';
const german = /\b(Sie|Ihnen|Ihre|unser\w*|Danke|Gute Frage)\b/;
const french = /\b(vous|votre|nous|Merci|Bonne question)\b/;
const english = /\b(you|your|our|thanks|good question)\b/i;

/** memdesk's own first line of a reply (an answer goes on with the article's words). */
const opening = (reply: string) => reply.split('\n')[0]!;

let h: SlackHarness;
beforeAll(async () => {
  h = await startTicketPerMessageHarness([{ scope: 'account', id: 'acct_northwind', text: 'Northwind Traders is on the Pro plan.' }]);
});
afterAll(async () => {
  await h?.close();
});

describe("a short new message in the customer's remembered language", () => {
  it('answers Ben in German after a ticket he wrote in German, and Ava, of whom memory holds nothing, in English', async () => {
    const first = await askInSupport(h, users.ben, 'Meine Rechnung INV-2041 wurde doppelt belastet, bitte prüfen Sie das.');
    expect(first.reply).toMatch(german);
    await h.memdesk.drainWritebacks();

    // "Danke!" alone is a thanks, which starts no ticket in any language (as "thanks!" never did): a question
    // as short. The help center's article text that follows is in English; memdesk's own words are German.
    const ben = await askInSupport(h, users.ben, 'SSO?');
    expect(opening(ben.reply)).toMatch(german);
    expect(opening(ben.reply)).not.toMatch(english);

    const other = await askInSupport(h, ava, 'SSO?');
    expect(opening(other.reply)).toMatch(english);
    expect(opening(other.reply)).not.toMatch(german);
  });

  it('answers in the language staff noted for the customer', async () => {
    await h.memdesk.seed(
      [
        { scope: 'customer', id: 'cust_fiona', text: 'Fiona writes to support in German.' },
        { scope: 'customer', id: 'cust_elena', text: 'Elena prefers French.' },
      ],
      { actor: users.dana },
    );
    const fiona = await askInSupport(h, users.fiona, 'PDF?');
    // The help center's article text that follows is in English; memdesk's own words are German.
    expect(opening(fiona.reply)).toMatch(german);
    expect(opening(fiona.reply)).not.toMatch(english);

    const elena = await askInSupport(h, users.elena, 'SSO?');
    expect(opening(elena.reply)).toMatch(french);
    expect(opening(elena.reply)).not.toMatch(english);
    // "No, I need a person" under that answer: the handoff reply is French too.
    const pressed = await h.memdesk.answerFeedback(elena.ticket.ticket_id, false, { actor: users.elena });
    expect(pressed.kind).toBe('recorded');
    const handoff = pressed.kind === 'recorded' ? pressed.reply : '';
    expect(handoff).toMatch(french);
    expect(handoff).not.toMatch(english);
  });
});
