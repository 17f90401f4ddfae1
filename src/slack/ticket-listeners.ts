// Channel messages, mentions and staff 🎫 reactions → the durable inbox. The listener only judges the
// event and persists it (idempotent on event id and channel + ts) before Bolt acks; the inbox worker
// does the turn.
import type { App } from '@slack/bolt';
import type { Memdesk } from '../memdesk.js';
import type { Config } from '../config.js';
import { newId } from '../ids.js';
import { memdeskError } from '../errors.js';
import type { Logger } from '../log.js';
import { messageDeliveryKeys } from './dedupe.js';
import { toInboxRow, type InboxPayload } from './inbox-payload.js';
import type { InboxWorker } from './inbox-worker.js';
import type { InboxRanks } from './inbox-ranks.js';
import { classifyMessageEvent, messageSender, type ChannelRules } from './message-events.js';
import { ticketReaction } from './ticket-reaction.js';
import type { StaffMembers } from './staff-members.js';

export interface TicketListenerDeps {
  config: Config;
  logger: Logger;
  worker: InboxWorker;
  /** Ranks the accepted message again while it waits (inbox-ranks.ts). */
  ranks: InboxRanks;
  /** Who is staff, the operator's Slack team included (staff-members.ts). */
  staff: StaffMembers;
}

/**
 * Judges one `message` or `app_mention` event and, when it is a ticket message, persists it to the
 * inbox (once, whatever the redeliveries) and wakes the worker. Resolves only once it is persisted.
 */
export async function acceptMessageEvent(
  memdesk: Memdesk,
  deps: TicketListenerDeps,
  delivery: SlackDelivery,
): Promise<void> {
  const logger = deps.logger.child({ event_id: delivery.eventId, retry_num: delivery.retryNum });
  const { staff } = deps;
  // Whether the sender is staff may take a question to Slack (a sibling workspace on Enterprise Grid):
  // asked here, before the pure classification below.
  const sender = messageSender(delivery.event);
  const staffSender = sender ? await staff.isStaffSender(sender) : false;
  const rules: ChannelRules = {
    supportChannelIds: deps.config.SUPPORT_CHANNEL_IDS,
    escalationChannelId: deps.config.ESCALATION_CHANNEL_ID,
    botUserId: delivery.botUserId,
    isStaff: () => staffSender,
  };
  if ((delivery.event as { type?: string } | undefined)?.type === 'reaction_added') {
    const reaction = ticketReaction(delivery.event, rules, staff);
    if (reaction.kind === 'ignore') {
      logger.debug({ reason: reaction.reason }, 'slack event ignored');
      return;
    }
    await persist(memdesk, deps, { kind: 'ticket_reaction', reaction: reaction.reaction, ...(delivery.eventId ? { event_id: delivery.eventId } : {}) },
      // One ticket per message, however many staff react or how often Slack redelivers.
      [`ticket_reaction:${reaction.reaction.channelId}:${reaction.reaction.ts}`], logger);
    return;
  }
  const verdict = classifyMessageEvent(delivery.event, rules, { userName: (id) => displayName(memdesk, id) });
  if (verdict.kind === 'ignore') {
    logger.debug({ reason: verdict.reason }, 'slack event ignored');
    return;
  }
  // Only a message that starts a thread is ranked: the rest stay at 0, so no reply is ever claimed
  // before an earlier message of its thread that is still waiting.
  const ranked = verdict.kind === 'new_ticket' ? { slackUserId: verdict.user, channelId: verdict.channelId, text: verdict.text, ts: verdict.ts } : undefined;
  const priority = ranked ? memdesk.inboxPriority(ranked) : 0;
  const inboxId = await persist(memdesk, deps, { kind: 'slack_message', message: verdict, ...(delivery.eventId ? { event_id: delivery.eventId } : {}) },
    messageDeliveryKeys(delivery.eventId, verdict.channelId, verdict.ts), logger, priority);
  if (inboxId && ranked) deps.ranks.waiting(inboxId, ranked, priority);
}

export interface SlackDelivery {
  event: unknown;
  eventId?: string;
  botUserId?: string;
  retryNum?: number;
}

/** The accepted item's id; undefined for a duplicate. */
async function persist(memdesk: Memdesk, deps: TicketListenerDeps, payload: InboxPayload, keys: string[], logger: Logger, priority = 0): Promise<string | undefined> {
  let accepted: boolean;
  const inboxId = newId('in');
  try {
    accepted = await memdesk.delivery.accept({ inbox_id: inboxId, ...toInboxRow(payload), keys, priority });
  } catch (err) {
    throw memdeskError('inbox_unavailable', 'the inbox could not record the event; it is left for Slack to deliver again', { cause: err });
  }
  if (!accepted) {
    logger.debug({ keys }, 'duplicate delivery ignored');
    return undefined;
  }
  deps.worker.kick();
  return inboxId;
}

/** `message` and `app_mention` share one path: a message that mentions the bot arrives as both. */
export function registerTicketListeners(app: App, memdesk: Memdesk, deps: TicketListenerDeps): void {
  const onEvent = (args: { event: unknown; body: { event_id?: string }; context: { botUserId?: string; retryNum?: number } }) =>
    acceptMessageEvent(memdesk, deps, {
      event: args.event,
      ...(args.body.event_id ? { eventId: args.body.event_id } : {}),
      ...(args.context.botUserId ? { botUserId: args.context.botUserId } : {}),
      ...(args.context.retryNum !== undefined ? { retryNum: args.context.retryNum } : {}),
    });
  app.event('message', onEvent);
  app.event('app_mention', onEvent);
  app.event('reaction_added', onEvent);
}

/** Names for mentions in a customer's text, so the decision reads "@Dana Lee" rather than an id. */
function displayName(memdesk: Memdesk, slackUserId: string): string | undefined {
  const staff = memdesk.directory.staff().find((s) => s.slack_user_id === slackUserId);
  if (staff) return staff.name;
  const identity = memdesk.directory.resolve({ slackUserId });
  return identity.resolved_by === 'directory' ? identity.customer_name : undefined;
}
