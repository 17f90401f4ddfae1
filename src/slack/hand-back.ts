// Hand back to memdesk from Slack. A customer who wrote while a person held the ticket is still
// waiting: nobody answered them, and handing back does not. So memdesk takes the turn for what they
// wrote, as if it had just arrived: the customer's messages in the thread since the last reply by the
// team or the bot go to the inbox as one thread reply (once per message, however often it is pressed).
import type { webApi } from '@slack/bolt';
import type { Ticket } from '../core/ports.js';
import { newId } from '../ids.js';
import type { Logger } from '../log.js';
import type { Memdesk } from '../memdesk.js';
import { toInboxRow } from './inbox-payload.js';
import { toPlainText } from './markup.js';
import type { TicketMessage } from './message-events.js';

export interface HandBackDeps {
  memdesk: Memdesk;
  client: webApi.WebClient;
  /** Wakes the inbox worker once the waiting messages are in the inbox. */
  kick(): void;
  logger: Logger;
}

/** Hands the ticket back; when its customer was waiting, memdesk answers them next. */
export async function handBackToMemdesk(ticketId: string, actor: string, deps: HandBackDeps): Promise<Ticket> {
  const before = await deps.memdesk.tickets.get(ticketId);
  const ticket = await deps.memdesk.handBackTicket(ticketId, { actor });
  if (!before?.customer_waiting_since) return ticket;
  const waiting = await waitingMessage(ticket, deps);
  if (!waiting) {
    deps.logger.warn({ ticket_id: ticketId }, "the customer was waiting but their messages could not be read from the thread; memdesk answers their next one");
    return ticket;
  }
  const accepted = await deps.memdesk.delivery.accept({
    inbox_id: newId('in'),
    ...toInboxRow({ kind: 'slack_message', message: waiting }),
    keys: [`hand_back:${ticketId}:${waiting.ts}`],
  });
  if (accepted) deps.kick();
  deps.logger.info({ ticket_id: ticketId, ts: waiting.ts, queued: accepted }, 'handed back with the customer waiting: memdesk takes the turn');
  return ticket;
}

/** The customer's messages after the last one from the team or the bot, as one thread reply at the latest. */
async function waitingMessage(ticket: Ticket, deps: HandBackDeps): Promise<TicketMessage | undefined> {
  const channel = ticket.slack_channel;
  const threadTs = ticket.slack_thread_ts;
  if (!channel || !threadTs) return undefined;
  let messages: { user?: string; bot_id?: string; text?: string; ts?: string }[];
  try {
    const page = await deps.client.conversations.replies({ channel, ts: threadTs, limit: 200 });
    messages = page.messages ?? [];
  } catch (err) {
    deps.logger.warn({ err, ticket_id: ticket.ticket_id }, 'conversations.replies failed');
    return undefined;
  }
  const { directory } = deps.memdesk;
  const answered = messages.map((m) => Boolean(m.bot_id) || (m.user !== undefined && directory.isStaff(m.user)));
  const waiting = messages
    .slice(answered.lastIndexOf(true) + 1)
    .filter((m): m is typeof m & { user: string; ts: string } => Boolean(m.user && m.ts && m.ts !== threadTs))
    .filter((m) => directory.resolve({ slackUserId: m.user }).customer_id === ticket.customer_id);
  const latest = waiting.at(-1);
  if (!latest) return undefined;
  const text = waiting.map((m) => toPlainText(m.text ?? '')).filter(Boolean).join('\n');
  return { kind: 'thread_reply', user: latest.user, channelId: channel, ts: latest.ts, threadTs, text };
}
