// Use cases that move SLA clocks outside a memdesk turn: a person answered the customer (stops the
// first- and next-response clocks), the customer wrote again while a person holds the ticket (starts
// the next-response clock). The ownership use cases (ownership.ts) call these: a human reply, Take it, a held follow-up.
import { customerWaiting, stopResponse, type TicketClocks } from './sla-clocks.js';
import type { Ticket, TicketRepository } from './ports.js';

type ClockStore = Pick<TicketRepository, 'get' | 'update'>;

async function moveClocks(tickets: ClockStore, ticketId: string, move: (c: TicketClocks) => TicketClocks): Promise<Ticket | undefined> {
  const ticket = await tickets.get(ticketId);
  if (!ticket?.state.clocks) return ticket;
  return tickets.update(ticketId, { state: { ...ticket.state, clocks: move(ticket.state.clocks) } });
}

/** Someone answered the customer at `at`: the first-response clock (recording when) and the next-response clock stop. */
export function stopResponseClocks(tickets: ClockStore, ticketId: string, at: Date): Promise<Ticket | undefined> {
  return moveClocks(tickets, ticketId, (c) => stopResponse(c, at));
}

/** The customer wrote again at `at` and nobody has answered yet: the next-response clock runs. */
export function startNextResponseClock(tickets: ClockStore, ticketId: string, at: Date): Promise<Ticket | undefined> {
  return moveClocks(tickets, ticketId, (c) => customerWaiting(c, at));
}
