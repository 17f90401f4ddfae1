// Which front door createSlackApp builds from config, and that every Web API call, Socket Mode's
// included, goes to SLACK_API_URL. Also that the local API's answers keep Slack's documented shape.
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { createSlackApp } from '../../src/slack/app.js';
import { testEnv, testMemdesk } from '../support/memdesk-env.js';
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server.js';
import { webApiExamples } from './samples.js';

const logger = pino({ level: 'silent' });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(env: Record<string, string>) {
  const api = await startSlackApiServer();
  const memdesk = await testMemdesk();
  cleanups.push(() => api.close(), () => memdesk.cleanup());
  const config = loadConfig(testEnv({ SLACK_API_URL: api.apiUrl, ...env }));
  return { api, memdesk, config };
}

describe('createSlackApp', () => {
  it('needs a bot token, and a signing secret unless it runs in Socket Mode', async () => {
    const { memdesk, config } = await setup({});
    expect(() => createSlackApp(memdesk, { config, logger })).toThrow(expect.objectContaining({ code: 'config_invalid' }));
    expect(() => createSlackApp(memdesk, { config: { ...config, SLACK_BOT_TOKEN: 'xoxb-1' }, logger })).toThrow(/SLACK_SIGNING_SECRET/);
  });

  it('fails at start, not at the first event, when Slack rejects the bot token', async () => {
    const { api, memdesk, config } = await setup({ SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_SIGNING_SECRET: 's' });
    api.failNext('auth.test', { kind: 'error', error: 'invalid_auth' });
    const slack = createSlackApp(memdesk, { config, logger });
    await expect(slack.start(0)).rejects.toThrow(/invalid_auth/);
  });

  it('opens Socket Mode through SLACK_API_URL when SLACK_APP_TOKEN is set', async () => {
    const { api, memdesk, config } = await setup({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    // An unrecoverable answer, so the client stops instead of reconnecting forever.
    api.failNext('apps.connections.open', { kind: 'error', error: 'invalid_auth' });
    const slack = createSlackApp(memdesk, { config, logger });
    await expect(slack.start(0)).rejects.toThrow(/invalid_auth/);
    // Bolt checks the token; memdesk asks for its own Slack team (who is staff in a shared channel).
    expect(api.calls.map((c) => c.method)).toEqual(['auth.test', 'auth.test', 'apps.connections.open']);
  });
});

describe('the local Slack Web API', () => {
  let api: SlackApiServer;
  const call = async (method: string, args: Record<string, string>) => {
    const res = await fetch(`${api.apiUrl}${method}`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-1', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(args).toString(),
    });
    return (await res.json()) as Record<string, unknown>;
  };

  it.each([
    ['chat.postMessage', { channel: 'C1', text: 'hi' }],
    ['users.info', { user: 'U0KNOWN' }],
    ['conversations.info', { channel: 'C1' }],
    ['auth.test', {}],
  ])('answers %s with the keys of Slack’s documented example', async (method, args) => {
    api = await startSlackApiServer({ users: [{ id: 'U0KNOWN', email: 'k@example.com' }] });
    cleanups.push(() => api.close());
    const documented = webApiExamples[`${method}.200`] as Record<string, unknown>;
    const ours = await call(method, args);
    expect(Object.keys(ours)).toEqual(expect.arrayContaining(Object.keys(documented)));
    const nested = method === 'users.info' ? 'user' : method === 'conversations.info' ? 'channel' : undefined;
    if (nested) {
      const documentedKeys = Object.keys(documented[nested] as object).filter((k) => k !== 'last_read' && k !== 'locale');
      expect(Object.keys(ours[nested] as object)).toEqual(expect.arrayContaining(documentedKeys));
    }
  });

  it('answers unknown users and unauthenticated calls as Slack does', async () => {
    api = await startSlackApiServer();
    cleanups.push(() => api.close());
    expect(await call('users.info', { user: 'U0NOBODY' })).toEqual(webApiExamples['users.info.default']);
    const res = await fetch(`${api.apiUrl}auth.test`, { method: 'POST' });
    expect(await res.json()).toEqual({ ok: false, error: 'not_authed' });
  });
});
