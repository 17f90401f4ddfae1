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
import { messageReaderInput, readMessage, type MessageReading, type Reader, type Reading } from './reading.js';

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

export async function intakeTicket(deps: IntakeDeps, message: IntakeMessage): Promise<IntakeMatch | undefined> {
  if (deps.windowSeconds <= 0) return undefined;
  const latest = await deps.tickets.latestFor(message.customerId, message.channelId);
  // The message's own ticket (its turn resumed after a crash had opened it) is no ticket to follow up:
  // the resumed turn finds it again as the new ticket it made.
  if (!latest?.slack_thread_ts || latest.slack_thread_ts === message.ts) return undefined;
  const since = Number(message.ts) - Number(latest.slack_thread_ts);
  if (since < 0 || since > deps.windowSeconds) return undefined;
  if (message.text === undefined) return { ticket: latest };
  // Read as the joined turn would read it: with the message that opened the ticket, so a vague
  // "still broken" leans to the ticket's issue and only a clearly different request stands apart.
  const input = messageReaderInput(message.text, latest.message);
  const reading = await readMessage(deps.reader, input);
  const joined = { ticket: latest, read: { input, reading } };
  if (joinsOpenTicket(reading, latest, deps.minConfidence)) return joined;
  // Sure of another issue: but is that in what it asks, or only in how bad it says things are? The
  // request's own words (without impact and identifiers), read alone, must say the same other issue.
  const words = deps.reader.requestWords?.(message.text);
  if (words === undefined) return undefined;
  const request = await readMessage(deps.reader, messageReaderInput(words, null));
  return request.issue_type === reading.issue_type && !joinsOpenTicket(request, latest, deps.minConfidence) ? undefined : joined;
}

/**
 * Whether a follow-up within the window continues the open ticket: always, unless the reader is sure
 * (at least `minConfidence`) that it is about another known issue type than the ticket's. A ticket
 * whose issue is not known yet (`other`: it was asked what it is about) takes whatever comes next.
 */
export function joinsOpenTicket(reading: Pick<Reading, 'issue_type' | 'confidence'>, ticket: Pick<Ticket, 'issue_type' | 'state'>, minConfidence: number): boolean {
  const open = ticket.issue_type ?? ticket.state.issue_type;
  if (open === 'other' || reading.issue_type === 'other') return true;
  return reading.issue_type === open || reading.confidence < minConfidence;
}
