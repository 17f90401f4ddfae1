// Channel messages and mentions → ticket turns: judge the event, claim the delivery, identify the
// sender, find the ticket a thread reply continues, then run the turn. Ignored events get a debug line.
import type { App, webApi } from '@slack/bolt';
import type { Memdesk } from '../agent/ports.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { messageDeliveryKeys, type DeliveryDedupe } from './dedupe.js';
import { classifyMessageEvent, type ChannelRules } from './message-events.js';
import { identifySender, type SenderIdentity } from './sender-identity.js';
import { ticketForThreadReply } from './thread-ticket.js';
import { runTicketTurn } from './ticket-turn.js';

export interface TicketListenerDeps {
  config: Config;
  logger: Logger;
  dedupe: DeliveryDedupe;
}

/** `message` and `app_mention` share one path: a message that mentions the bot arrives as both. */
export function registerTicketListeners(app: App, memdesk: Memdesk, deps: TicketListenerDeps): void {
  const onEvent = async (args: {
    event: unknown;
    body: { event_id?: string };
    context: { botUserId?: string; retryNum?: number };
    client: webApi.WebClient;
  }) => {
    const logger = deps.logger.child({ event_id: args.body.event_id, retry_num: args.context.retryNum });
    const rules: ChannelRules = {
      supportChannelIds: deps.config.SUPPORT_CHANNEL_IDS,
      escalationChannelId: deps.config.ESCALATION_CHANNEL_ID,
      botUserId: args.context.botUserId,
    };
    const verdict = classifyMessageEvent(args.event, rules, { userName: (id) => displayName(memdesk, id) });
    if (verdict.kind === 'ignore') {
      logger.debug({ reason: verdict.reason }, 'slack event ignored');
      return;
    }
    // Claim before any lookup, so a redelivery never costs a users.info call or a ticket.
    if (!(await deps.dedupe.claim(messageDeliveryKeys(args.body.event_id, verdict.channelId, verdict.ts)))) {
      logger.debug({ channel: verdict.channelId, ts: verdict.ts }, 'duplicate delivery ignored');
      return;
    }
    const identify = () =>
      identifySender(memdesk.directory, args.client, { slackUserId: verdict.user, channelId: verdict.channelId }, logger);
    let turn: { ticketId?: string; sender: SenderIdentity };
    if (verdict.kind === 'thread_reply') {
      const thread = await ticketForThreadReply(memdesk, verdict, identify);
      if (thread.kind === 'ignore') {
        logger.debug({ reason: thread.reason }, 'slack event ignored');
        return;
      }
      turn = thread;
    } else {
      turn = { sender: await identify() };
    }
    await runTicketTurn({ ...verdict, ...(turn.ticketId ? { ticketId: turn.ticketId } : {}) }, turn.sender, {
      memdesk,
      client: args.client,
      escalationChannelId: deps.config.ESCALATION_CHANNEL_ID,
      logger,
    });
  };
  app.event('message', onEvent);
  app.event('app_mention', onEvent);
}

/** Names for mentions in a customer's text, so the decision reads "@Dana Lee" rather than an id. */
function displayName(memdesk: Memdesk, slackUserId: string): string | undefined {
  const staff = memdesk.directory.staff().find((s) => s.slack_user_id === slackUserId);
  if (staff) return staff.name;
  const identity = memdesk.directory.resolve({ slackUserId });
  return identity.resolved_by === 'directory' ? identity.customer_name : undefined;
}
