// The workspace speaks to the bot as Slack does: requests signed with the app's signing secret.
// The real Bolt receiver accepts what the workspace signs (events, slash commands, button presses),
// refuses the same requests signed with another secret (401, nothing happens), and a delivery the
// app could not take is sent again with X-Slack-Retry-Num.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventDelivery } from '../../src/emulator/event-delivery.js';
import { blockActionsPayload, messageEvents, slashCommandForm, type AppInstall } from '../../src/emulator/payloads.js';
import { postSigned, slackSignature } from '../../src/emulator/signing.js';
import { DEMO_MESSAGE } from '../support/memdesk-env.js';
import { escalationChannel, signingSecret, startSlackHarness, supportChannel, teamId, turnDone, users, waitFor, type SlackHarness } from '../slack/harness.js';

let h: SlackHarness;
let install: AppInstall;
const support = { id: supportChannel, name: 'support', is_private: false, purpose: '' };

beforeAll(async () => {
  h = await startSlackHarness();
  install = { team: { id: teamId, domain: 'memdesk-test' }, apiAppId: 'A0MEMDESK', botUserId: h.api.botUserId };
});
afterAll(async () => {
  await h?.close();
});

const eventsUrl = () => `${h.baseUrl}/slack/events`;
let tsCounter = 0;
const customerMessage = (user: string, text: string) => {
  tsCounter += 1;
  return { type: 'message' as const, user, text, ts: `1764070000.${String(tsCounter).padStart(6, '0')}` };
};

describe('signed delivery to the bot', () => {
  it('signs as Slack documents: v0=HMAC-SHA256 of "v0:<timestamp>:<body>"', () => {
    // Slack's published example (api.slack.com/authentication/verifying-requests-from-slack).
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(slackSignature('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  it('delivers a customer message event the bot accepts and answers in the thread', async () => {
    const message = customerMessage(users.fiona, DEMO_MESSAGE);
    const [envelope] = messageEvents(install, support, message);
    expect(envelope).toMatchObject({ type: 'event_callback', team_id: teamId, event: { type: 'message', channel: supportChannel, channel_type: 'channel', user: users.fiona } });
    const res = await postSigned(eventsUrl(), { json: envelope }, { signingSecret });
    expect(res.status).toBe(200);
    await turnDone(h.api, supportChannel, message.ts);
    expect(h.api.accepted('chat.postMessage').some((c) => c.args.thread_ts === message.ts)).toBe(true);
  });

  it('adds an app_mention event when the text mentions the bot, and the bot handles the message once', async () => {
    const message = customerMessage(users.fiona, `<@${h.api.botUserId}> where can I download my invoices?`);
    const envelopes = messageEvents(install, support, message);
    expect(envelopes.map((e) => (e.event as { type: string }).type)).toEqual(['message', 'app_mention']);
    for (const envelope of envelopes) expect((await postSigned(eventsUrl(), { json: envelope }, { signingSecret })).status).toBe(200);
    await turnDone(h.api, supportChannel, message.ts);
    expect(h.api.accepted('chat.postMessage').filter((c) => c.args.thread_ts === message.ts)).toHaveLength(1);
  });

  it('runs a slash command the bot accepts, answered through the response_url', async () => {
    const form = slashCommandForm(install, {
      command: '/seed-memory',
      text: 'demo',
      user: { id: users.dana, name: 'dana.lee' },
      channel: support,
      responseUrl: `${h.api.responseUrlBase}seed`,
    });
    expect((await postSigned(eventsUrl(), { form }, { signingSecret })).status).toBe(200);
    const answer = await waitFor(() => h.api.calls.find((c) => c.args.response_url_id === 'seed'), 'the /seed-memory answer');
    expect(answer.args).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/^Seeded the demo memories/) });
  });

  it('presses a button the bot accepts, as a block_actions payload', async () => {
    const message = customerMessage(users.ben, DEMO_MESSAGE);
    await postSigned(eventsUrl(), { json: messageEvents(install, support, message)[0] }, { signingSecret });
    await turnDone(h.api, supportChannel, message.ts);
    const escalation = await waitFor(
      () => h.api.accepted('chat.postMessage').find((c) => c.args.channel === escalationChannel && JSON.stringify(c.args.blocks).includes('Ben Carter')),
      "Ben's escalation",
    );
    const ticketId = (await h.memdesk.findTicketByThread(supportChannel, message.ts))?.ticket_id as string;
    const payload = blockActionsPayload(install, {
      user: { id: users.dana, name: 'dana.lee' },
      channel: { id: escalationChannel, name: 'escalations', is_private: false, purpose: '' },
      message: { type: 'message', ts: String(escalation.response.ts), user: h.api.botUserId, text: 'Escalation', blocks: escalation.args.blocks as unknown[] },
      action: { action_id: 'memdesk_take_ticket', block_id: 'memdesk_ticket_actions', value: ticketId, text: 'Take it' },
      responseUrl: `${h.api.responseUrlBase}take`,
    });
    expect((await postSigned(eventsUrl(), { interaction: payload }, { signingSecret })).status).toBe(200);
    await waitFor(async () => (await h.memdesk.tickets.get(ticketId))?.status === 'escalated' && h.api.accepted('chat.update').length > 0, 'Take it');
    expect(JSON.stringify(h.api.accepted('chat.update').at(-1)?.args.blocks)).toContain('Taken by <@U0DANA>');
  });

  it('is refused with 401 when signed with another secret, and nothing happens', async () => {
    const before = h.api.calls.length;
    const message = customerMessage(users.elena, DEMO_MESSAGE);
    const wrong = { signingSecret: 'not-the-apps-secret' };
    expect((await postSigned(eventsUrl(), { json: messageEvents(install, support, message)[0] }, wrong)).status).toBe(401);
    const form = slashCommandForm(install, { command: '/seed-memory', text: 'demo', user: { id: users.dana, name: 'dana.lee' }, channel: support, responseUrl: `${h.api.responseUrlBase}refused` });
    expect((await postSigned(eventsUrl(), { form }, wrong)).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await postSigned(eventsUrl(), { json: messageEvents(install, support, message)[0] }, { signingSecret, timestamp: stale })).status).toBe(401);
    // Give a wrongly accepted request time to show itself.
    await new Promise((r) => setTimeout(r, 300));
    expect(h.api.calls.slice(before)).toEqual([]);
    expect(await h.memdesk.findTicketByThread(supportChannel, message.ts)).toBeUndefined();
  });
});

describe('event delivery', () => {
  it('redelivers with X-Slack-Retry-Num when the app answers 5xx, and stops at a 4xx', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const statuses = [503, 200, 401];
    const app = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on('end', () => res.writeHead(statuses.shift() ?? 200).end());
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/slack/events`;
    try {
      const delivery = createEventDelivery({ target: () => ({ url, signingSecret: 's' }), logger: pino({ level: 'silent' }) });
      expect(await delivery.deliver({ json: { type: 'event_callback' } }, 'test')).toBe(200);
      expect(seen.map((h) => h['x-slack-retry-num'])).toEqual([undefined, '1']);
      expect(await delivery.deliver({ json: { type: 'event_callback' } }, 'test')).toBe(401);
      expect(seen).toHaveLength(3);
      expect(seen.every((h) => String(h['x-slack-signature']).startsWith('v0='))).toBe(true);
    } finally {
      await new Promise<void>((resolve) => app.close(() => resolve()));
    }
  });
});
