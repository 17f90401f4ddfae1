// The Web API methods memdesk's bot calls, answered as Slack answers them: the documented 200
// shapes on success and Slack's error codes (channel_not_found, message_not_found, already_reacted,
// user_not_found, …) otherwise. Each method reads or changes the workspace's conversations.
import type { Conversations, SlackMessage } from './conversations.js';
import { conversationObject, slackUserObject, type SlackUser } from './slack-objects.js';
import { hasCode } from '../errors.js';
import type { HomeViews } from './home-views.js';

export interface WebApiContext {
  conversations: Conversations;
  user(id: string): SlackUser | undefined;
  bot: { userId: string; botId: string; name: string };
  /** The workspace; `enterprise` when it is one workspace of an Enterprise Grid organisation. */
  team: { id: string; name: string; domain: string; enterprise?: { id: string; name: string } };
  permalink(channel: string, ts: string): string;
  homeViews: HomeViews;
}

export type MethodArgs = Record<string, unknown>;
export type MethodResult = Record<string, unknown> & { ok: boolean };
type Method = (args: MethodArgs, ctx: WebApiContext) => MethodResult;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export const webApiMethods: Record<string, Method> = {
  'auth.test': (_args, { bot, team }) => ({
    ok: true,
    url: `https://${team.domain}.slack.com/`,
    team: team.name,
    user: bot.name,
    team_id: team.id,
    user_id: bot.userId,
    bot_id: bot.botId,
    // On Enterprise Grid Slack names the organisation too; this app is installed in one of its workspaces.
    ...(team.enterprise ? { enterprise_id: team.enterprise.id, is_enterprise_install: false } : {}),
  }),

  'chat.postMessage': (args, { conversations, bot }) => {
    const channel = str(args.channel);
    if (!channel) return fail('channel_not_found');
    const blocks = Array.isArray(args.blocks) ? args.blocks : undefined;
    const text = str(args.text) ?? '';
    if (!text && !blocks) return fail('no_text');
    const metadata = eventMetadata(args.metadata);
    const threadTs = str(args.thread_ts);
    // A thread reply "also sent to the channel": Slack stores it once, as a thread_broadcast that shows
    // in the thread and in the channel's history. Without a thread_ts there is nothing to broadcast.
    const broadcast = Boolean(threadTs) && (args.reply_broadcast === true || args.reply_broadcast === 'true');
    const message = conversations.post(channel, {
      user: bot.userId,
      bot_id: bot.botId,
      subtype: broadcast ? 'thread_broadcast' : 'bot_message',
      username: bot.name,
      text,
      ...(blocks ? { blocks } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...(metadata ? { metadata } : {}),
    });
    return { ok: true, channel, ts: message.ts, message: withoutMetadata(message) };
  },

  'chat.update': (args, { conversations, bot }) => {
    const channel = str(args.channel);
    const ts = str(args.ts);
    if (!channel) return fail('channel_not_found');
    if (!ts) return fail('message_not_found');
    conversations.open(channel);
    const existing = conversations.message(channel, ts);
    // Lenient conversations (tests) accept updates to posts they never saw.
    if (!existing && conversations.strict) return fail('message_not_found');
    if (existing && existing.user !== bot.userId) return fail('cant_update_message');
    const blocks = Array.isArray(args.blocks) ? args.blocks : undefined;
    const text = typeof args.text === 'string' ? args.text : undefined;
    const message = existing
      ? conversations.update(channel, ts, { ...(text !== undefined ? { text } : {}), ...(blocks ? { blocks } : {}) }, bot.userId)
      : ({ type: 'message', ts, user: bot.userId, text: text ?? '', ...(blocks ? { blocks } : {}) } satisfies SlackMessage);
    return { ok: true, channel, ts, text: message.text, message: withoutMetadata(message) };
  },

  'chat.postEphemeral': (args, { conversations, user }) => {
    const channel = str(args.channel);
    const to = str(args.user);
    if (!channel) return fail('channel_not_found');
    conversations.open(channel);
    if (!to || (conversations.strict && !user(to))) return fail('user_not_in_channel');
    const blocks = Array.isArray(args.blocks) ? args.blocks : undefined;
    const note = conversations.addEphemeral({ channel, user: to, text: str(args.text) ?? '', ...(blocks ? { blocks } : {}) });
    return { ok: true, message_ts: note.ts };
  },

  'chat.getPermalink': (args, { permalink }) => {
    const channel = str(args.channel);
    const ts = str(args.message_ts);
    if (!channel) return fail('channel_not_found');
    if (!ts) return fail('message_not_found');
    return { ok: true, channel, permalink: permalink(channel, ts) };
  },

  'reactions.add': (args, { conversations, bot }) => {
    const channel = str(args.channel);
    const ts = str(args.timestamp);
    const name = str(args.name);
    if (!channel) return fail('channel_not_found');
    if (!ts) return fail('no_item_specified');
    if (!name) return fail('invalid_name');
    conversations.react(channel, ts, name, bot.userId);
    return { ok: true };
  },

  'users.info': (args, { user, team }) => {
    const found = str(args.user) ? user(str(args.user) as string) : undefined;
    if (!found) return fail('user_not_found');
    return { ok: true, user: slackUserObject(found, team) };
  },

  'conversations.info': (args, { conversations }) => {
    const id = str(args.channel);
    if (!id) return fail('channel_not_found');
    return { ok: true, channel: conversationObject(conversations.open(id)) };
  },

  'conversations.history': (args, { conversations }) => {
    const channel = str(args.channel);
    if (!channel) return fail('channel_not_found');
    const newestFirst = conversations.history(channel).reverse();
    const messages = page(newestFirst, args.limit).map((m) => (args.include_all_metadata ? m : withoutMetadata(m)));
    return { ok: true, messages, has_more: messages.length < newestFirst.length, pin_count: 0, response_metadata: { next_cursor: '' } };
  },

  'views.publish': (args, { homeViews }) => {
    const userId = str(args.user_id);
    if (!userId) return fail('invalid_arguments');
    const view = args.view as { type?: unknown; blocks?: unknown } | undefined;
    if (view?.type !== 'home' || !Array.isArray(view.blocks)) return fail('invalid_arguments');
    if (view.blocks.length > 100) return fail('invalid_arguments');
    return { ok: true, view: homeViews.publish(userId, { blocks: view.blocks }) };
  },

  'conversations.replies': (args, { conversations }) => {
    const channel = str(args.channel);
    const ts = str(args.ts);
    if (!channel) return fail('channel_not_found');
    if (!ts) return fail('thread_not_found');
    const all = conversations.replies(channel, ts);
    const messages = page(all, args.limit).map((m) => (args.include_all_metadata ? m : withoutMetadata(m)));
    return { ok: true, messages, has_more: messages.length < all.length, response_metadata: { next_cursor: '' } };
  },
};

/** Runs a method; Slack's error codes thrown by the conversations become `ok: false` answers. */
export function callWebApiMethod(method: string, args: MethodArgs, ctx: WebApiContext): MethodResult {
  const run = webApiMethods[method];
  if (!run) return fail('unknown_method');
  try {
    return run(args, ctx);
  } catch (error) {
    if (hasCode(error, 'slack_api')) return fail(error.detail.slackError);
    throw error;
  }
}

function fail(error: string): MethodResult {
  return { ok: false, error };
}

function page<T>(items: T[], limit: unknown): T[] {
  const n = Number(limit);
  return Number.isInteger(n) && n > 0 ? items.slice(0, n) : items;
}

/** Slack returns message metadata only to callers that ask for it (include_all_metadata). */
function withoutMetadata(message: SlackMessage): SlackMessage {
  const { metadata: _metadata, ...rest } = message;
  return rest;
}

function eventMetadata(value: unknown): SlackMessage['metadata'] {
  if (!value || typeof value !== 'object') return undefined;
  const m = value as { event_type?: unknown; event_payload?: unknown };
  if (typeof m.event_type !== 'string') return undefined;
  return { event_type: m.event_type, event_payload: (m.event_payload ?? {}) as Record<string, unknown> };
}
