// The local workspace's Web API, strict as Slack is: posts and thread replies land in the channel,
// reactions are counted once per user, chat.update changes the message, history and replies read it
// back in Slack's documented shapes, and unknown users, channels, messages and tokens get Slack's errors.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackApiServer, type SlackApiServer } from '../support/api-server.js';

const documented = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/slack/web_api_examples_from_openapi.json', import.meta.url)), 'utf8'),
) as Record<string, Record<string, unknown>>;

const support = { id: 'C0SUPPORT', name: 'support', is_private: false, purpose: 'help' };
let api: SlackApiServer;
let post: (method: string, args?: Record<string, unknown>, token?: string | null) => Promise<Record<string, unknown>>;

beforeAll(async () => {
  api = await startSlackApiServer({ strict: true, channels: [support], users: [{ id: 'U0BEN', name: 'ben', real_name: 'Ben Carter', email: 'ben@northwind.example' }] });
  post = async (method, args = {}, token = 'xoxb-local') => {
    const res = await fetch(`${api.apiUrl}${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(args),
    });
    return (await res.json()) as Record<string, unknown>;
  };
});
afterAll(async () => {
  await api?.close();
});

describe('the workspace Web API', () => {
  it('posts a message and replies in its thread, and reads the thread back', async () => {
    const parent = await post('chat.postMessage', { channel: support.id, text: 'Is this thing on?' });
    expect(parent).toMatchObject({ ok: true, channel: support.id, message: { type: 'message', text: 'Is this thing on?', bot_id: api.botId } });
    expect(Object.keys(parent)).toEqual(expect.arrayContaining(Object.keys(documented['chat.postMessage.200'] as object)));
    const ts = parent.ts as string;
    expect(ts).toMatch(/^\d{10}\.\d{6}$/);

    const reply = await post('chat.postMessage', { channel: support.id, thread_ts: ts, text: 'It is.' });
    expect(reply).toMatchObject({ ok: true, message: { thread_ts: ts } });
    expect(String(reply.ts) > ts).toBe(true);

    const thread = await post('conversations.replies', { channel: support.id, ts });
    expect(Object.keys(thread)).toEqual(expect.arrayContaining(['ok', 'messages', 'has_more', 'response_metadata']));
    const [first, second] = thread.messages as Record<string, unknown>[];
    expect(first).toMatchObject({ ts, reply_count: 1, thread_ts: ts, latest_reply: reply.ts });
    expect(second).toMatchObject({ ts: reply.ts, thread_ts: ts, parent_user_id: api.botUserId, text: 'It is.' });

    const history = await post('conversations.history', { channel: support.id });
    expect(Object.keys(history)).toEqual(expect.arrayContaining(Object.keys(documented['conversations.history.200'] as object)));
    // Newest first, thread replies left out.
    expect((history.messages as { ts: string }[]).map((m) => m.ts)).toEqual([ts]);
  });

  it('stores a reply sent to the channel too (reply_broadcast) as Slack does: in the thread, and in the history as a thread_broadcast with its root', async () => {
    const parent = await post('chat.postMessage', { channel: support.id, text: 'Our dashboard is down' });
    const ts = parent.ts as string;
    const quiet = await post('chat.postMessage', { channel: support.id, thread_ts: ts, text: 'Looking into it.' });
    const broadcast = await post('chat.postMessage', { channel: support.id, thread_ts: ts, reply_broadcast: true, text: 'Engineering has it.' });
    expect(broadcast).toMatchObject({ ok: true, message: { subtype: 'thread_broadcast', thread_ts: ts, bot_id: api.botId } });

    const thread = (await post('conversations.replies', { channel: support.id, ts })).messages as Record<string, unknown>[];
    expect(thread.map((m) => m.ts)).toEqual([ts, quiet.ts, broadcast.ts]);
    expect(thread[0]).toMatchObject({ reply_count: 2, latest_reply: broadcast.ts });

    const history = (await post('conversations.history', { channel: support.id, limit: 2 })).messages as Record<string, unknown>[];
    // Newest first: the broadcast, then its thread's top message; the quiet reply stays in the thread.
    expect(history.map((m) => m.ts)).toEqual([broadcast.ts, ts]);
    expect(history[0]).toMatchObject({ subtype: 'thread_broadcast', thread_ts: ts, text: 'Engineering has it.', root: { ts, text: 'Our dashboard is down', reply_count: 2 } });

    // Without a thread there is nothing to broadcast: a plain channel message.
    const plain = await post('chat.postMessage', { channel: support.id, reply_broadcast: true, text: 'Hello channel' });
    expect((plain.message as Record<string, unknown>).subtype).toBe('bot_message');
  });

  it('counts a reaction once per user and says already_reacted after that', async () => {
    const { ts } = await post('chat.postMessage', { channel: support.id, text: 'react to me' });
    expect(await post('reactions.add', { channel: support.id, timestamp: ts, name: 'eyes' })).toEqual({ ok: true });
    expect(await post('reactions.add', { channel: support.id, timestamp: ts, name: 'eyes' })).toEqual({ ok: false, error: 'already_reacted' });
    expect(await post('reactions.add', { channel: support.id, timestamp: ts, name: 'white_check_mark' })).toEqual({ ok: true });
    expect(await post('reactions.add', { channel: support.id, timestamp: '1.000001', name: 'eyes' })).toEqual({ ok: false, error: 'message_not_found' });
    const [message] = (await post('conversations.history', { channel: support.id, limit: 1 })).messages as Record<string, unknown>[];
    expect(message?.reactions).toEqual([
      { name: 'eyes', users: [api.botUserId], count: 1 },
      { name: 'white_check_mark', users: [api.botUserId], count: 1 },
    ]);
  });

  it('changes a message with chat.update, and only the bot’s own', async () => {
    const { ts } = await post('chat.postMessage', { channel: support.id, text: 'before', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'before' } }] });
    const updated = await post('chat.update', { channel: support.id, ts, text: 'after', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'after' } }] });
    expect(updated).toMatchObject({ ok: true, channel: support.id, ts, text: 'after', message: { text: 'after', edited: { user: api.botUserId } } });
    expect(api.conversations.message(support.id, ts as string)?.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'after' } }]);
    expect(await post('chat.update', { channel: support.id, ts: '1.000001', text: 'x' })).toEqual({ ok: false, error: 'message_not_found' });

    const customer = api.conversations.post(support.id, { user: 'U0BEN', text: 'mine' });
    expect(await post('chat.update', { channel: support.id, ts: customer.ts, text: 'hijacked' })).toEqual({ ok: false, error: 'cant_update_message' });
  });

  it('returns message metadata only to callers that ask for it', async () => {
    const metadata = { event_type: 'memdesk_effect', event_payload: { effect_key: 'turn-1:customer_reply' } };
    const { ts } = await post('chat.postMessage', { channel: support.id, text: 'with metadata', metadata });
    const plain = await post('conversations.replies', { channel: support.id, ts });
    expect((plain.messages as Record<string, unknown>[])[0]).not.toHaveProperty('metadata');
    const full = await post('conversations.replies', { channel: support.id, ts, include_all_metadata: true });
    expect((full.messages as Record<string, unknown>[])[0]?.metadata).toEqual(metadata);
  });

  it('answers users.info in the documented shape, and user_not_found for anyone else', async () => {
    const known = await post('users.info', { user: 'U0BEN' });
    expect(known).toMatchObject({ ok: true, user: { id: 'U0BEN', real_name: 'Ben Carter', profile: { email: 'ben@northwind.example' } } });
    const documentedUser = documented['users.info.200']?.user as Record<string, unknown>;
    expect(Object.keys(known.user as object)).toEqual(expect.arrayContaining(Object.keys(documentedUser).filter((k) => k !== 'locale')));
    expect(await post('users.info', { user: 'U0NOBODY' })).toEqual(documented['users.info.default']);
  });

  it('answers unknown channels, threads, tokens and methods as Slack does', async () => {
    expect(await post('chat.postMessage', { channel: 'C0NOWHERE', text: 'hello?' })).toEqual({ ok: false, error: 'channel_not_found' });
    expect(await post('conversations.info', { channel: 'C0NOWHERE' })).toEqual(documented['conversations.info.default']);
    expect(await post('conversations.history', { channel: 'C0NOWHERE' })).toEqual(documented['conversations.history.default']);
    expect(await post('conversations.replies', { channel: support.id, ts: '1.000001' })).toEqual(documented['conversations.replies.default']);
    expect(await post('chat.postMessage', { channel: support.id })).toEqual({ ok: false, error: 'no_text' });
    expect(await post('auth.test', {}, null)).toEqual({ ok: false, error: 'not_authed' });
    expect(await post('no.such.method')).toEqual({ ok: false, error: 'unknown_method' });
    expect(api.calls.at(-1)).toMatchObject({ method: 'no.such.method', result: 'unknown_method' });
  });

  it('keeps a note only one person sees, for chat.postEphemeral', async () => {
    const res = await post('chat.postEphemeral', { channel: support.id, user: 'U0BEN', text: 'just for you' });
    expect(res).toMatchObject({ ok: true, message_ts: expect.stringMatching(/^\d+\.\d{6}$/) });
    expect(api.conversations.ephemerals().at(-1)).toMatchObject({ channel: support.id, user: 'U0BEN', text: 'just for you' });
    expect(await post('chat.postEphemeral', { channel: support.id, user: 'U0NOBODY', text: 'x' })).toEqual({ ok: false, error: 'user_not_in_channel' });
  });
});
