// Use cases: people on the support team hold tickets. A staff reply in a customer's thread is a
// human reply (first response, owner, `with_team`); Take it makes someone the owner; Hand back
// returns the ticket to memdesk; a customer's follow-up in a held thread is recorded for the owner
// instead of being answered by the bot. Each writes the ticket row once and one operation-log event.
import type { Clock } from '../clock.js';
import { memdeskError } from '../errors.js';
import { newId } from '../ids.js';
import type { OperationEvent, OperationLog } from './events.js';
import { startNextResponseClock, stopResponseClocks } from './response-clocks.js';
import { stopResponse, withdrawResponse } from './sla-clocks.js';
import type { PriorityRaise } from './priority-raise.js';
import type { Ticket, TicketRepository } from './ports.js';

export interface OwnershipDeps {
  tickets: Pick<TicketRepository, 'get' | 'update'>;
  operationLog: OperationLog;
  clock: Clock;
}

/** A customer's message held for a ticket's owner: its text, and who wrote it where (the chat's user and message id), when known. */
export interface HeldMessage {
  text: string;
  user?: string;
  ts?: string;
}

/** A ticket a person holds: the bot answers nothing in its thread until it is handed back or resolved. */
export function heldByPerson(ticket: Ticket): boolean {
  return Boolean(ticket.owner) && ticket.status !== 'resolved';
}

/**
 * A person on the support team answered in the ticket's thread (or wherever the SLA clocks learn
 * of a human answer): the first response is recorded if this is the first, the replier owns the
 * ticket and it is `with_team`. The customer is no longer waiting.
 */
export async function recordHumanReply(deps: OwnershipDeps, ticketId: string, staffUserId: string, at: Date): Promise<Ticket> {
  const ticket = await existing(deps, ticketId);
  if (ticket.status === 'resolved') return ticket;
  const first = !ticket.first_response_at;
  const updated = await deps.tickets.update(ticketId, {
    ...(first ? { first_response_at: at.toISOString(), state: { ...ticket.state, first_response_by: staffUserId } } : {}),
    owner: staffUserId,
    status: 'with_team',
    customer_waiting_since: null,
  });
  await append(deps, ticketId, { kind: 'human_replied', detail: { actor: staffUserId, first_response: first } });
  return (await stopResponseClocks(deps.tickets, ticketId, at)) ?? updated;
}

/**
 * A person answered in the thread (at `x.at`, when they wrote it) before memdesk's reply went out, so
 * that reply is not posted. The customer's answer is theirs: memdesk's withheld reply is no response
 * (what its turn stopped at `x.respondedAt` runs again), the person's is, from the moment they wrote:
 * the first response if none came before, its clocks stopped then, and the ticket theirs (`with_team`),
 * so a ticket memdesk would have closed stays open and the customer's next message is held for them.
 * This records it even when no instance ever works their message (it came before the ticket existed).
 */
export async function withholdReply(deps: OwnershipDeps, ticketId: string, x: { person: string; at: Date; respondedAt: Date | null }): Promise<Ticket> {
  const ticket = await existing(deps, ticketId);
  // Slack's time of the reply, but never later than memdesk's clock: only a pinned or moved clock
  // (MEMDESK_NOW, the local workspace) puts a message ahead of it, and an answer is not in the future.
  const now = deps.clock.now();
  const at = x.at.getTime() > now.getTime() ? now : x.at;
  const memdeskFirst = x.respondedAt !== null && ticket.first_response_at === x.respondedAt.toISOString();
  const clocks = ticket.state.clocks && stopResponse(x.respondedAt ? withdrawResponse(ticket.state.clocks, x.respondedAt) : ticket.state.clocks, at);
  const first = !ticket.first_response_at || memdeskFirst;
  const updated = await deps.tickets.update(ticketId, {
    ...(first ? { first_response_at: at.toISOString() } : {}),
    owner: x.person,
    status: 'with_team',
    customer_waiting_since: null,
    state: { ...ticket.state, ...(clocks ? { clocks } : {}), ...(first ? { first_response_by: x.person } : {}) },
  });
  await append(deps, ticketId, { kind: 'customer_reply_withheld', detail: { person: x.person } });
  return updated;
}

/**
 * Take it: the person owns the ticket; where they took it (the escalation post) is kept for notes to
 * them. Taking a ticket is a person answering for it, so the response clocks stop.
 */
export async function takeTicket(deps: OwnershipDeps, ticketId: string, by: { actor: string; escalationTs?: string }): Promise<Ticket> {
  const ticket = await existing(deps, ticketId);
  const updated = await deps.tickets.update(ticketId, {
    owner: by.actor,
    status: 'escalated',
    ...(by.escalationTs ? { escalation_ts: by.escalationTs } : {}),
  });
  await append(deps, ticket.ticket_id, { kind: 'ticket_taken', detail: { actor: by.actor, note: null } });
  return (await stopResponseClocks(deps.tickets, ticketId, deps.clock.now())) ?? updated;
}

/** Hand back to memdesk: nobody holds the ticket, and the bot answers the customer's next message again. */
export async function handBackTicket(deps: OwnershipDeps, ticketId: string, by: { actor: string }): Promise<Ticket> {
  const ticket = await existing(deps, ticketId);
  if (ticket.status === 'resolved') throw memdeskError('ticket_input', `ticket ${ticketId} is already resolved`);
  const updated = await deps.tickets.update(ticketId, { owner: null, status: 'open' });
  await append(deps, ticketId, { kind: 'ticket_handed_back', detail: { actor: by.actor, previous_owner: ticket.owner ?? null } });
  return updated;
}

/**
 * The customer wrote in a thread a person holds: the message is kept on the record for the owner,
 * and the customer is waiting from now (the next-response clock), unless they already were. When it
 * said the impact grew (held-follow-up.ts), the raised priority is written with it.
 */
export async function recordHeldFollowUp(
  deps: OwnershipDeps,
  ticketId: string,
  message: HeldMessage,
  at: Date,
  raise: PriorityRaise | null = null,
): Promise<Ticket> {
  const ticket = await existing(deps, ticketId);
  const updated = await deps.tickets.update(ticketId, {
    customer_waiting_since: ticket.customer_waiting_since ?? at.toISOString(),
    state: { ...ticket.state, turns: ticket.state.turns + 1 },
    ...(raise ? { priority: raise.to } : {}),
  });
  const text = message.text.length > 2000 ? `${message.text.slice(0, 2000)}…` : message.text;
  const source = { ...(message.user ? { user: message.user } : {}), ...(message.ts ? { message_ts: message.ts } : {}) };
  await append(deps, ticketId, { kind: 'customer_followup_held', detail: { owner: ticket.owner ?? '', message: text, ...source } });
  if (raise) await append(deps, ticketId, { kind: 'priority_raised', detail: { from: raise.from, to: raise.to, reasons: raise.reasons } });
  return (await startNextResponseClock(deps.tickets, ticketId, at)) ?? updated;
}

async function existing(deps: OwnershipDeps, ticketId: string): Promise<Ticket> {
  const ticket = await deps.tickets.get(ticketId);
  if (!ticket) throw memdeskError('ticket_input', `ticket ${ticketId} does not exist`);
  return ticket;
}

async function append(deps: OwnershipDeps, ticketId: string, event: OperationEvent): Promise<void> {
  await deps.operationLog.append({ ...event, trace_id: newId('trace', deps.clock.now()), ticket_id: ticketId });
}
