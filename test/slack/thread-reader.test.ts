// The read of a customer's thread right before a reply (thread-reader.ts): who wrote what, as support sees
// them, and a 429 that fails the read at once and keeps the next reads off Slack until its Retry-After.
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkingThreadReader } from '../../src/slack/thread-reader.js';
import { webClientOptions } from '../../src/slack/web-api-options.js';
import { startSlackApiServer, type SlackApiServer } from '../support/api-server.js';

const channel = 'C0SUPPORT';
const customer = 'U0BEN';
const staffMember = 'U0DANA';

let api: SlackApiServer;
beforeAll(async () => {
  api = await startSlackApiServer();
});
afterAll(async () => {
  await api?.close();
});

const reader = () => checkingThreadReader('xoxb-test', webClientOptions({ SLACK_API_URL: api.apiUrl }), { isStaffSender: async ({ user }) => user === staffMember });
const repliesAsked = () => api.calls.filter((c) => c.method === 'conversations.replies');

describe('the thread read before a reply', () => {
  it('reads each message with who wrote it', async () => {
    const question = api.conversations.post(channel, { user: customer, text: 'I was charged twice' });
    api.conversations.post(channel, { user: staffMember, text: 'Looking into it now', thread_ts: question.ts });
    const messages = await reader().read(channel, question.ts);
    expect(messages.map((m) => [m.from, m.user, m.text])).toEqual([
      ['customer', customer, 'I was charged twice'],
      ['staff', staffMember, 'Looking into it now'],
    ]);
  });

  it('fails at once on a 429 and asks Slack nothing more until its Retry-After has passed', async () => {
    const question = api.conversations.post(channel, { user: customer, text: 'Sync is failing' });
    const thread = reader();
    api.failNext('conversations.replies', { kind: 'rate_limited', retryAfterSeconds: 30 });
    const before = repliesAsked().length;
    await expect(thread.read(channel, question.ts)).rejects.toMatchObject({ code: webApi.ErrorCode.RateLimitedError, retryAfter: 30 });
    await expect(thread.read(channel, question.ts)).rejects.toThrow(/rate limited/);
    expect(repliesAsked().slice(before).map((c) => c.result)).toEqual(['rate_limited']);
  });
});
