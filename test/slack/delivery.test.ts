// How Slack actually delivers, and how it fails: retries and duplicates (processed exactly once),
// an inbox write that fails (500, so Slack delivers it again),
// bad and stale signatures (401, nothing done), a customer trying a staff command (refused),
// users.info failing (the ticket goes on as an unknown sender), and a 429 on the reply (posted once).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MESSAGE } from '../support/memdesk-env.js';
import { callsFor, startSlackHarness, supportChannel, turnDone, users, waitFor, type SlackHarness } from './harness.js';
import { messageEvent, slashCommandBody } from './samples.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness({ users: [{ id: 'U0NEWGLOBEX', name: 'jo', email: 'jo@globex.example' }] });
});
afterAll(async () => {
  await h?.close();
});

const ticketsOnThread = async (ts: string) => (await h.memdesk.tickets.list()).filter((t) => t.slack_thread_ts === ts);
const repliesIn = (ts: string) => h.api.accepted('chat.postMessage').filter((c) => c.args.thread_ts === ts);

describe('Slack redelivery', () => {
  it('processes an event exactly once across retries and duplicate deliveries', async () => {
    const event = messageEvent({ channel: supportChannel, user: users.ben, text: DEMO_MESSAGE });
    const ts = event.event.ts as string;
    const deliveries = await Promise.all([
      h.send({ json: event }),
      h.send({ json: event }, { retryNum: 1, retryReason: 'http_timeout' }),
    ]);
    expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
    await turnDone(h.api, supportChannel, ts);
    await h.send({ json: event }, { retryNum: 2, retryReason: 'http_timeout' });
    // The same message under a new event id (Slack re-sent it as a new event).
    await h.send({ json: { ...event, event_id: 'Ev0OTHERID' } });
    const later = messageEvent({ channel: supportChannel, user: users.fiona, text: 'Can I change my billing email?' });
    await h.send({ json: later });
    await turnDone(h.api, supportChannel, later.event.ts as string);

    expect(await ticketsOnThread(ts)).toHaveLength(1);
    expect(repliesIn(ts)).toHaveLength(1);
    const reactions = callsFor(h.api, supportChannel, ts).filter((c) => c.method === 'reactions.add').map((c) => c.args.name);
    expect(reactions).toEqual(['eyes', 'white_check_mark']);
  });
});

describe('an inbox write that fails', () => {
  it('is not acknowledged with 200, so Slack delivers it again, and the redelivery is answered once', async () => {
    const event = messageEvent({ channel: supportChannel, user: users.fiona, text: 'Where do I find my invoices?' });
    const ts = event.event.ts as string;
    const realAccept = h.memdesk.delivery.accept.bind(h.memdesk.delivery);
    h.memdesk.delivery.accept = async () => {
      throw new Error('disk full');
    };
    try {
      expect((await h.send({ json: event })).status).toBe(500);
    } finally {
      h.memdesk.delivery.accept = realAccept;
    }
    expect((await h.send({ json: event }, { retryNum: 1, retryReason: 'http_error' })).status).toBe(200);
    await turnDone(h.api, supportChannel, ts);
    expect(await ticketsOnThread(ts)).toHaveLength(1);
    expect(repliesIn(ts)).toHaveLength(1);
  });
});

