// What the local workspace holds: its channels, the messages in them (threads included), reactions
// and ephemeral notes. Messages are kept in Slack's own message shape, so the Web API can hand them
// back as they are. Every change is announced to listeners (event delivery to the bot, the page).
import { MemdeskError, type ErrorDetails } from '../errors.js';

/** Slack's own error for a Web API call that names something the workspace does not hold. */
function slackApiError(slackError: ErrorDetails['slack_api']['slackError']): MemdeskError<'slack_api'> {
  return new MemdeskError('slack_api', slackError, { slackError });
}

export interface SlackChannel {
  id: string;
  name: string;
  is_private: boolean;
  purpose: string;
}

export interface SlackReaction {
  name: string;
  users: string[];
  count: number;
}

/** A message as Slack's Web API returns it (conversations.history / replies). */
export interface SlackMessage {
  type: 'message';
  ts: string;
  user: string;
  text: string;
  /**
   * In a channel shared over Slack Connect, the sender's Slack team (`user_team`), the team the
   * message came from (`source_team`) and `team`, as Slack's messages carry them there.
   */
  team?: string;
  user_team?: string;
  source_team?: string;
  thread_ts?: string;
  parent_user_id?: string;
  bot_id?: string;
  subtype?: string;
  username?: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  reactions?: SlackReaction[];
  edited?: { user: string; ts: string };
  reply_count?: number;
  reply_users?: string[];
  latest_reply?: string;
  /** A thread_broadcast in the channel's history: the thread's top message, as Slack gives it. */
  root?: SlackMessage;
}

/** A note only one person sees (chat.postEphemeral, an ephemeral `respond`). */
export interface EphemeralNote {
  channel: string;
  user: string;
  ts: string;
  text: string;
  blocks?: unknown[];
}

export type ConversationChange =
  | { kind: 'message_posted'; channel: string; message: SlackMessage }
  | { kind: 'message_changed'; channel: string; message: SlackMessage }
  | { kind: 'reaction_added'; channel: string; ts: string; name: string; user: string }
  | { kind: 'ephemeral_posted'; note: EphemeralNote }
  | { kind: 'cleared' };

export type PostInput = Omit<SlackMessage, 'type' | 'ts' | 'reactions' | 'reply_count' | 'reply_users' | 'latest_reply' | 'parent_user_id' | 'root'>;

export interface Conversations {
  /** See ConversationOptions.strict. */
  readonly strict: boolean;
  channels(): SlackChannel[];
  /** The channel, or channel_not_found (strict); lenient conversations make it on first use. */
  open(id: string): SlackChannel;
  /** Posts a message (a thread reply when `thread_ts` is set) and returns it as stored. */
  post(channel: string, input: PostInput): SlackMessage;
  update(channel: string, ts: string, patch: { text?: string; blocks?: unknown[] }, editor: string): SlackMessage;
  react(channel: string, ts: string, name: string, user: string): void;
  addEphemeral(note: Omit<EphemeralNote, 'ts'>): EphemeralNote;
  message(channel: string, ts: string): SlackMessage | undefined;
  /** Top-level messages and thread replies also sent to the channel (thread_broadcast, with their `root`), oldest first, each with its reply summary. */
  history(channel: string): SlackMessage[];
  /** The parent and its replies, oldest first. */
  replies(channel: string, threadTs: string): SlackMessage[];
  ephemerals(): EphemeralNote[];
  clear(): void;
  onChange(listener: (change: ConversationChange) => void): () => void;
}

export interface ConversationOptions {
  channels?: SlackChannel[];
  /**
   * Strict (the workspace): unknown channels and messages are errors, as in Slack. Lenient (tests that
   * post events straight to the bot): a channel appears on first use and a message that never went
   * through this workspace can still be replied to and reacted to.
   */
  strict?: boolean;
}

