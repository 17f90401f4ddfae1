// Hand back to memdesk from Slack. A customer who wrote while a person held the ticket is still
// waiting: memdesk takes the turn for what they wrote (core/waiting-customer.ts: read from the thread,
// else from the ticket's record), as if it had just arrived: one thread reply in the inbox (once per
// message, however often it is pressed).
import type { Ticket, ThreadReader } from '../core/ports.js';
import { waitingCustomerMessage } from '../core/waiting-customer.js';
import { newId } from '../ids.js';
import type { Logger } from '../log.js';
import type { Memdesk } from '../memdesk.js';
import { toInboxRow } from './inbox-payload.js';

export interface HandBackDeps {
  memdesk: Memdesk;
  /** The customer's thread in Slack (thread-reader.ts). */
  thread: ThreadReader;
  /** Wakes the inbox worker once the waiting messages are in the inbox. */
  kick(): void;
  logger: Logger;
}

/** Hands the ticket back; when its customer was waiting, memdesk answers them next. */
export async function handBackToMemdesk(ticketId: string, actor: string, deps: HandBackDeps): Promise<Ticket> {
  const { memdesk, logger } = deps;
  const before = await memdesk.tickets.get(ticketId);
  const ticket = await memdesk.handBackTicket(ticketId, { actor });
  if (!before?.customer_waiting_since || !ticket.slack_channel || !ticket.slack_thread_ts) return ticket;
  const waiting = await waitingCustomerMessage({ thread: deps.thread, operationLog: memdesk.operationLog, directory: memdesk.directory }, ticket, (err) =>
    logger.warn({ err, ticket_id: ticketId, trace_id: ticket.trace_id }, "the customer's thread could not be read for the hand back; their messages held on the ticket's record are answered"),
  );
  if (!waiting) {
    logger.warn({ ticket_id: ticketId }, 'the customer was waiting but no unanswered message of theirs was found; memdesk answers their next one');
    return ticket;
  }
  const message = { kind: 'thread_reply' as const, user: waiting.user, channelId: ticket.slack_channel, ts: waiting.ts, threadTs: ticket.slack_thread_ts, text: waiting.text };
  const accepted = await memdesk.delivery.accept({
    inbox_id: newId('in'),
    ...toInboxRow({ kind: 'slack_message', message }),
    keys: [`hand_back:${ticketId}:${waiting.ts}`],
  });
  if (accepted) deps.kick();
  logger.info({ ticket_id: ticketId, ts: waiting.ts, source: waiting.source, queued: accepted }, 'handed back with the customer waiting: memdesk takes the turn');
  return ticket;
}