describe('an effect record that fails after its post went out', () => {
  it('leaves the item to be resumed, and the resumed turn finds the reply in Slack instead of posting it again', { timeout: 30_000 }, async () => {
    // A short lease, so the item left pending is taken again within the test.
    const h2 = await startSlackHarness({ inboxLeaseMs: 300 });
    try {
      const event = messageEvent({ channel: supportChannel, user: users.fiona, text: 'Where do I find my invoices?' });
      const ts = event.event.ts as string;
      const realRecord = h2.memdesk.delivery.recordEffect.bind(h2.memdesk.delivery);
      let failures = 0;
      h2.memdesk.delivery.recordEffect = async (key, status, result) => {
        if (key.endsWith(':customer_reply') && failures++ === 0) throw new Error('disk full');
        return realRecord(key, status, result);
      };
      await h2.send({ json: event });
      await turnDone(h2.api, supportChannel, ts);
      await waitFor(async () => {
        h2.slack.worker.kick();
        return (await h2.memdesk.delivery.counts()).done === 1;
      }, 'the resumed item to be done');
      // The second record is the resumed run's, of the reply it found in Slack.
      expect(failures).toBe(2);
      expect(h2.api.accepted('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
      // Reactions keep no record: the resumed run adds them again and Slack answers already_reacted.
      const reactions = callsFor(h2.api, supportChannel, ts).filter((c) => c.method === 'reactions.add' && c.result === 'ok').map((c) => c.args.name);
      expect(reactions).toEqual(['eyes', 'white_check_mark']);
    } finally {
      await h2.close();
    }
  });
});

describe('request signatures', () => {
  it.each([
    ['a signature made with another secret', { signingSecret: 'not-the-secret' }],
    ['a stale timestamp (10 minutes old)', { timestamp: Math.floor(Date.now() / 1000) - 600 }],
    ['a malformed signature', { signature: 'v0=deadbeef' }],
  ])('answers 401 to %s and does nothing', async (_name, options) => {
    const before = h.api.calls.length;
    const event = messageEvent({ channel: supportChannel, user: users.ben, text: DEMO_MESSAGE });
    const res = await h.send({ json: event }, options);
    expect(res.status).toBe(401);
    const command = slashCommandBody({ command: '/seed-memory', text: 'demo', user: users.dana, channel: supportChannel, responseUrl: `${h.api.responseUrlBase}unsigned` });
    expect((await h.send(command, options)).status).toBe(401);
    // Let a real ticket finish so anything the forged requests had started would have shown.
    const later = messageEvent({ channel: 'C0SENTINEL', user: users.fiona, text: 'Where are my invoices?' });
    await h.send({ json: later });
    await turnDone(h.api, 'C0SENTINEL', later.event.ts as string);
    expect(h.api.calls.slice(before).filter((c) => c.args.channel !== 'C0SENTINEL')).toEqual([]);
    expect(await ticketsOnThread(event.event.ts as string)).toHaveLength(0);
    expect(await h.memdesk.memory.list({ kind: 'account', id: 'acct_globex' })).toHaveLength(0);
  });
});

describe('staff commands from someone who is not staff', () => {
  it('refuses /seed-memory politely and writes nothing', async () => {
    const body = slashCommandBody({ command: '/seed-memory', text: 'demo', user: users.ben, channel: supportChannel, responseUrl: `${h.api.responseUrlBase}ben-seed` });
    const res = await h.send(body);
    expect(res.status).toBe(200);
    const reply = await waitFor(() => h.api.calls.find((c) => c.args.response_url_id === 'ben-seed'), 'the refusal');
    expect(reply.args.response_type).toBe('ephemeral');
    expect(reply.args.text).toMatch(/^Sorry, `\/seed-memory` is for the support team only, so nothing was changed/);
    for (const id of ['acct_globex', 'acct_northwind', 'acct_fiona_studio']) {
      expect(await h.memdesk.memory.list({ kind: 'account', id })).toHaveLength(0);
    }
    const ops = await h.memdesk.operationLog.read({});
    expect(ops.some((o) => o.kind === 'memory_seeded')).toBe(false);
  });
});

describe('identity from users.info', () => {
  it('places an unknown Slack user by the email domain users.info returns', async () => {
    const event = messageEvent({ channel: supportChannel, user: 'U0NEWGLOBEX', text: DEMO_MESSAGE });
    await h.send({ json: event });
    const ts = event.event.ts as string;
    await turnDone(h.api, supportChannel, ts);
    expect(h.api.calls.filter((c) => c.method === 'users.info').at(-1)?.args.user).toBe('U0NEWGLOBEX');
    expect((await ticketsOnThread(ts))[0]).toMatchObject({ account_id: 'acct_globex' });
  });

  it('goes on as an unknown sender when users.info fails, and asks who they are', async () => {
    h.api.failNext('users.info', { kind: 'error', error: 'fatal_error' });
    const event = messageEvent({ channel: supportChannel, user: 'U0STRANGER', text: DEMO_MESSAGE });
    await h.send({ json: event });
    const ts = event.event.ts as string;
    const done = await turnDone(h.api, supportChannel, ts);
    expect(done.args.name).toBe('white_check_mark');
    expect(h.api.calls.some((c) => c.method === 'users.info' && c.result === 'fatal_error')).toBe(true);
    expect((await ticketsOnThread(ts))[0]).toMatchObject({ customer_id: 'unknown_U0STRANGER' });
    const [reply] = repliesIn(ts);
    expect(String(reply?.args.text)).toMatch(/company|who/i);
  });
});

describe('rate limits', () => {
  it('waits out a 429 on chat.postMessage and posts the reply once', async () => {
    h.api.failNext('chat.postMessage', { kind: 'rate_limited', retryAfterSeconds: 1 });
    const event = messageEvent({ channel: supportChannel, user: users.fiona, text: DEMO_MESSAGE });
    await h.send({ json: event });
    const ts = event.event.ts as string;
    await turnDone(h.api, supportChannel, ts);
    const attempts = h.api.calls.filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts === ts);
    expect(attempts.map((c) => c.result)).toEqual(['rate_limited', 'ok']);
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('does not retry a post that failed for another reason (it might have gone out)', async () => {
    h.api.failNext('chat.postMessage', { kind: 'http_status', status: 503 });
    const event = messageEvent({ channel: supportChannel, user: users.fiona, text: 'How do I add a teammate?' });
    await h.send({ json: event });
    const ts = event.event.ts as string;
    const done = await turnDone(h.api, supportChannel, ts);
    expect(done.args.name).toBe('warning');
    expect(h.api.calls.filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts === ts)).toHaveLength(1);
  });

  // Last in this file: the thread stays unread for the 30 s this 429 asks.
  it('answers at once when the thread read before the reply gets a 429, and reads no thread until its Retry-After has passed', async () => {
    h.api.failNext('conversations.replies', { kind: 'rate_limited', retryAfterSeconds: 30 });
    const readsBefore = h.api.calls.filter((c) => c.method === 'conversations.replies').length;
    const first = messageEvent({ channel: supportChannel, user: users.fiona, text: 'How do I export my reports to CSV?' });
    await h.send({ json: first });
    expect((await turnDone(h.api, supportChannel, first.event.ts as string)).args.name).toBe('white_check_mark');
    const second = messageEvent({ channel: supportChannel, user: users.fiona, text: 'And can I schedule that export?' });
    await h.send({ json: second });
    expect((await turnDone(h.api, supportChannel, second.event.ts as string)).args.name).toBe('white_check_mark');

    expect(repliesIn(first.event.ts as string)).toHaveLength(1);
    expect(repliesIn(second.event.ts as string)).toHaveLength(1);
    // One read, the 429: not waited out, not tried again, not tried for the next reply either.
    expect(h.api.calls.filter((c) => c.method === 'conversations.replies').slice(readsBefore).map((c) => c.result)).toEqual(['rate_limited']);
  });
});
