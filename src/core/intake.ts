// Use case: which ticket a customer's new top-level message joins. Messages of one customer in one
// channel within the intake window are one conversation, so they are one ticket, never a second
// one; the window counts from the ticket's first message, in Slack's own message times.
import type { Ticket, TicketRepository } from './ports.js';

export async function intakeTicket(
  tickets: Pick<TicketRepository, 'latestOpenFor'>,
  message: { customerId: string; channelId: string; ts: string },
  windowSeconds: number,
): Promise<Ticket | undefined> {
  if (windowSeconds <= 0) return undefined;
  const latest = await tickets.latestOpenFor(message.customerId, message.channelId);
  if (!latest?.slack_thread_ts) return undefined;
  const since = Number(message.ts) - Number(latest.slack_thread_ts);
  return since >= 0 && since <= windowSeconds ? latest : undefined;
}
