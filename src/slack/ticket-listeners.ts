// Channel messages and mentions → the durable inbox. The listener only judges the event and persists
// it (idempotent on event id and channel + ts) before Bolt acks; the inbox worker does the turn.
import type { App } from '@slack/bolt';
import type { Memdesk } from '../agent/ports.js';
import type { Config } from '../config.js';
import { newId } from '../ids.js';
import type { Logger } from '../log.js';
import { messageDeliveryKeys } from './dedupe.js';
import { INBOX_KIND, type InboxPayload, type InboxWorker } from './inbox-worker.js';
import { classifyMessageEvent, type ChannelRules } from './message-events.js';

export interface TicketListenerDeps {
  config: Config;
  logger: Logger;
  worker: InboxWorker;
}

/** `message` and `app_mention` share one path: a message that mentions the bot arrives as both. */
export function registerTicketListeners(app: App, memdesk: Memdesk, deps: TicketListenerDeps): void {
  const onEvent = async (args: { event: unknown; body: { event_id?: string }; context: { botUserId?: string; retryNum?: number } }) => {
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
    const payload: InboxPayload = { message: verdict, ...(args.body.event_id ? { event_id: args.body.event_id } : {}) };
    const accepted = await memdesk.tickets.acceptInbox({
      inbox_id: newId('in'),
      kind: INBOX_KIND,
      payload: payload as unknown as Record<string, unknown>,
      keys: messageDeliveryKeys(args.body.event_id, verdict.channelId, verdict.ts),
    });
    if (!accepted) {
      logger.debug({ channel: verdict.channelId, ts: verdict.ts }, 'duplicate delivery ignored');
      return;
    }
    deps.worker.kick();
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
