// The Slack app running for real: the composed memdesk (policy decider, local memory, SQLite in a
// temp folder), the Bolt HTTP receiver on a free port, and the local Slack Web API it calls.
// Tests speak to it only through signed HTTP requests, as Slack would.
import { rmSync } from 'node:fs';
import { pino } from 'pino';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import type { Memdesk } from '../../src/memdesk.js';
import type { Reader } from '../../src/core/reading.js';
import { createSlackApp, type SlackApp } from '../../src/slack/app.js';
import { testEnv } from '../support/memdesk-env.js';
import { databaseUrlOn, requirePostgres } from '../support/postgres.js';
import { startSlackApiServer, type RecordedCall, type SlackApiServer, type SlackUser } from '../support/slack-api-server.js';
import { postSignedToSlackReceiver, type SlackBody, type SlackPostOptions } from '../support/slack-signing.js';

export const signingSecret = 'test-signing-secret';
export const escalationChannel = 'C0ESCALATE';
export const supportChannel = 'C0SUPPORT';
export const teamId = 'T0MEMDESK';
export const users = { fiona: 'U0FIONA', ben: 'U0BEN', elena: 'U0ELENA', dana: 'U0DANA', sam: 'U0SAM' } as const;

export interface SlackHarness {
  memdesk: Memdesk;
  api: SlackApiServer;
  slack: SlackApp;
  baseUrl: string;
  send(body: SlackBody | string, options?: Partial<SlackPostOptions>): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export async function startSlackHarness(
  opts: { env?: Record<string, string>; users?: SlackUser[]; enterprise?: { id: string; name: string }; inboxLeaseMs?: number; wrapReader?: (reader: Reader) => Reader } = {},
): Promise<SlackHarness> {
  const api = await startSlackApiServer({ teamId, users: opts.users, ...(opts.enterprise ? { enterprise: opts.enterprise } : {}) });
  const env = testEnv({
    SLACK_API_URL: api.apiUrl,
    SLACK_BOT_TOKEN: 'xoxb-memdesk-test',
    SLACK_SIGNING_SECRET: signingSecret,
    ESCALATION_CHANNEL_ID: escalationChannel,
    ...opts.env,
  });
  const config = loadConfig(env);
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const memdesk = await compose(config, { logger, ...(opts.wrapReader ? { wrapReader: opts.wrapReader } : {}) });
  const slack = createSlackApp(memdesk, { config, logger, ...(opts.inboxLeaseMs ? { inboxLeaseMs: opts.inboxLeaseMs } : {}) });
  const { port } = await slack.start(0);
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    memdesk,
    api,
    slack,
    baseUrl,
    send: (body, options) => postSignedToSlackReceiver(`${baseUrl}/slack/events`, body, { signingSecret, ...options }),
    async close() {
      await slack.stop();
      await memdesk.close();
      await api.close();
      // A data dir the test chose outlives this instance (a restart, a second instance on it).
      if (!opts.env?.MEMDESK_DATA_DIR) rmSync(env.MEMDESK_DATA_DIR, { recursive: true, force: true });
    },
  };
}

/** A harness whose memory holds the demo seed (the customers' plans, CSMs and earlier issues), as staff's /seed-memory demo writes it. */
export async function startSeededSlackHarness(opts: Parameters<typeof startSlackHarness>[0] = {}): Promise<SlackHarness> {
  const h = await startSlackHarness(opts);
  await h.memdesk.seed(h.memdesk.demoSeed(), { actor: 'test' });
  return h;
}

/**
 * The records backends a Slack suite runs on, as env for startSlackHarness: SQLite, and PostgreSQL
 * (this file's own schema) when it is reachable (test/support/postgres.ts says what happens when not).
 * Call it once, at the top of the test file.
 */
export async function recordsBackends(): Promise<[name: string, env: Record<string, string>][]> {
  const db = await requirePostgres();
  return db ? [['SQLite', {}], ['PostgreSQL', { DATABASE_URL: databaseUrlOn(db) }]] : [['SQLite', {}]];
}

/** Bolt works after the ack, so assertions wait for the calls they expect, within a bound. */
export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Proves earlier deliveries were worked: the inbox holds nothing pending once the worker is idle. */
export async function inboxSettled(h: SlackHarness): Promise<void> {
  await h.slack.worker.idle();
  await waitFor(async () => (await h.memdesk.delivery.counts()).pending === 0, 'an empty inbox');
  await h.slack.worker.idle();
}

/** What memdesk (or anyone, through the API) posted in the thread of message `ts`. */
export function postsInThread(h: SlackHarness, ts: string): RecordedCall[] {
  return h.api.accepted('chat.postMessage').filter((c) => c.args.thread_ts === ts);
}

/** The calls about one customer message: reactions on it and posts in its thread. */
export function callsFor(api: SlackApiServer, channel: string, ts: string): RecordedCall[] {
  return api.calls.filter(
    (c) => c.args.channel === channel && (c.args.timestamp === ts || c.args.thread_ts === ts || c.args.message_ts === ts),
  );
}

/** Waits for the ✅ (or ⚠️) that ends a ticket turn on message `ts`. */
export function turnDone(api: SlackApiServer, channel: string, ts: string): Promise<RecordedCall> {
  return waitFor(
    () =>
      api.calls.find(
        (c) =>
          c.method === 'reactions.add' &&
          c.result === 'ok' &&
          c.args.channel === channel &&
          c.args.timestamp === ts &&
          (c.args.name === 'white_check_mark' || c.args.name === 'warning'),
      ),
    `the end of the ticket turn on ${channel}/${ts}`,
  );
}

let tsCounter = 0;
/** A fresh Slack message ts, unique within the test run. */
export function nextTs(): string {
  tsCounter += 1;
  return `1764064800.${String(tsCounter).padStart(6, '0')}`;
}

/** A press of one of the escalation post's ticket buttons, as Slack sends it (`user` defaults to Dana, staff). */
export function escalationButtonClick(o: { actionId: string; ticketId: string; blocks: unknown; messageTs: string; responseUrl: string; user?: string }) {
  const user = o.user ?? users.dana;
  return {
    type: 'block_actions',
    team: { id: teamId, domain: 'memdesk-test' },
    user: { id: user, username: user === users.dana ? 'dana' : user.toLowerCase(), team_id: teamId },
    api_app_id: 'A0MEMDESK',
    token: 'verification-token',
    container: { type: 'message', message_ts: o.messageTs, channel_id: escalationChannel, is_ephemeral: false },
    trigger_id: '1.2.3',
    channel: { id: escalationChannel, name: 'support-escalations' },
    message: { type: 'message', user: 'U0MEMDESK', ts: o.messageTs, text: 'Escalation', blocks: o.blocks },
    response_url: o.responseUrl,
    actions: [{ type: 'button', action_id: o.actionId, block_id: 'memdesk_ticket_actions', value: o.ticketId, text: { type: 'plain_text', text: 'x' }, action_ts: '1764064900.000001' }],
  };
}
