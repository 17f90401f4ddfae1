// What the Slack side puts in the durable inbox: one zod discriminated union on the item's kind, so
// the listener writes and the worker reads the same shape, checked, with no casts. Kinds: a ticket
// message (a customer's, or a staff reply in a thread), a staff 🎫 reaction that makes a message a ticket,
// an SLA alert due to be posted and a weekly digest (claimed like a message, so each goes out once).
import { z } from 'zod';
import type { InboxItem } from './delivery-ledger.js';
import { ticketMessage } from './message-events.js';
import { slaAlert } from './sla-alert-message.js';
import { ticketReactionItem } from './ticket-reaction.js';

export const inboxPayload = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('slack_message'),
    message: ticketMessage,
    /** Slack's event id, for the logs. */
    event_id: z.string().optional(),
  }),
  z.object({
    kind: z.literal('ticket_reaction'),
    reaction: ticketReactionItem,
    event_id: z.string().optional(),
  }),
  z.object({
    kind: z.literal('sla_alert'),
    alert: slaAlert,
  }),
  /** The weekly digest of the period DIGEST_CRON names at this instant (weekly-digest-post.ts). */
  z.object({
    kind: z.literal('weekly_digest'),
    period: z.string().datetime(),
  }),
]);
export type InboxPayload = z.infer<typeof inboxPayload>;

/** The inbox row's kind column and payload column for a payload. */
export function toInboxRow(payload: InboxPayload): { kind: InboxPayload['kind']; payload: Record<string, unknown> } {
  const { kind, ...rest } = payload;
  return { kind, payload: rest };
}

/** The payload of an inbox row, checked; an error names what is wrong with it. */
export function readInboxRow(item: InboxItem): InboxPayload {
  return inboxPayload.parse({ ...item.payload, kind: item.kind });
}
