// The turns where people on the support team are in the loop, after the inbox worker has judged the
// delivery: a staff reply in a ticket's thread (recorded as a human reply; the bot says nothing), a
// customer's follow-up in a thread a person holds (recorded and read, its priority raised when the impact
// grew, the owner told, the bot silent), and a
// staff 🎫 reaction that makes a message a ticket (an ordinary ticket turn from the message's author).
import type { webApi } from '@slack/bolt';
import type { Ticket } from '../core/ports.js';
import { toPlainText } from './markup.js';
import type { TicketMessage } from './message-events.js';
import { tellOwner } from './owner-note.js';
import { identifySender, type SenderIdentity } from './sender-identity.js';
import type { TicketReactionItem } from './ticket-reaction.js';
import { runTicketTurn, type TicketTurnDeps } from './ticket-turn.js';

/** A person on the support team answered in a ticket's thread: the ticket learns it; the bot says nothing. */
export async function staffReplyTurn(message: TicketMessage, deps: TicketTurnDeps): Promise<void> {
  const { memdesk, logger } = deps;
  const ticket = await memdesk.findTicketByThread(message.channelId, message.threadTs);
  if (!ticket) {
    logger.debug({ reason: 'staff reply in a thread that is not a ticket' }, 'slack event ignored');
    return;
  }
  await memdesk.recordHumanReply(ticket.ticket_id, message.user, memdesk.clock.now());
  logger.info({ ticket_id: ticket.ticket_id, staff: message.user }, 'human reply recorded');
}

/** The customer wrote in a thread a person holds: recorded and read (the priority may go up), the owner told, the bot silent. */
export async function heldFollowUpTurn(
  ticket: Ticket,
  message: TicketMessage & { turnKey: string },
  sender: SenderIdentity,
  deps: TicketTurnDeps,
): Promise<void> {
  const held = await deps.memdesk.recordHeldFollowUp(
    ticket.ticket_id,
    { text: message.text, user: message.user, ts: message.ts },
    deps.memdesk.clock.now(),
    sender.identity,
  );
  await tellOwner(
    held.ticket,
    { customerName: sender.identity.customer_name, text: message.text, channelId: message.channelId, threadTs: ticket.slack_thread_ts ?? message.threadTs, turnKey: message.turnKey },
    held.priority_raised,
    deps,
  );
  deps.logger.info({ ticket_id: ticket.ticket_id, owner: ticket.owner, priority_raised: held.priority_raised }, 'follow-up held for the ticket owner');
}

/** A staff 🎫 on a message: that message becomes a ticket from its author, unless it already is one. */
export async function ticketReactionTurn(reaction: TicketReactionItem & { turnKey: string }, deps: TicketTurnDeps): Promise<void> {
  const { memdesk, client, logger } = deps;
  if (await memdesk.findTicketByThread(reaction.channelId, reaction.ts)) {
    logger.debug({ reason: 'message is already a ticket' }, 'slack event ignored');
    return;
  }
  const text = await messageText(client, reaction.channelId, reaction.ts);
  if (!text) {
    logger.warn({ channel: reaction.channelId, ts: reaction.ts }, 'ticket reaction on a message Slack would not show; no ticket made');
    return;
  }
  const sender = await identifySender(memdesk.directory, client, { slackUserId: reaction.author, channelId: reaction.channelId }, logger);
  logger.info({ reactor: reaction.reactor, author: reaction.author }, 'ticket made from a staff reaction');
  await runTicketTurn(
    { kind: 'new_ticket', user: reaction.author, channelId: reaction.channelId, ts: reaction.ts, threadTs: reaction.ts, text, turnKey: reaction.turnKey },
    sender,
    deps,
  );
}

/** The text of the message at `ts` (top-level or in a thread), as the decision reads it. */
async function messageText(client: webApi.WebClient, channel: string, ts: string): Promise<string | undefined> {
  const page = await client.conversations.replies({ channel, ts, limit: 200 });
  const found = (page.messages ?? []).find((m) => m.ts === ts);
  const text = found?.text ? toPlainText(found.text) : '';
  return text || undefined;
}
