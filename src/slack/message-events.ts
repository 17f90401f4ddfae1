// Which Slack message events become ticket turns. Pure: given the event and where the app stands
// (its bot user, its channels, who is staff), say "new ticket", "continue a thread", "a staff reply
// in a thread" or "ignore, because …".
// Looking up the thread's ticket is the caller's job; this file never does I/O.
import { z } from 'zod';
import { isPleasantry } from '../core/pleasantry.js';
import { toPlainText, type PlainTextOptions } from './markup.js';

const sharedFile = z.object({ name: z.string().optional(), title: z.string().optional() }).passthrough();

/** The part of a `message` / `app_mention` event this app reads; everything else passes through. */
export const slackMessageEvent = z
  .object({
    type: z.string(),
    subtype: z.string().optional(),
    user: z.string().optional(),
    bot_id: z.string().optional(),
    text: z.string().optional(),
    ts: z.string().optional(),
    thread_ts: z.string().optional(),
    /** In a thread: who wrote the thread's top message. */
    parent_user_id: z.string().optional(),
    channel: z.string().optional(),
    channel_type: z.string().optional(),
    /** The sender's own workspace: in a Slack Connect channel, the operator's team (or enterprise) means staff. */
    user_team: z.string().optional(),
    team: z.string().optional(),
    files: z.array(sharedFile).optional(),
  })
  .passthrough();
export type SlackMessageEvent = z.infer<typeof slackMessageEvent>;

export interface ChannelRules {
  /** Channels whose messages are tickets; empty = every channel the bot is in but the escalation one. */
  supportChannelIds: readonly string[];
  escalationChannelId?: string;
  /** The app's own bot user (from auth.test), so its replies are never read back as tickets. */
  botUserId?: string;
  /** Whether the sender is on the support team (directory, STAFF_USER_IDS, the operator's Slack team or enterprise). */
  isStaff?: (sender: { user: string; channel: string; team?: string }) => boolean;
}

export const ticketMessage = z.object({
  kind: z.enum(['new_ticket', 'thread_reply', 'staff_reply']),
  user: z.string(),
  channelId: z.string(),
  /** The message's own ts: where the 👀 and ✅ reactions go, and the dedupe key. */
  ts: z.string(),
  /** ts of the top-level message: the ticket's thread. */
  threadTs: z.string(),
  /** Plain text for the decision. */
  text: z.string(),
  /** In a thread: who wrote its top message (Slack's `parent_user_id`), when Slack said. */
  parentUserId: z.string().optional(),
});
export type TicketMessage = z.infer<typeof ticketMessage>;
export type MessageVerdict = { kind: 'ignore'; reason: string } | TicketMessage;

// Subtypes that are a person writing to the channel; every other subtype is housekeeping.
const personSubtypes = new Set(['file_share', 'thread_broadcast']);
// Channel kinds the manifest subscribes to; DMs and group DMs are not support channels.
const channelTypes = new Set(['channel', 'group']);

// One parse per delivered event: the listener reads its sender (messageSender) before it classifies it.
const parsedEvents = new WeakMap<object, ReturnType<typeof slackMessageEvent.safeParse>>();
function parseMessageEvent(raw: unknown): ReturnType<typeof slackMessageEvent.safeParse> {
  if (typeof raw !== 'object' || raw === null) return slackMessageEvent.safeParse(raw);
  let parsed = parsedEvents.get(raw);
  if (!parsed) {
    parsed = slackMessageEvent.safeParse(raw);
    parsedEvents.set(raw, parsed);
  }
  return parsed;
}