export function createConversations(options: ConversationOptions = {}): Conversations {
  const strict = options.strict ?? false;
  const channels = new Map((options.channels ?? []).map((c) => [c.id, c]));
  const messages = new Map<string, SlackMessage[]>(); // channel → every message, oldest first
  // `${channel}/${ts}` → the stored message: a reply or reaction finds its message without scanning
  // the channel (a load run posts thousands; ts never repeats, messages are only cleared together).
  const byTs = new Map<string, SlackMessage>();
  const reactions = new Map<string, SlackReaction[]>(); // `${channel}/${ts}` → reactions, also for unseen messages
  let ephemerals: EphemeralNote[] = [];
  const listeners = new Set<(change: ConversationChange) => void>();
  const nextTs = monotonicTs();

  const emit = (change: ConversationChange) => {
    for (const listener of listeners) listener(change);
  };
  const channelMessages = (id: string): SlackMessage[] => {
    if (!channels.has(id)) {
      if (strict) throw slackApiError('channel_not_found');
      channels.set(id, { id, name: id.toLowerCase(), is_private: false, purpose: '' });
    }
    let list = messages.get(id);
    if (!list) messages.set(id, (list = []));
    return list;
  };
  const find = (channel: string, ts: string) => byTs.get(`${channel}/${ts}`);
  const withReactions = (channel: string, m: SlackMessage): SlackMessage => {
    const r = reactions.get(`${channel}/${m.ts}`);
    return r?.length ? { ...m, reactions: r.map((x) => ({ ...x, users: [...x.users] })) } : { ...m };
  };
  const withThread = (channel: string, m: SlackMessage): SlackMessage => {
    const replies = (messages.get(channel) ?? []).filter((r) => r.thread_ts === m.ts && r.ts !== m.ts);
    const out = withReactions(channel, m);
    if (replies.length === 0) return out;
    return {
      ...out,
      thread_ts: m.ts,
      reply_count: replies.length,
      reply_users: [...new Set(replies.map((r) => r.user))],
      latest_reply: replies[replies.length - 1]?.ts,
    };
  };

  // A broadcast reply in the channel's history carries its thread's top message, as Slack's does.
  const withRoot = (channel: string, m: SlackMessage): SlackMessage => {
    const root = m.thread_ts ? find(channel, m.thread_ts) : undefined;
    const out = withReactions(channel, m);
    return root ? { ...out, root: withThread(channel, root) } : out;
  };

  return {
    strict,
    channels: () => [...channels.values()],
    open(id) {
      channelMessages(id);
      return channels.get(id) as SlackChannel;
    },
    post(channel, input) {
      const list = channelMessages(channel);
      const ts = nextTs();
      const parent = input.thread_ts ? find(channel, input.thread_ts) : undefined;
      const message: SlackMessage = {
        type: 'message',
        ...dropUndefined(input),
        ts,
        ...(input.thread_ts && parent ? { parent_user_id: parent.user } : {}),
      };
      list.push(message);
      byTs.set(`${channel}/${ts}`, message);
      emit({ kind: 'message_posted', channel, message: { ...message } });
      return { ...message };
    },
    update(channel, ts, patch, editor) {
      channelMessages(channel);
      const message = find(channel, ts);
      if (!message) throw slackApiError('message_not_found');
      if (patch.text !== undefined) message.text = patch.text;
      if (patch.blocks !== undefined) message.blocks = patch.blocks;
      message.edited = { user: editor, ts: nextTs() };
      emit({ kind: 'message_changed', channel, message: withReactions(channel, message) });
      return withReactions(channel, message);
    },
    react(channel, ts, name, user) {
      channelMessages(channel);
      if (strict && !find(channel, ts)) throw slackApiError('message_not_found');
      const key = `${channel}/${ts}`;
      const list = reactions.get(key) ?? [];
      const existing = list.find((r) => r.name === name);
      if (existing?.users.includes(user)) throw slackApiError('already_reacted');
      if (existing) {
        existing.users.push(user);
        existing.count += 1;
      } else {
        list.push({ name, users: [user], count: 1 });
      }
      reactions.set(key, list);
      emit({ kind: 'reaction_added', channel, ts, name, user });
    },
    addEphemeral(note) {
      const stored = { ...dropUndefined(note), ts: nextTs() } as EphemeralNote;
      ephemerals.push(stored);
      emit({ kind: 'ephemeral_posted', note: { ...stored } });
      return { ...stored };
    },
    message: (channel, ts) => {
      const m = find(channel, ts);
      return m && withThread(channel, m);
    },
    history(channel) {
      const list = channelMessages(channel);
      return list
        .filter((m) => !m.thread_ts || m.thread_ts === m.ts || m.subtype === 'thread_broadcast')
        .map((m) => (m.subtype === 'thread_broadcast' ? withRoot(channel, m) : withThread(channel, m)));
    },
    replies(channel, threadTs) {
      const list = channelMessages(channel);
      const parent = list.find((m) => m.ts === threadTs);
      if (!parent && strict) throw slackApiError('thread_not_found');
      const replies = list.filter((m) => m.thread_ts === threadTs && m.ts !== threadTs).map((m) => withReactions(channel, m));
      return parent ? [withThread(channel, parent), ...replies] : replies;
    },
    ephemerals: () => ephemerals.map((e) => ({ ...e })),
    clear() {
      messages.clear();
      byTs.clear();
      reactions.clear();
      ephemerals = [];
      emit({ kind: 'cleared' });
    },
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/**
 * Message timestamps as Slack writes them ("seconds.micro"), from the real clock and strictly
 * increasing, so they sort, never repeat within a run, and do not repeat a previous run's either
 * (tickets remember their thread by channel + ts).
 */
export function monotonicTs(now: () => number = Date.now): () => string {
  let last = 0;
  return () => {
    last = Math.max(now() * 1000, last + 1);
    return `${Math.floor(last / 1e6)}.${String(last % 1e6).padStart(6, '0')}`;
  };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
