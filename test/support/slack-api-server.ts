// A Slack Web API on loopback: answers /api/<method> the way slack.com does for the methods memdesk
// calls (form or JSON bodies, as @slack/web-api sends them), records every call, and can be told to
// fail the next call to a method (429 with Retry-After, or an `ok: false` error). Response shapes
// follow Slack's documented examples (../shared/data/slack/web_api_examples_from_openapi.json).
// Also receives `response_url` posts (slash commands, buttons) at /response/<id>.
// No test-framework imports: the local workspace may serve it from `npm start` too.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  /** What the server answered: `ok`, `rate_limited` (429) or the `error` it returned. */
  result: 'ok' | 'rate_limited' | string;
  /** The JSON body sent back, e.g. a post's `ts`. */
  response: Record<string, unknown>;
  at: number;
}

export type Fault =
  | { kind: 'rate_limited'; retryAfterSeconds?: number }
  | { kind: 'error'; error: string }
  /** An HTTP failure such as 503; the request may or may not have taken effect. */
  | { kind: 'http_status'; status: number };

export interface SlackUser {
  id: string;
  name?: string;
  real_name?: string;
  email?: string;
  is_bot?: boolean;
}

export interface SlackApiServerOptions {
  botUserId?: string;
  botId?: string;
  teamId?: string;
  users?: SlackUser[];
}

export interface SlackApiServer {
  /** Base URL for SLACK_API_URL, ending in /api/. */
  apiUrl: string;
  /** Base for response_url values, e.g. `${responseUrlBase}cmd1`. */
  responseUrlBase: string;
  port: number;
  botUserId: string;
  botId: string;
  calls: RecordedCall[];
  /** Calls to one method that Slack accepted. */
  accepted(method: string): RecordedCall[];
  /** The next `times` calls to `method` fail with `fault`. */
  failNext(method: string, fault: Fault, times?: number): void;
  addUser(user: SlackUser): void;
  reset(): void;
  close(): Promise<void>;
}

type Handler = (args: Record<string, unknown>) => Record<string, unknown>;

