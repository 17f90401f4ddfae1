// Stage 2, open: the ticket this turn works on, a new one or the open one the message continues,
// and the turn's trace. A turn key makes this idempotent: re-running a turn after a crash finds
// the ticket it already made or advanced. The ticket row is written here once (or not at all on a
// re-run); the act stage writes the turn's other changes.
import type { Logger } from '../log.js';
import { memdeskError } from '../errors.js';
import { newId } from '../ids.js';
import type { OperationEvent, OperationLog } from './events.js';
import type { Identity, Ticket, TicketRequest, TicketRepository } from './ports.js';

/** One turn in progress: what every later stage works on. */
export interface Turn {
  ticket: Ticket;
  traceId: string;
  turnKey: string;
  identity: Identity;
  message: string;
  /** A follow-up in a ticket that was already open. */
  continued: boolean;
  now: Date;
  log: Logger;
  /**
   * Appends an event to the operation log under this turn's trace and ticket, now and in order, and
   * goes on without waiting for it to be durable: `recorded()` waits for every event so far, once,
   * before the turn's outcome leaves the loop (a failed append fails the turn there). Waiting at
   * each event cost a SQLite commit (an fsync) per event in each turn's path.
   */
  record(event: OperationEvent): void;
  /** Settles once every event recorded so far is durable; rejects if any append failed. */
  recorded(): Promise<void>;
  /** Milliseconds per stage, and when the turn started. */
  timings: Record<string, number>;
  started: number;
}

export async function openTicket(
  deps: { tickets: TicketRepository; operationLog: OperationLog; logger: Logger },
  req: TicketRequest,
  x: { message: string; identity: Identity; now: Date; started: number },
): Promise<Turn> {
  const { message, identity, now } = x;
  const turnKey = req.turnKey ?? newId('turn', now);
  const { ticket, reopenedFrom } = await ticketFor(deps.tickets, req, { message, identity, now, turnKey });
  // Each turn gets its own trace so logs and records of one decision group together.
  const traceId = req.ticketId ? (req.traceId ?? newId('trace', now)) : ticket.trace_id;
  const log = deps.logger.child({ trace_id: traceId, ticket_id: ticket.ticket_id });
  const appends: Promise<void>[] = [];
  const record = (event: OperationEvent) => {
    const appended = deps.operationLog.append({ ...event, trace_id: traceId, ticket_id: ticket.ticket_id });
    // Awaited by recorded(); until then a failure must not surface as an unhandled rejection.
    appended.catch(() => {});
    appends.push(appended);
  };
  const recorded = async () => {
    await Promise.all(appends);
  };
  record({
    kind: 'ticket_received',
    detail: {
      customer_id: identity.customer_id,
      account_id: identity.account_id,
      resolved_by: identity.resolved_by,
      continued: Boolean(req.ticketId),
      message_chars: message.length,
      message: message.length > 2000 ? `${message.slice(0, 2000)}…` : message,
    },
  });
  if (reopenedFrom) record({ kind: 'ticket_reopened', detail: { previous_owner: reopenedFrom.owner ?? null } });
  log.info({ customer_id: identity.customer_id, account_id: identity.account_id, resolved_by: identity.resolved_by }, 'ticket received');
  return { ticket, traceId, turnKey, identity, message, continued: Boolean(req.ticketId), now, log, record, recorded, timings: {}, started: x.started };
}

async function ticketFor(
  tickets: TicketRepository,
  req: TicketRequest,
  x: { message: string; identity: Identity; now: Date; turnKey: string },
): Promise<{ ticket: Ticket; reopenedFrom?: Ticket }> {
  if (req.ticketId) {
    const existing = await tickets.get(req.ticketId);
    if (!existing) throw memdeskError('ticket_input', `ticket ${req.ticketId} does not exist`);
    if (existing.customer_id !== x.identity.customer_id) {
      throw memdeskError('ticket_input', `ticket ${req.ticketId} belongs to another customer`);
    }
    if (existing.state.last_turn_key === x.turnKey) return { ticket: existing };
    // The customer wrote again after the ticket was resolved: it reopens with nobody holding it and
    // is decided afresh, so a problem that came back goes to a person again (a new escalation post)
    // instead of a promise that the team, which closed it, will answer in the thread. An answer stays
    // the last action: steps that were given and did not help are not given again (assess.ts).
    const reopened = existing.status === 'resolved';
    const forgetEscalation = reopened && existing.state.last_action === 'create_escalation_ticket';
    const ticket = await tickets.update(existing.ticket_id, {
      ...(reopened ? { status: 'open' as const, owner: null, escalation_ts: null, customer_waiting_since: null } : {}),
      state: { ...existing.state, ...(forgetEscalation ? { last_action: null } : {}), turns: existing.state.turns + 1, last_turn_key: x.turnKey },
    });
    return reopened ? { ticket, reopenedFrom: existing } : { ticket };
  }
  const created: Ticket = {
    ticket_id: req.turnKey ? `tkt_${req.turnKey}` : newId('tkt', x.now),
    trace_id: req.traceId ?? newId('trace', x.now),
    customer_id: x.identity.customer_id,
    account_id: x.identity.account_id,
    status: 'open',
    priority: null,
    issue_type: null,
    sla_due_at: null,
    created_at: x.now.toISOString(),
    updated_at: x.now.toISOString(),
    message: x.message,
    state: { issue_type: 'other', asked: [], fields: {}, turns: 1, last_action: null, last_turn_key: x.turnKey },
    slack_channel: req.channelId ?? null,
    slack_thread_ts: req.threadTs ?? null,
    owner: null,
    first_response_at: null,
    customer_waiting_since: null,
    escalation_ts: null,
  };
  // A turn re-run after a crash finds the ticket it made under the turn key's id.
  return { ticket: await tickets.createOrFind(created) };
}
