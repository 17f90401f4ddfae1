// Use case: which ticket a customer's new top-level message joins. Messages of one customer in one
// channel within the intake window are one conversation, so they are one ticket, never a second
// one; the window counts from the ticket's first message, in Slack's own message times.
import type { Ticket, TicketStore } from './ports.js';

export async function intakeTicket(
  tickets: Pick<TicketStore, 'listTickets'>,
  message: { customerId: string; channelId: string; ts: string },
  windowSeconds: number,
): Promise<Ticket | undefined> {
  if (windowSeconds <= 0) return undefined;
  const sent = Number(message.ts);
  const candidates = (await tickets.listTickets()).filter(
    (t) =>
      t.customer_id === message.customerId &&
      t.slack_channel === message.channelId &&
      t.slack_thread_ts &&
      t.status !== 'resolved' &&
      sent - Number(t.slack_thread_ts) >= 0 &&
      sent - Number(t.slack_thread_ts) <= windowSeconds,
  );
  return candidates.sort((a, b) => Number(b.slack_thread_ts) - Number(a.slack_thread_ts))[0];
}
