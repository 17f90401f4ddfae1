// Events that must not become tickets, sent as the real payload samples through the signed receiver:
// other bots' and the app's own messages, edits, deletions, joins, the escalation channel, and a
// pleasantry in a ticket's thread. And the two that must: a file share and an app mention.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MESSAGE } from '../support/memdesk-env.js';
import { callsFor, escalationChannel, startSlackHarness, supportChannel, turnDone, users, type SlackHarness } from './harness.js';
import { eventSample, messageEvent } from './samples.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => {
  await h?.close();
});

// Ignored events go to their own channel, so "nothing happened" is "no call names that channel".
const quietChannel = 'C0QUIET';
const sentinelChannel = 'C0SENTINEL';

/** A ticket turn that finishes after the events above it were read (Bolt handles events concurrently). */
async function settle(): Promise<void> {
  const event = messageEvent({ channel: sentinelChannel, user: users.fiona, text: 'How do I export my data?' });
  await h.send({ json: event });
  await turnDone(h.api, sentinelChannel, event.event.ts as string);
}

describe('events that are not tickets', () => {
  const samples: [string, string, Partial<Parameters<typeof eventSample>[1]>][] = [
    ['another app’s bot message', 'test_message_bot::bot_message_event_payload', {}],
    ['a classic bot_message', 'test_message_bot::classic_bot_message_event_payload', {}],
    ['a bot_message posted through response_url', 'test_events_ignore_self::response_url_message_event', {}],
    ['message_changed', 'test_message_changed::event_payload', { user: users.ben }],
    ['message_deleted', 'test_message_deleted::event_payload', { user: users.ben }],
    ['channel_join', 'test_internals::L747', { user: users.ben }],
    ['channel_leave', 'test_internals::L833', { user: users.ben }],
  ];

  it.each(samples)('ignores %s', async (_name, key, overrides) => {
    const before = h.api.calls.length;
    const res = await h.send({ json: eventSample(key, { channel: quietChannel, ...overrides }) });
    expect(res.status).toBe(200);
    await settle();
    expect(h.api.calls.slice(before).filter((c) => c.args.channel === quietChannel)).toEqual([]);
  });

  it("ignores the app's own message", async () => {
    const before = h.api.calls.length;
    const event = messageEvent({ channel: quietChannel, user: h.api.botUserId, text: 'Thanks, Ben. I have passed this on.' });
    await h.send({ json: event });
    await settle();
    expect(h.api.calls.slice(before).filter((c) => c.args.channel === quietChannel)).toEqual([]);
  });

  it('ignores people writing in the escalation channel', async () => {
    const before = h.api.calls.length;
    const event = messageEvent({ channel: escalationChannel, user: users.dana, text: 'Who is on call for billing today?' });
    await h.send({ json: event });
    await settle();
    expect(h.api.calls.slice(before).filter((c) => c.args.channel === escalationChannel)).toEqual([]);
  });

  it('ignores "thanks!" and "ok" in a ticket thread but not a real follow-up', async () => {
    const top = messageEvent({ channel: supportChannel, user: users.ben, text: DEMO_MESSAGE });
    await h.send({ json: top });
    const ts = top.event.ts as string;
    await turnDone(h.api, supportChannel, ts);
    // The last two close ABCD's sample dialogues (abcd_sample.json, convo 9489 turn 18 and convo 3592 turn 25):
    // each was answered "Could you tell me a bit more about what you need help with?".
    const pleasantries = ['thanks!', 'ok', 'Thank you so much :pray:', '👍', 'great thanks for your help', 'Thanks for trying to help.'];
    const sent = [];
    for (const text of pleasantries) {
      const reply = messageEvent({ channel: supportChannel, user: users.ben, text, thread_ts: ts });
      await h.send({ json: reply });
      sent.push(reply.event.ts as string);
    }
    await settle();
    for (const replyTs of sent) expect(callsFor(h.api, supportChannel, replyTs)).toEqual([]);
    expect(h.api.accepted('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
  });
});

describe('events that are tickets', () => {
  it('turns a file-only message into a ticket that asks what the file is about', async () => {
    const event = eventSample('test_message_file_share::event_payload', { channel: supportChannel, user: users.fiona, text: '' });
    await h.send({ json: event });
    const ts = event.event.ts as string;
    await turnDone(h.api, supportChannel, ts);
    const ticket = (await h.memdesk.tickets.list()).find((t) => t.slack_thread_ts === ts);
    expect(ticket?.message).toBe('(shared a file: file.png)');
    expect(h.api.accepted('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
  });

  it('keeps the words of a file share with text', async () => {
    const event = eventSample('test_message_file_share::event_payload', { channel: supportChannel, user: users.fiona });
    await h.send({ json: event });
    const ts = event.event.ts as string;
    await turnDone(h.api, supportChannel, ts);
    const ticket = (await h.memdesk.tickets.list()).find((t) => t.slack_thread_ts === ts);
    expect(ticket?.message).toBe('Hi there! (shared a file: file.png)');
  });

  it('treats an app mention as a ticket, once, even though Slack also sends it as a message', async () => {
    const mention = eventSample('test_app::app_mention_event_body', { channel: supportChannel, botUser: h.api.botUserId, user: users.fiona });
    mention.event.text = `<@${h.api.botUserId}> my invoice shows the wrong <https://example.com/billing|billing address> :confused:`;
    const ts = mention.event.ts as string;
    const asMessage = messageEvent({ channel: supportChannel, user: users.fiona, text: mention.event.text as string, ts });
    await h.send({ json: mention });
    await h.send({ json: asMessage });
    await turnDone(h.api, supportChannel, ts);
    await settle();
    const tickets = (await h.memdesk.tickets.list()).filter((t) => t.slack_thread_ts === ts);
    expect(tickets).toHaveLength(1);
    expect(tickets[0]?.message).toBe('my invoice shows the wrong billing address (https://example.com/billing) 😕');
    expect(h.api.accepted('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
  });
});
