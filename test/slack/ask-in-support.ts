// A customer's message in the support channel, through a signed event, and what came of its turn: the
// replies in its thread, the ticket, and the escalation post (its blocks or text as JSON) if any.
import { expect } from 'vitest';
import type { Ticket } from '../../src/core/ports.js';
import type { SeedMemory } from '../../src/core/seed-memories.js';
import type { RecordedCall } from '../support/slack-api-server.js';
import { escalationChannel, startSlackHarness, supportChannel, turnDone, users, type SlackHarness } from './harness.js';
import { messageEvent } from './samples.js';

/** The running app where every top-level message is its own ticket, decided at once, with `memories` seeded by staff. */
export async function startTicketPerMessageHarness(memories: SeedMemory[]): Promise<SlackHarness> {
  const h = await startSlackHarness({ env: { INTAKE_WINDOW: '0', INTAKE_QUIET_MS: '0' } });
  await h.memdesk.seed(memories, { actor: users.dana });
  return h;
}

const northwindOnPro: SeedMemory = { scope: 'account', id: 'acct_northwind', text: 'Northwind Traders is on the Pro plan.' };

/** The ticket-per-message app with Northwind (Ben, Ava) on Pro and no history; every other account's plan is unknown. */
export const startNorthwindOnProHarness = (): Promise<SlackHarness> => startTicketPerMessageHarness([northwindOnPro]);

/** The ticket-per-message app with Northwind (Ben, Ava) on Pro and Globex (Elena) on Enterprise with a contractual
 * SLA, and no history: no repeat issue or open promise decides for a message. */
export const startProAndEnterpriseHarness = (): Promise<SlackHarness> =>
  startTicketPerMessageHarness([
    northwindOnPro,
    { scope: 'account', id: 'acct_globex', text: 'Globex Corporation is on the Enterprise plan with a contractual 4-hour response SLA.' },
  ]);

/** Posts as `user` (in `threadTs`'s thread when given) and waits for the turn to end; returns the message ts. */
export async function postInSupport(h: SlackHarness, user: string, text: string, threadTs?: string): Promise<string> {
  const event = messageEvent({ channel: supportChannel, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
  expect((await h.send({ json: event })).status).toBe(200);
  const ts = event.event.ts as string;
  await turnDone(h.api, supportChannel, ts);
  return ts;
}

/** What memdesk posted in the thread of message `ts`. */
export function threadReplies(h: SlackHarness, ts: string): RecordedCall[] {
  return h.api.accepted('chat.postMessage').filter((c) => c.args.channel === supportChannel && c.args.thread_ts === ts);
}

export interface AskedTurn {
  reply: string;
  ticket: Ticket;
  escalation: string | null;
}

export async function askInSupport(h: SlackHarness, user: string, text: string): Promise<AskedTurn> {
  const ts = await postInSupport(h, user, text);
  const replies = threadReplies(h, ts);
  expect(replies).toHaveLength(1);
  const ticket = (await h.memdesk.findTicketByThread(supportChannel, ts))!;
  const escalation = h.api
    .accepted('chat.postMessage')
    .find((c) => c.args.channel === escalationChannel && !c.args.thread_ts && JSON.stringify(c.args.blocks ?? c.args.text).includes(ticket.ticket_id));
  return { reply: String(replies[0]!.args.text), ticket, escalation: escalation ? JSON.stringify(escalation.args.blocks ?? escalation.args.text) : null };
}
