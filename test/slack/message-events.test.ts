// classifyMessageEvent over the real payload samples: what becomes a ticket turn and why the rest
// is ignored. The end-to-end files prove the same through the receiver; this one names each reason.
import { describe, expect, it } from 'vitest';
import { classifyMessageEvent, type ChannelRules } from '../../src/slack/message-events.js';
import { eventSample } from './samples.js';

const bot = 'U0MEMDESK';
const rules: ChannelRules = { supportChannelIds: [], escalationChannelId: 'C0ESCALATE', botUserId: bot };
const event = (key: string, o: Partial<Parameters<typeof eventSample>[1]> = {}) =>
  eventSample(key, { channel: 'C0SUPPORT', user: 'U0BEN', ...o }).event;

describe('classifyMessageEvent', () => {
  it.each([
    ['test_message_bot::bot_message_event_payload', 'bot message'],
    ['test_message_bot::classic_bot_message_event_payload', 'bot message'],
    ['test_message_changed::event_payload', 'subtype message_changed'],
    ['test_message_deleted::event_payload', 'subtype message_deleted'],
    ['test_internals::L747', 'subtype channel_join'],
    ['test_internals::L833', 'subtype channel_leave'],
    ['test_events::valid_reaction_added_body', 'event type reaction_added'],
  ])('ignores %s (%s)', (key, reason) => {
    expect(classifyMessageEvent(event(key), rules)).toEqual({ kind: 'ignore', reason });
  });

  it('reads a person’s top-level message as a new ticket on its own thread', () => {
    const e = event('test_message::message_body', { text: 'Hi <@U0DANA|dana>, I was charged twice :rage:' });
    expect(classifyMessageEvent(e, rules)).toEqual({
      kind: 'new_ticket',
      user: 'U0BEN',
      channelId: 'C0SUPPORT',
      ts: e.ts,
      threadTs: e.ts,
      text: 'Hi @dana, I was charged twice 😡',
    });
  });

  it('reads a reply in a thread (and a thread_broadcast) as a thread reply', () => {
    const reply = event('test_message::message_body', { text: 'INV-2041', thread_ts: '1764064000.000100' });
    expect(classifyMessageEvent(reply, rules)).toMatchObject({ kind: 'thread_reply', threadTs: '1764064000.000100', text: 'INV-2041' });
    const broadcast = event('test_message_thread_broadcast::event_payload');
    expect(classifyMessageEvent(broadcast, rules)).toMatchObject({ kind: 'thread_reply', threadTs: '1633663824.000500' });
  });

  it("keeps who wrote a thread's top message (Slack's parent_user_id): a reply under a customer's own follow-up continues their ticket", () => {
    const reply = event('test_message::message_body', { text: 'INV-2041', thread_ts: '1764064000.000100' });
    reply.parent_user_id = 'U0BEN';
    expect(classifyMessageEvent(reply, rules)).toMatchObject({ kind: 'thread_reply', parentUserId: 'U0BEN' });
    // At the top level there is no parent to name.
    const top = event('test_message::message_body', { text: 'INV-2041' });
    expect(classifyMessageEvent(top, rules)).not.toHaveProperty('parentUserId');
  });

  it('ignores pleasantries, in a thread and at the top level', () => {
    const inThread = event('test_message::message_body', { text: 'thanks!', thread_ts: '1764064000.000100' });
    expect(classifyMessageEvent(inThread, rules)).toEqual({ kind: 'ignore', reason: 'pleasantry in a thread' });
    expect(classifyMessageEvent(event('test_message::message_body', { text: 'ok' }), rules)).toEqual({ kind: 'ignore', reason: 'pleasantry' });
    expect(classifyMessageEvent(event('test_message::message_body', { text: 'thanks, but the export still fails' }), rules)).toMatchObject({ kind: 'new_ticket' });
  });

  it('reads staff in a thread as a staff reply (even a "thanks"), and ignores them at the top level', () => {
    const staffRules: ChannelRules = { ...rules, isStaff: ({ user }) => user === 'U0DANA' };
    const reply = event('test_message::message_body', { user: 'U0DANA', text: 'thanks, on it', thread_ts: '1764064000.000100' });
    expect(classifyMessageEvent(reply, staffRules)).toMatchObject({ kind: 'staff_reply', user: 'U0DANA', threadTs: '1764064000.000100' });
    const announce = event('test_message::message_body', { user: 'U0DANA', text: 'Maintenance tonight' });
    expect(classifyMessageEvent(announce, staffRules)).toEqual({ kind: 'ignore', reason: 'staff message at the top level' });
  });

  it('names shared files, so a file-only message is still a request', () => {
    const withText = event('test_message_file_share::event_payload');
    expect(classifyMessageEvent(withText, rules)).toMatchObject({ text: 'Hi there! (shared a file: file.png)' });
    const fileOnly = event('test_message_file_share::event_payload', { text: '' });
    expect(classifyMessageEvent(fileOnly, rules)).toMatchObject({ kind: 'new_ticket', text: '(shared a file: file.png)' });
    const noNames = event('test_internals::L861', { ts: '1764064000.000200' });
    expect(classifyMessageEvent(noNames, rules)).toMatchObject({ kind: 'new_ticket', text: '(shared a file)' });
  });

  it("drops the bot's mention from an app_mention", () => {
    const mention = eventSample('test_app::app_mention_event_body', { channel: 'C0SUPPORT', botUser: bot, user: 'U0FIONA' }).event;
    expect(classifyMessageEvent(mention, rules)).toMatchObject({ kind: 'new_ticket', user: 'U0FIONA', text: 'Hi there!' });
  });

  it('keeps to the support channels when they are set, but answers a mention anywhere but escalations', () => {
    const only: ChannelRules = { ...rules, supportChannelIds: ['C0NORTHWIND'] };
    const elsewhere = event('test_message::message_body', { channel: 'C0RANDOM' });
    expect(classifyMessageEvent(elsewhere, only)).toEqual({ kind: 'ignore', reason: 'not a support channel' });
    expect(classifyMessageEvent(event('test_message::message_body', { channel: 'C0NORTHWIND' }), only)).toMatchObject({ kind: 'new_ticket' });
    const mention = eventSample('test_app::app_mention_event_body', { channel: 'C0RANDOM', botUser: bot, user: 'U0BEN' }).event;
    expect(classifyMessageEvent(mention, only)).toMatchObject({ kind: 'new_ticket' });
    const inEscalations = event('test_message::message_body', { channel: 'C0ESCALATE' });
    expect(classifyMessageEvent(inEscalations, rules)).toEqual({ kind: 'ignore', reason: 'escalation channel' });
  });

  it("ignores the app's own user", () => {
    expect(classifyMessageEvent(event('test_message::message_body', { user: bot }), rules)).toEqual({ kind: 'ignore', reason: "the app's own message" });
  });
});
