// A staff :ticket: (🎫) reaction on a message in a support channel makes that message a ticket,
// whoever wrote it: staff spot a request the intake missed (a reply deep in a thread, a message
// from a colleague relaying a customer). Pure: the message's text is fetched by the worker.
import { z } from 'zod';
import type { ChannelRules } from './message-events.js';
import type { StaffMembers } from './staff-members.js';

const reactionAddedEvent = z.object({
  type: z.literal('reaction_added'),
  user: z.string(),
  reaction: z.string(),
  item: z.object({ type: z.string(), channel: z.string().optional(), ts: z.string().optional() }),
  item_user: z.string().optional(),
});

export const ticketReactionItem = z.object({
  /** Who reacted (staff). */
  reactor: z.string(),
  /** Who wrote the message: the ticket's sender. */
  author: z.string(),
  channelId: z.string(),
  ts: z.string(),
});
export type TicketReactionItem = z.infer<typeof ticketReactionItem>;

// Slack names the emoji `ticket`; skin tones do not apply to it.
const TICKET_EMOJI = 'ticket';

export function ticketReaction(
  raw: unknown,
  rules: ChannelRules,
  staff: Pick<StaffMembers, 'isStaff'>,
): { kind: 'ticket'; reaction: TicketReactionItem } | { kind: 'ignore'; reason: string } {
  const parsed = reactionAddedEvent.safeParse(raw);
  if (!parsed.success) return { kind: 'ignore', reason: 'not a reaction this app can read' };
  const e = parsed.data;
  if (e.reaction !== TICKET_EMOJI) return { kind: 'ignore', reason: `reaction ${e.reaction}` };
  if (e.item.type !== 'message' || !e.item.channel || !e.item.ts) return { kind: 'ignore', reason: 'reaction on something other than a message' };
  if (e.item.channel === rules.escalationChannelId) return { kind: 'ignore', reason: 'escalation channel' };
  if (rules.supportChannelIds.length > 0 && !rules.supportChannelIds.includes(e.item.channel)) return { kind: 'ignore', reason: 'not a support channel' };
  if (!staff.isStaff(e.user)) return { kind: 'ignore', reason: 'ticket reaction from someone not on staff' };
  if (!e.item_user || e.item_user === rules.botUserId) return { kind: 'ignore', reason: "ticket reaction on the bot's own message" };
  return { kind: 'ticket', reaction: { reactor: e.user, author: e.item_user, channelId: e.item.channel, ts: e.item.ts } };
}
