// Stage 1, identify: accept the message and say who wrote it. Identity is resolved once per turn;
// a front door that already identified the sender (Slack, which also asks for their email) passes
// its identity in and the loop takes it as given.
import { memdeskError } from '../errors.js';
import type { Directory, Identity, TicketRequest } from './ports.js';

/** Longest message accepted at all; longer ones are cut for the packet but stored whole. */
const MAX_MESSAGE_CHARS = 100_000;

/** The message as the loop works with it: line endings made plain, surrounding space trimmed. */
export function acceptMessage(raw: string | undefined): string {
  const message = (raw ?? '').replace(/\r\n/g, '\n').trim();
  if (!message) throw memdeskError('ticket_input', 'message is empty: nothing to make a ticket of');
  if (message.length > MAX_MESSAGE_CHARS) {
    throw memdeskError('ticket_input', `message is ${message.length} characters; the limit is ${MAX_MESSAGE_CHARS}`);
  }
  return message;
}

export function identify(directory: Directory, req: TicketRequest): Identity {
  // `user` is a Slack user id or a customer id; the directory knows which.
  return req.identity ?? directory.resolve({ slackUserId: req.user, customerId: req.user, channelId: req.channelId });
}
