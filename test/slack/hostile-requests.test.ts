// 200 malformed or hostile requests at the door: each gets the right 4xx (or a logged ignore), the
// process keeps serving, and nothing is recorded — no ticket, no inbox row, no Slack call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackSignature } from '../support/slack-signing.js';
import { signingSecret, startSlackHarness, supportChannel, teamId, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => {
  await h.close();
});

const now = () => Math.floor(Date.now() / 1000);
async function raw(body: string, headers: Record<string, string>) {
  const res = await fetch(`${h.baseUrl}/slack/events`, { method: 'POST', headers, body });
  return res.status;
}
function signed(text: string, contentType = 'application/json', ts = now()) {
  return { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(signingSecret, ts, text) };
}
const message = (i: number) =>
  JSON.stringify({
    type: 'event_callback',
    team_id: teamId,
    event_id: `EvHostile${i}`,
    event_time: now(),
    event: { type: 'message', channel: supportChannel, user: 'U0BEN', text: 'I was charged twice', ts: `1700000000.${String(i).padStart(6, '0')}` },
  });

const kinds: { name: string; expect: (s: number) => boolean; send: (i: number) => Promise<number> }[] = [
  { name: 'bad signature', expect: (s) => s === 401, send: (i) => raw(message(i), { ...signed(message(i)), 'x-slack-signature': 'v0=deadbeef' }) },
  { name: 'missing signature headers', expect: (s) => s === 401, send: (i) => raw(message(i), { 'content-type': 'application/json' }) },
  { name: 'replayed timestamp (10 minutes old)', expect: (s) => s === 401, send: (i) => raw(message(i), signed(message(i), 'application/json', now() - 600)) },
  { name: 'signed but not JSON', expect: (s) => s >= 400 && s < 500, send: () => raw('{"type": "event_callback", ', signed('{"type": "event_callback", ')) },
  { name: 'huge body (2 MB)', expect: (s) => s === 413 || s === 401, send: (i) => { const big = JSON.stringify({ type: 'event_callback', event_id: `EvBig${i}`, event: { type: 'message', text: 'x'.repeat(2_000_000) } }); return raw(big, signed(big)); } },
  { name: 'wrong content type', expect: (s) => s >= 400 && s < 500, send: (i) => raw(message(i), signed(message(i), 'text/plain')) },
  { name: 'unknown event type', expect: (s) => s === 200, send: (i) => { const b = JSON.stringify({ type: 'event_callback', team_id: teamId, event_id: `EvOdd${i}`, event: { type: 'tokens_revoked_v9', user: 'U0BEN' } }); return raw(b, signed(b)); } },
  { name: 'unknown envelope type', expect: (s) => s >= 200 && s < 500, send: () => { const b = JSON.stringify({ type: 'surprise' }); return raw(b, signed(b)); } },
];

describe('hostile requests at /slack/events', () => {
  it('answers each with the right status, keeps serving, and records nothing', async () => {
    const results: { kind: string; status: number }[] = [];
    for (let i = 0; i < 200; i++) {
      const kind = kinds[i % kinds.length]!;
      results.push({ kind: kind.name, status: await kind.send(i) });
    }
    const wrong = results.filter((r) => !kinds.find((k) => k.name === r.kind)!.expect(r.status));
    expect(wrong).toEqual([]);
    const health = await fetch(`${h.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    await h.slack.worker.idle();
    expect(await h.memdesk.tickets.list()).toEqual([]);
    expect(await h.memdesk.delivery.counts()).toEqual({ pending: 0, done: 0, failed: 0 });
    expect(h.api.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });
});
