// Where a ticket's escalation was posted, so what staff must hear of later (an SLA alert, a note to
// the ticket's owner) lands in its thread. Take it records the post it was pressed on; a ticket
// whose owner answered in the customer's thread instead has only its escalation post's effect record.
import type { Memdesk } from '../memdesk.js';
import type { Ticket } from '../core/ports.js';

export async function escalationThread(memdesk: Pick<Memdesk, 'tickets' | 'delivery'>, ticket: Pick<Ticket, 'ticket_id' | 'escalation_ts'>): Promise<string | undefined> {
  if (ticket.escalation_ts) return ticket.escalation_ts;
  const escalations = await memdesk.tickets.escalationsFor(ticket.ticket_id);
  for (const e of [...escalations].reverse()) {
    // The escalation post is an effect keyed by its turn, and the escalation record by the same turn.
    const posted = await memdesk.delivery.effect(`${e.escalation_id.replace(/^esc_/, '')}:escalation`);
    const ts = posted?.status === 'done' ? posted.result?.ts : undefined;
    if (typeof ts === 'string' && ts) return ts;
  }
  return undefined;
}
