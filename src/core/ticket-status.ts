// Use case: staff resolve a ticket (the Resolve button; Take it is ownership.ts). A resolution
// is written to the customer's memory, with who resolved it and their note, so the next ticket
// starts from it.
import { isoDay, type Clock } from '../clock.js';
import { memdeskError } from '../errors.js';
import { newId } from '../ids.js';
import type { OperationLog } from './events.js';
import { stopAll } from './sla-clocks.js';
import type { Directory, MemoryWriteback, Ticket, TicketRepository } from './ports.js';

export async function updateTicketStatus(
  deps: { tickets: TicketRepository; operationLog: OperationLog; writeback: MemoryWriteback; directory: Directory; clock: Clock },
  ticketId: string,
  status: 'resolved',
  by: { actor: string; note?: string },
): Promise<Ticket> {
  const { tickets, clock } = deps;
  const ticket = await tickets.get(ticketId);
  if (!ticket) throw memdeskError('ticket_input', `ticket ${ticketId} does not exist`);
  // Resolving a ticket stops every clock.
  const clocks = ticket.state.clocks && stopAll(ticket.state.clocks, clock.now());
  const updated = await tickets.update(ticketId, { status, state: { ...ticket.state, ...(clocks ? { clocks } : {}) } });
  const traceId = newId('trace', clock.now());
  await deps.operationLog.append({
    trace_id: traceId,
    ticket_id: ticketId,
    kind: 'ticket_resolved',
    detail: { actor: by.actor, note: by.note ?? null },
  });
  const day = isoDay(clock.now());
  // Staff act with their Slack id; memory reads better with their name.
  const staffName = deps.directory.staff().find((s) => s.slack_user_id === by.actor)?.name ?? by.actor;
  await deps.writeback.write({
    scope: { kind: 'customer', id: ticket.customer_id },
    text: `On ${day} the ${ticket.issue_type ?? 'support'} ticket ${ticketId} was resolved by ${staffName}${by.note ? `: ${by.note}` : '.'}`,
    infer: true,
    ticketId,
    traceId,
    metadata: { app: 'memdesk', scope: 'customer', issue_type: ticket.issue_type, status: 'resolved', ticket_id: ticketId, trace_id: traceId, date: day },
  });
  return updated;
}