export function classifyMessageEvent(raw: unknown, rules: ChannelRules, markup: PlainTextOptions = {}): MessageVerdict {
  const parsed = parseMessageEvent(raw);
  if (!parsed.success) return ignore('not a message event this app can read');
  const event = parsed.data;
  const isMention = event.type === 'app_mention';
  if (event.type !== 'message' && !isMention) return ignore(`event type ${event.type}`);

  if (event.bot_id || event.subtype === 'bot_message') return ignore('bot message');
  if (event.subtype && !personSubtypes.has(event.subtype)) return ignore(`subtype ${event.subtype}`);
  if (!event.user || !event.ts || !event.channel) return ignore('no sender, ts or channel');
  if (rules.botUserId && event.user === rules.botUserId) return ignore("the app's own message");
  if (event.channel_type && !channelTypes.has(event.channel_type)) return ignore(`channel type ${event.channel_type}`);
  if (event.channel === rules.escalationChannelId) return ignore('escalation channel');
  // A mention asks for the bot by name, so it counts in any channel; plain messages only in support channels.
  if (!isMention && rules.supportChannelIds.length > 0 && !rules.supportChannelIds.includes(event.channel)) {
    return ignore('not a support channel');
  }

  const text = ticketText(event, rules.botUserId, markup);
  const inThread = event.thread_ts !== undefined && event.thread_ts !== event.ts;
  // Staff are never customers: in a thread they answer (a human reply, even "thanks!"); at the top level they announce.
  const staff = rules.isStaff?.(senderOf(event, event.user, event.channel)) ?? false;
  if (staff && !inThread) return ignore('staff message at the top level');
  if (!staff && isPleasantry(text)) return ignore(inThread ? 'pleasantry in a thread' : 'pleasantry');
  if (text === '' && !staff) return ignore('empty message');

  return {
    kind: staff ? 'staff_reply' : inThread ? 'thread_reply' : 'new_ticket',
    user: event.user,
    channelId: event.channel,
    ts: event.ts,
    threadTs: inThread ? (event.thread_ts as string) : event.ts,
    text,
    ...(inThread && event.parent_user_id ? { parentUserId: event.parent_user_id } : {}),
  };
}

/**
 * Who sent a message event and from which Slack team (`user_team`, else `team`), as staff-members.ts
 * reads them; undefined for an event with no sender or channel. The listener asks StaffMembers with it
 * (which may ask Slack) before it classifies the event.
 */
export function messageSender(raw: unknown): { user: string; channel: string; team?: string } | undefined {
  const parsed = parseMessageEvent(raw);
  if (!parsed.success || !parsed.data.user || !parsed.data.channel) return undefined;
  return senderOf(parsed.data, parsed.data.user, parsed.data.channel);
}

function senderOf(event: SlackMessageEvent, user: string, channel: string): { user: string; channel: string; team?: string } {
  const team = event.user_team ?? event.team;
  return { user, channel, ...(team ? { team } : {}) };
}

/** The text the decision sees: markup normalised, the bot's own @-mention dropped, files named. */
function ticketText(event: SlackMessageEvent, botUserId: string | undefined, markup: PlainTextOptions): string {
  let mrkdwn = event.text ?? '';
  if (botUserId) mrkdwn = mrkdwn.replace(new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g'), ' ');
  // Without the bot's id, an app_mention still starts with the mention that addressed the bot.
  else if (event.type === 'app_mention') mrkdwn = mrkdwn.replace(/^\s*<@[A-Z0-9]+(\|[^>]*)?>/, ' ');
  const text = toPlainText(mrkdwn, markup);
  if (event.subtype !== 'file_share') return text;
  // A file without words is still a request; naming the file lets the decision ask what it is about.
  const note = fileNote(event.files ?? []);
  return text === '' ? note : `${text} ${note}`;
}

function fileNote(files: z.infer<typeof sharedFile>[]): string {
  const names = files.map((f) => f.name ?? f.title).filter((n): n is string => Boolean(n));
  if (names.length === 0) return '(shared a file)';
  if (names.length === 1) return `(shared a file: ${names[0]})`;
  return `(shared files: ${names.join(', ')})`;
}

function ignore(reason: string): MessageVerdict {
  return { kind: 'ignore', reason };
}
