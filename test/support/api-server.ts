// The workspace's Web API on its own port, without the page or a bot behind it: for tests that send
// signed requests to the bot themselves and assert on the Web API calls it makes. Conversations are
// lenient unless asked (see ConversationOptions.strict): those tests' messages never pass through here.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConversations, type Conversations, type SlackChannel } from '../../src/emulator/conversations.js';
import { createHomeViews, type HomeViews } from '../../src/emulator/home-views.js';
import { sendJson } from '../../src/emulator/http-bodies.js';
import { localBot } from '../../src/emulator/people.js';
import { createResponseUrls } from '../../src/emulator/response-urls.js';
import type { SlackUser } from '../../src/emulator/slack-objects.js';
import { createWebApi, type Fault, type RecordedCall } from '../../src/emulator/web-api.js';

export type { Fault, RecordedCall, SlackUser };

export interface SlackApiServerOptions {
  botUserId?: string;
  botId?: string;
  teamId?: string;
  /** The Enterprise Grid organisation the workspace belongs to (auth.test and users.info say so). */
  enterprise?: { id: string; name: string };
  users?: SlackUser[];
  /** Unknown channels and messages are errors, as in Slack (the local workspace's behaviour). */
  strict?: boolean;
  channels?: SlackChannel[];
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
  conversations: Conversations;
  /** The Home tab views the app published (views.publish), per user. */
  homeViews: HomeViews;
  /** Calls to one method that Slack accepted. */
  accepted(method: string): RecordedCall[];
  /** The next `times` calls to `method` fail with `fault`. */
  failNext(method: string, fault: Fault, times?: number): void;
  /** Called with each call as it is recorded, before its answer goes back (chaos runs kill a bot there). */
  onCall(listener: (call: RecordedCall) => void): () => void;
  addUser(user: SlackUser): void;
  /** Forgets recorded calls and pending faults. */
  reset(): void;
  close(): Promise<void>;
}

export async function startSlackApiServer(options: SlackApiServerOptions = {}): Promise<SlackApiServer> {
  const bot = { userId: options.botUserId ?? localBot.userId, botId: options.botId ?? localBot.botId, name: localBot.name };
  const team = { id: options.teamId ?? 'T0MEMDESK', name: 'memdesk test', domain: 'memdesk-test', ...(options.enterprise ? { enterprise: options.enterprise } : {}) };
  const users = new Map((options.users ?? []).map((u) => [u.id, u]));
  const conversations = createConversations({ strict: options.strict ?? false, channels: options.channels ?? [] });
  const homeViews = createHomeViews();
  const api = createWebApi({
    conversations,
    homeViews,
    user: (id) => users.get(id),
    bot,
    team,
    permalink: (channel, ts) => `https://${team.domain}.slack.com/archives/${channel}/p${ts.replace('.', '')}`,
  });
  // Tests choose their own response_url ids; the server records what arrives there.
  const responseUrls = createResponseUrls({ base: '/response/', api, bot });

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = path.startsWith('/api/')
      ? api.serve(req, res, path.slice('/api/'.length))
      : path.startsWith('/response/')
        ? responseUrls.serve(req, res, path.slice('/response/'.length))
        : Promise.resolve(sendJson(res, 404, { ok: false, error: 'unknown_method' }));
    route.catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  const origin = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${origin}/api/`,
    responseUrlBase: `${origin}/response/`,
    port,
    botUserId: bot.userId,
    botId: bot.botId,
    calls: api.calls,
    conversations,
    homeViews,
    accepted: (method) => api.accepted(method),
    failNext: (method, fault, times) => api.failNext(method, fault, times),
    onCall: (listener) => api.onCall(listener),
    addUser: (user) => void users.set(user.id, user),
    reset: () => api.forget(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
