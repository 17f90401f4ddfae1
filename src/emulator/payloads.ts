// What Slack sends an app, built from what happened in the workspace: Events API envelopes
// (event_callback) for messages and mentions, slash-command form bodies, and block_actions payloads
// for button presses. Shapes follow Slack's own payloads; builders only.
import { randomBytes } from 'node:crypto';
import type { SlackChannel, SlackMessage } from './conversations.js';

export interface AppInstall {
  team: { id: string; domain: string };
  /** The Enterprise Grid organisation the workspace belongs to, if any. */
  enterprise?: { id: string };
  apiAppId: string;
  botUserId: string;
}

// Slack's legacy verification token; signed requests make it unused, but it is part of every payload.
const verificationToken = 'local-verification-token';

/** `message` (and `app_mention` when the text mentions the bot) for a message in a channel. */
export function messageEvents(install: AppInstall, channel: SlackChannel, message: SlackMessage): Record<string, unknown>[] {
  // Message metadata reaches apps only through its own event subscription, not in message events.
  const { metadata: _metadata, ...shown } = withoutReplySummary(message);
  // A message from a shared channel keeps its sender's team (with user_team and source_team); others are the workspace's.
  const base = { ...shown, channel: channel.id, team: shown.team ?? install.team.id, event_ts: message.ts };
  const events: Record<string, unknown>[] = [{ ...base, channel_type: channel.is_private ? 'group' : 'channel' }];
  if (!message.bot_id && message.text.includes(`<@${install.botUserId}>`)) {
    const { subtype: _subtype, ...mention } = base;
    events.push({ ...mention, type: 'app_mention' });
  }
  return events.map((event) => envelope(install, event));
}

function envelope(install: AppInstall, event: Record<string, unknown>): Record<string, unknown> {
  const eventTime = Math.floor(Number(event.event_ts ?? Date.now() / 1000));
  return {
    token: verificationToken,
    team_id: install.team.id,
    api_app_id: install.apiAppId,
    event,
    type: 'event_callback',
    event_id: `Ev${randomBytes(6).toString('hex').toUpperCase()}`,
    event_time: eventTime,
    ...(install.enterprise ? { enterprise_id: install.enterprise.id } : {}),
    authorizations: [{ enterprise_id: install.enterprise?.id ?? null, team_id: install.team.id, user_id: install.botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-message-${install.team.id}-${String(event.channel)}`,
  };
}

/** `reaction_added` for a reaction someone put on a message (a staff 🎫 makes it a ticket). */
export function reactionAddedEvent(install: AppInstall, channel: SlackChannel, message: SlackMessage, reaction: { name: string; user: string }): Record<string, unknown> {
  const eventTs = (Date.now() / 1000).toFixed(6);
  return envelope(install, {
    type: 'reaction_added',
    user: reaction.user,
    reaction: reaction.name,
    item: { type: 'message', channel: channel.id, ts: message.ts },
    item_user: message.user,
    event_ts: eventTs,
  });
}

/** `app_home_opened` when someone opens the app's Home tab. */
export function appHomeOpenedEvent(install: AppInstall, user: string): Record<string, unknown> {
  const eventTs = (Date.now() / 1000).toFixed(6);
  return envelope(install, { type: 'app_home_opened', user, channel: `D${user.slice(1)}`, tab: 'home', event_ts: eventTs });
}

export interface SlashCommandInput {
  command: string;
  text: string;
  user: { id: string; name: string };
  channel: SlackChannel;
  responseUrl: string;
}

export function slashCommandForm(install: AppInstall, input: SlashCommandInput): Record<string, string> {
  return {
    token: verificationToken,
    team_id: install.team.id,
    team_domain: install.team.domain,
    channel_id: input.channel.id,
    channel_name: input.channel.name,
    user_id: input.user.id,
    user_name: input.user.name,
    command: input.command,
    text: input.text,
    api_app_id: install.apiAppId,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: triggerId(),
  };
}

export interface ButtonPress {
  user: { id: string; name: string };
  channel: SlackChannel;
  message: SlackMessage;
  action: { action_id: string; block_id: string; value?: string; text: string; style?: string };
  responseUrl: string;
}

export function blockActionsPayload(install: AppInstall, press: ButtonPress): Record<string, unknown> {
  const actionTs = (Date.now() / 1000).toFixed(6);
  return {
    type: 'block_actions',
    user: { id: press.user.id, username: press.user.name, name: press.user.name, team_id: install.team.id },
    api_app_id: install.apiAppId,
    token: verificationToken,
    container: { type: 'message', message_ts: press.message.ts, channel_id: press.channel.id, is_ephemeral: false },
    trigger_id: triggerId(),
    team: { id: install.team.id, domain: install.team.domain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: press.channel.id, name: press.channel.name },
    message: withoutReplySummary(press.message),
    state: { values: {} },
    response_url: press.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: press.action.action_id,
        block_id: press.action.block_id,
        text: { type: 'plain_text', text: press.action.text, emoji: true },
        ...(press.action.value !== undefined ? { value: press.action.value } : {}),
        ...(press.action.style ? { style: press.action.style } : {}),
        action_ts: actionTs,
      },
    ],
  };
}

function triggerId(): string {
  return `${Date.now()}.${randomBytes(4).readUInt32BE()}.${randomBytes(8).toString('hex')}`;
}

function withoutReplySummary(message: SlackMessage): SlackMessage {
  const { reply_count: _c, reply_users: _u, latest_reply: _l, reactions: _r, ...rest } = message;
  return rest;
}
