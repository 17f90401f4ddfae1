// Use case: which ticket a customer's new top-level message joins. Messages of one customer in one
// channel within the intake window are one conversation, so they are one ticket, never a second
// one; the window counts from the ticket's first message, in Slack's own message times. A message
// that clearly asks for something else (the reader is sure of its issue type, and it is another
// type than the open ticket's) is a request of its own and opens its own ticket instead: an
// "invoice INV-9 was charged twice" must not vanish into an open outage ticket's thread. What only
// adds impact, urgency or an error code ("it's urgent, everyone is blocked, error E503") is no other
// request, even when its impact words lean the reader to another type: it joins.
// The ticket may have been resolved already (an answer from the help center resolves at once): a
// "that didn't work" within the window continues it, and the turn reopens it (open-ticket.ts), rather
// than opening a second ticket for the same problem.
import type { Ticket, TicketRepository } from './ports.js';
import { raisesAnotherIssue } from './another-issue.js';
import { messageReaderInput, readMessage, type MessageReading, type Reader } from './reading.js';

export interface IntakeDeps {
  tickets: Pick<TicketRepository, 'latestFor'>;
  reader: Reader;
  windowSeconds: number;
  /** The reader's confidence from which it is sure of an issue type (rules.yml `reader.min_confidence`). */
  minConfidence: number;
}

export interface IntakeMessage {
  customerId: string;
  channelId: string;
  /** The message's Slack ts: the window counts from the open ticket's first message to here. */
  ts: string;
  /**
   * The message's words: read to tell a follow-up from a different request. Without them (a reply
   * under a follow-up that already joined its ticket) the window alone decides.
   */
  text?: string;
}

/** The ticket a message joins and, when its words were read to decide, that reading: the joined turn reads nothing again. */
export interface IntakeMatch {
  ticket: Ticket;
  read?: MessageReading;
}

/**
 * Whether a top-level message (Slack ts) falls in the intake window of the ticket whose thread starts
 * at `ticketTs`: after it, within `windowSeconds`. The message's own ticket (its turn resumed after a
 * crash had opened it) is no ticket to follow up: the resumed turn finds it again as the new ticket it made.
 */
export function inIntakeWindow(ticketTs: string, messageTs: string, windowSeconds: number): boolean {
  if (windowSeconds <= 0 || ticketTs === messageTs) return false;
  const since = Number(messageTs) - Number(ticketTs);
  return since >= 0 && since <= windowSeconds;
}

export async function intakeTicket(deps: IntakeDeps, message: IntakeMessage): Promise<IntakeMatch | undefined> {
  if (deps.windowSeconds <= 0) return undefined;
  const latest = await deps.tickets.latestFor(message.customerId, message.channelId);
  if (!latest?.slack_thread_ts || !inIntakeWindow(latest.slack_thread_ts, message.ts, deps.windowSeconds)) return undefined;
  if (message.text === undefined) return { ticket: latest };
  // Read as the joined turn would read it: with the message that opened the ticket, so a vague
  // "still broken" leans to the ticket's issue and only a clearly different request stands apart.
  const input = messageReaderInput(message.text, latest.message);
  const reading = await readMessage(deps.reader, input);
  const joined = { ticket: latest, read: { input, reading } };
  const open = latest.issue_type ?? latest.state.issue_type;
  return raisesAnotherIssue({ text: message.text, reading }, open, deps) ? undefined : joined;
}
