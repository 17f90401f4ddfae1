// `npm start` without a Slack token: a Slack-compatible workspace on loopback, with its page, and
// the real bot (src/slack) talking to it. One port serves the page, the Web API the bot calls and the
// response URLs; the bot listens on a second, internal port for the signed requests it is sent.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_CUSTOMERS, DEMO_MESSAGE } from '../demo.js';
import type { ComposeOptions } from '../compose.js';
import type { Config } from '../config.js';
import { directorySchema } from '../directory/directory-file.js';
import { readYamlFile } from '../files/yaml-file.js';
import type { Logger } from '../log.js';
import { botSessions, type BotSession } from '../emulator/bot-session.js';
import { createConversations, type Conversations, type SlackChannel } from '../emulator/conversations.js';
import { createEventDelivery } from '../emulator/event-delivery.js';
import { workspaceRoutes } from './http-routes.js';
import { createLiveUpdates } from './live-updates.js';
import { pageActions } from './page-actions.js';
import { pageData } from './page-data.js';
import { messageEvents, type AppInstall } from '../emulator/payloads.js';
import { localBot, workspacePeople, type People } from '../emulator/people.js';
import { createResponseUrls } from '../emulator/response-urls.js';
import { createHomeViews } from '../emulator/home-views.js';
import { createWebApi, type WebApi } from '../emulator/web-api.js';
import { memdeskError } from '../errors.js';

export const supportChannel: SlackChannel = { id: 'C0SUPPORT', name: 'support', is_private: false, purpose: 'Customers ask for help here; memdesk answers in threads.' };
export const escalationChannel: SlackChannel = { id: 'C0ESCALATIONS', name: 'escalations', is_private: false, purpose: 'Handoffs from memdesk to the support team.' };
/**
 * The demo seed's facts are dated around this day (Globex renews on 2026-12-15, Ben's issues were in
 * April and May), so the workspace pins its clock here unless MEMDESK_NOW says otherwise.
 */
export const demoNow = '2026-11-25T10:00:00Z';
const team = { id: 'T0LOCAL', name: 'memdesk local', domain: 'memdesk-local' };
/** Not a Slack token: only this workspace accepts it. */
const localBotToken = 'xoxb-local-workspace';

export interface LocalWorkspaceOptions {
  config: Config;
  logger: Logger;
  /** The page's port (PORT); 0 picks a free one. */
  port: number;
  compose?: ComposeOptions;
}

export interface LocalWorkspace {
  /** Where the page is, e.g. http://localhost:3000 */
  url: string;
  port: number;
  api: WebApi;
  conversations: Conversations;
  people: People;
  session(): BotSession | undefined;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startLocalWorkspace(opts: LocalWorkspaceOptions): Promise<LocalWorkspace> {
  const { config, logger } = opts;
  const directory = readYamlFile(config.DIRECTORY_FILE, directorySchema);
  const people = workspacePeople(directory, DEMO_CUSTOMERS);
  const conversations = createConversations({ channels: [supportChannel, escalationChannel], strict: true });
  const install: AppInstall = { team, apiAppId: localBot.appId, botUserId: localBot.userId };
  const live = createLiveUpdates();

  // The port comes first: the bot's SLACK_API_URL and every response_url name it.
  let handle: ReturnType<typeof workspaceRoutes> | undefined;
  const server = createServer((req, res) => {
    if (!handle) return void res.writeHead(503, { 'retry-after': '1' }).end();
    void handle(req, res);
  });
  const port = await listen(server, opts.port);
  const origin = `http://127.0.0.1:${port}`;
  const pageUrl = `http://localhost:${port}`;

  const bot = { userId: localBot.userId, botId: localBot.botId, name: localBot.name };
  const homeViews = createHomeViews();
  const api = createWebApi({
    conversations,
    homeViews,
    user: (id) => people.get(id),
    bot,
    team,
    token: localBotToken,
    // Links in the bot's messages (the customer's thread) open that message on the page.
    permalink: (channel, ts) => `${pageUrl}/#${messageAnchor(channel, ts)}`,
    maxRecordedCalls: 2_000,
  });
  const responseUrls = createResponseUrls({ base: `${origin}/response/`, api, conversations, bot });
  // New each run: only this process can sign requests its bot accepts.
  const signingSecret = randomBytes(32).toString('hex');
  const sessions = botSessions({
    config,
    logger,
    install: {
      botToken: localBotToken,
      signingSecret,
      apiUrl: `${origin}/api/`,
      supportChannelId: supportChannel.id,
      escalationChannelId: escalationChannel.id,
    },
    ...(opts.compose ? { compose: opts.compose } : {}),
  });
  const delivery = createEventDelivery({
    target: () => ({ url: sessions.current()?.eventsUrl, signingSecret }),
    logger,
  });

  // Everything said in a channel reaches the bot as Slack would send it, its own posts included.
  conversations.onChange((change) => {
    live.changed();
    if (change.kind !== 'message_posted') return;
    const channel = conversations.channels().find((c) => c.id === change.channel);
    if (!channel) return;
    for (const envelope of messageEvents(install, channel, change.message)) {
      delivery
        .deliver({ json: envelope }, `message ${change.message.ts}`)
        // A staff reply changes only the ticket (owner, first response), with no Slack call the page
        // would notice: refresh once the bot has worked the message.
        .then(() => sessions.current()?.worked())
        .then(() => live.changed())
        .catch((error: unknown) => {
          logger.error({ err: error, ts: change.message.ts }, 'the bot could not be reached with a message event');
        });
    }
  });
  api.onCall(() => live.changed());

  // The old bot is stopped before the channels are emptied, so nothing it was still doing lands in them.
  const reset = async () => {
    await sessions.restart();
    conversations.clear();
    homeViews.clear();
    api.forget();
    responseUrls.forget();
    live.changed();
  };

  handle = workspaceRoutes({
    api,
    responseUrls,
    live,
    logger,
    actions: pageActions({ install, conversations, people, responseUrls, delivery, supportChannel, homeViews, reset, session: () => sessions.current(), memdesk: () => sessions.current()?.memdesk }),
    data: pageData({ conversations, people, sessions, supportChannel, demoMessage: DEMO_MESSAGE }),
  });

  try {
    await sessions.restart();
  } catch (error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }

  return {
    url: pageUrl,
    port,
    api,
    conversations,
    people,
    session: () => sessions.current(),
    reset,
    async close() {
      live.close();
      await sessions.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The element id the page gives a message; permalinks point at it. */
export function messageAnchor(channel: string, ts: string): string {
  return `m-${channel}-${ts.replace('.', '')}`;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(memdeskError('config_invalid', `Invalid configuration:\n  PORT: ${port} is already in use; set PORT to a free port`));
      else reject(error);
    });
    // Loopback only: the workspace and its bot are for the person at this machine.
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}
