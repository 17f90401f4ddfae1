// A message of a word or two ("Danke!", "PDF?", "SSO?") is too short to tell a language by. A new ticket
// from a customer memdesk knows writes in German (their earlier ticket's outcome memory, or a note staff
// seeded) is answered in German, not English; someone memory knows nothing of is answered in English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalationChannel, startSlackHarness, supportChannel, turnDone, users, type SlackHarness } from './harness.js';
import { messageEvent } from './samples.js';

const ava = 'U0AVA';
const german = /\b(Sie|Ihnen|Ihre|unser\w*|Danke|Gute Frage)\b/;
const french = /\b(vous|votre|nous|Merci|Bonne question)\b/;
const english = /\b(you|your|our|thanks|good question)\b/i;

/** memdesk's own first line of a reply (an answer goes on with the article's words). */
const opening = (reply: string) => reply.split('\n')[0]!;

let h: SlackHarness;
beforeAll(async () => {
  // Every top-level message is its own ticket, decided at once.
  h = await startSlackHarness({ env: { INTAKE_WINDOW: '0', INTAKE_QUIET_MS: '0' } });
  await h.memdesk.seed([{ scope: 'account', id: 'acct_northwind', text: 'Northwind Traders is on the Pro plan.' }], { actor: users.dana });
});
afterAll(async () => {
  await h?.close();
});

/** Posts a new top-level message as `user` and waits for the turn: memdesk's reply in its thread, and the escalation post if any. */
async function post(user: string, text: string) {
  const event = messageEvent({ channel: supportChannel, user, text });
  expect((await h.send({ json: event })).status).toBe(200);
  const ts = event.event.ts as string;
  await turnDone(h.api, supportChannel, ts);
  const replies = h.api.accepted('chat.postMessage').filter((c) => c.args.channel === supportChannel && c.args.thread_ts === ts);
  expect(replies).toHaveLength(1);
  const ticket = (await h.memdesk.findTicketByThread(supportChannel, ts))!;
  const escalation = h.api
    .accepted('chat.postMessage')
    .find((c) => c.args.channel === escalationChannel && !c.args.thread_ts && JSON.stringify(c.args.blocks ?? c.args.text).includes(ticket.ticket_id));
  return { reply: String(replies[0]!.args.text), ticketId: ticket.ticket_id, escalation: escalation ? JSON.stringify(escalation.args.blocks ?? escalation.args.text) : null };
}

describe("a short new message in the customer's remembered language", () => {
  it('answers Ben in German after a ticket he wrote in German, and Ava, of whom memory holds nothing, in English', async () => {
    const first = await post(users.ben, 'Meine Rechnung INV-2041 wurde doppelt belastet, bitte prüfen Sie das.');
    expect(first.reply).toMatch(german);
    await h.memdesk.drainWritebacks();

    const ben = await post(users.ben, 'Danke!');
    expect(ben.reply).toMatch(german);
    expect(ben.reply).not.toMatch(english);

    const other = await post(ava, 'Danke!');
    expect(other.reply).toMatch(english);
    expect(other.reply).not.toMatch(german);
  });

  it('answers in the language staff noted for the customer', async () => {
    await h.memdesk.seed(
      [
        { scope: 'customer', id: 'cust_fiona', text: 'Fiona writes to support in German.' },
        { scope: 'customer', id: 'cust_elena', text: 'Elena prefers French.' },
      ],
      { actor: users.dana },
    );
    const fiona = await post(users.fiona, 'PDF?');
    // The help center's article text that follows is in English; memdesk's own words are German.
    expect(opening(fiona.reply)).toMatch(german);
    expect(opening(fiona.reply)).not.toMatch(english);

    const elena = await post(users.elena, 'SSO?');
    expect(opening(elena.reply)).toMatch(french);
    expect(opening(elena.reply)).not.toMatch(english);
    // "No, I need a person" under that answer: the handoff reply is French too.
    const pressed = await h.memdesk.answerFeedback(elena.ticketId, false, { actor: users.elena });
    expect(pressed.kind).toBe('recorded');
    const handoff = pressed.kind === 'recorded' ? pressed.reply : '';
    expect(handoff).toMatch(french);
    expect(handoff).not.toMatch(english);
  });
});
