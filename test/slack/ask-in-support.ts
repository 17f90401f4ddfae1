// A customer's new top-level message in the support channel, through a signed event, and what came of its
// turn: the one reply in its thread, the ticket, and the escalation post (its blocks or text as JSON) if any.
import { expect } from 'vitest';
import type { Ticket } from '../../src/core/ports.js';
import { escalationChannel, supportChannel, turnDone, type SlackHarness } from './harness.js';
import { messageEvent } from './samples.js';

export interface AskedTurn {
  reply: string;
  ticket: Ticket;
  escalation: string | null;
}

export async function askInSupport(h: SlackHarness, user: string, text: string): Promise<AskedTurn> {
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
  return { reply: String(replies[0]!.args.text), ticket, escalation: escalation ? JSON.stringify(escalation.args.blocks ?? escalation.args.text) : null };
}