export async function startSlackApiServer(options: SlackApiServerOptions = {}): Promise<SlackApiServer> {
  const botUserId = options.botUserId ?? 'U0MEMDESK';
  const botId = options.botId ?? 'B0MEMDESK';
  const teamId = options.teamId ?? 'T0MEMDESK';
  const users = new Map((options.users ?? []).map((u) => [u.id, u]));
  const faults = new Map<string, Fault[]>();
  const calls: RecordedCall[] = [];
  let clock = 1_764_000_000; // message ts seconds; increases per post so every ts is unique
  const nextTs = () => `${clock++}.${String(calls.length).padStart(6, '0')}`;

  const handlers: Record<string, Handler> = {
    'auth.test': () => ({
      ok: true,
      url: 'https://memdesk-test.slack.com/',
      team: 'memdesk test',
      user: 'memdesk',
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
    }),
    'chat.postMessage': (args) => {
      const ts = nextTs();
      return {
        ok: true,
        channel: args.channel,
        ts,
        message: { type: 'message', subtype: 'bot_message', bot_id: botId, user: botUserId, text: args.text, ts, ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}), ...(args.blocks ? { blocks: args.blocks } : {}) },
      };
    },
    'chat.update': (args) => ({ ok: true, channel: args.channel, ts: args.ts, text: args.text, message: { text: args.text, blocks: args.blocks } }),
    'chat.postEphemeral': () => ({ ok: true, message_ts: nextTs() }),
    'chat.getPermalink': (args) => ({
      ok: true,
      channel: args.channel,
      permalink: `https://memdesk-test.slack.com/archives/${String(args.channel)}/p${String(args.message_ts).replace('.', '')}`,
    }),
    'reactions.add': () => ({ ok: true }),
    'users.info': (args) => {
      const user = users.get(String(args.user));
      if (!user) return { ok: false, error: 'user_not_found' };
      return { ok: true, user: slackUserObject(user, teamId) };
    },
    'conversations.info': (args) => ({ ok: true, channel: conversationObject(String(args.channel)) }),
  };

  const server = createServer((req, res) => {
    void answer(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    });
  });

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const args = parseBody(await readBody(req), req.headers['content-type']);
    if (path.startsWith('/response/')) {
      const response = { ok: true };
      calls.push({ method: 'response_url', args: { ...args, response_url_id: path.slice('/response/'.length) }, result: 'ok', response, at: Date.now() });
      return sendJson(res, 200, response);
    }
    const method = path.startsWith('/api/') ? path.slice('/api/'.length) : '';
    const authorised = typeof req.headers.authorization === 'string' || typeof args.token === 'string';
    const reply = (status: number, result: string, response: Record<string, unknown>) => {
      calls.push({ method, args: withoutToken(args), result, response, at: Date.now() });
      sendJson(res, status, response);
    };

    const fault = faults.get(method)?.shift();
    if (fault?.kind === 'rate_limited') {
      res.setHeader('retry-after', String(fault.retryAfterSeconds ?? 1));
      return reply(429, 'rate_limited', { ok: false, error: 'ratelimited' });
    }
    if (fault?.kind === 'error') return reply(200, fault.error, { ok: false, error: fault.error });
    if (fault?.kind === 'http_status') return reply(fault.status, `http_${fault.status}`, { ok: false, error: 'service_unavailable' });
    if (!authorised) return reply(200, 'not_authed', { ok: false, error: 'not_authed' });
    const handler = handlers[method];
    const response = handler ? handler(args) : { ok: false, error: 'unknown_method' };
    return reply(200, response.ok === true ? 'ok' : String(response.error), response);
  }

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  const origin = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${origin}/api/`,
    responseUrlBase: `${origin}/response/`,
    port,
    botUserId,
    botId,
    calls,
    accepted: (method) => calls.filter((c) => c.method === method && c.result === 'ok'),
    failNext(method, fault, times = 1) {
      const queue = faults.get(method) ?? [];
      for (let i = 0; i < times; i += 1) queue.push(fault);
      faults.set(method, queue);
    },
    addUser: (user) => void users.set(user.id, user),
    reset() {
      calls.length = 0;
      faults.clear();
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** @slack/web-api posts forms whose object values (blocks, attachments) are JSON strings. */
function parseBody(body: string, contentType: string | undefined): Record<string, unknown> {
  if (body === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(body) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    args[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return args;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function withoutToken(args: Record<string, unknown>): Record<string, unknown> {
  const { token: _token, ...rest } = args;
  return rest;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

// Shaped like the documented users.info 200 example, with this user's values.
function slackUserObject(user: SlackUser, teamId: string): Record<string, unknown> {
  const name = user.name ?? user.id.toLowerCase();
  const realName = user.real_name ?? name;
  return {
    id: user.id,
    team_id: teamId,
    name,
    deleted: false,
    color: '9f69e7',
    real_name: realName,
    tz: 'Europe/London',
    tz_label: 'Greenwich Mean Time',
    tz_offset: 0,
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: user.is_bot ?? false,
    is_app_user: false,
    has_2fa: false,
    updated: 1_764_000_000,
    profile: {
      real_name: realName,
      real_name_normalized: realName,
      display_name: name,
      display_name_normalized: name,
      ...(user.email ? { email: user.email } : {}),
      team: teamId,
    },
  };
}

// Shaped like the documented conversations.info 200 example.
function conversationObject(id: string): Record<string, unknown> {
  const name = id.toLowerCase();
  return {
    id,
    name,
    name_normalized: name,
    created: 1_764_000_000,
    creator: 'U0CREATOR',
    is_archived: false,
    is_channel: true,
    is_ext_shared: false,
    is_general: false,
    is_group: false,
    is_im: false,
    is_member: true,
    is_mpim: false,
    is_org_shared: false,
    is_pending_ext_shared: false,
    is_private: false,
    is_read_only: false,
    is_shared: false,
    parent_conversation: null,
    pending_shared: [],
    previous_names: [],
    purpose: { creator: '', last_set: 0, value: '' },
    topic: { creator: '', last_set: 0, value: '' },
    unlinked: 0,
  };
}
