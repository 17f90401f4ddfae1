// The real bot behind the local workspace: memdesk composed from the user's config, and the Bolt app
// from src/slack listening on a loopback port, configured so that every Web API call goes to the
// workspace. The bot does not know it is local: it gets a bot token, a signing secret and channel ids
// as it would from a Slack install.
//
// Reset starts a new session: the same data folder, but a fresh memory namespace
// (MEMDESK_NAMESPACE + ".workspace-<id>"), so the next run of the experiment begins with no memory on
// every memory store (the local one and hosted Mem0 alike) without deleting anything. Tickets stay in
// the ticket store; the page shows only those whose thread is in the workspace now.
import { randomBytes } from 'node:crypto';
import type { Memdesk } from '../memdesk.js';
import { compose, type ComposeOptions } from '../compose.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { createSlackApp, type SlackApp } from '../slack/app.js';

export interface BotSession {
  memdesk: Memdesk;
  /** The Bolt app's request URL. */
  eventsUrl: string;
  namespace: string;
  /** Resolves once the bot has worked every delivery it accepted (some change only its records). */
  worked(): Promise<void>;
  /** Queues and posts the SLA alerts due now (after the clock control moved time on). */
  scanSlaClocks(): Promise<number>;
}

export interface BotSessions {
  current(): BotSession | undefined;
  /** Stops the running session (if any) and starts a fresh one. */
  restart(): Promise<BotSession>;
  close(): Promise<void>;
}

export interface LocalSlackInstall {
  botToken: string;
  signingSecret: string;
  apiUrl: string;
  supportChannelId: string;
  escalationChannelId: string;
}

/** The config the bot runs with: the user's, with Slack pointed at the workspace. */
export function localBotConfig(config: Config, install: LocalSlackInstall, namespace: string): Config {
  return {
    ...config,
    SLACK_BOT_TOKEN: install.botToken,
    SLACK_SIGNING_SECRET: install.signingSecret,
    SLACK_APP_TOKEN: undefined,
    SLACK_API_URL: install.apiUrl,
    SUPPORT_CHANNEL_IDS: [install.supportChannelId],
    ESCALATION_CHANNEL_ID: install.escalationChannelId,
    MEMDESK_NAMESPACE: namespace,
  };
}

export function botSessions(deps: { config: Config; install: LocalSlackInstall; logger: Logger; compose?: ComposeOptions }): BotSessions {
  let running: { session: BotSession; slack: SlackApp } | undefined;
  // Resets arrive from a button; one at a time, in order.
  let queue: Promise<unknown> = Promise.resolve();

  async function stop(): Promise<void> {
    const previous = running;
    running = undefined;
    if (!previous) return;
    await previous.slack.stop().catch((error: unknown) => deps.logger.warn({ err: error }, 'bot stop failed'));
    await previous.session.memdesk.close();
  }

  async function start(): Promise<BotSession> {
    const namespace = `${deps.config.MEMDESK_NAMESPACE}.workspace-${randomBytes(4).toString('hex')}`;
    const config = localBotConfig(deps.config, deps.install, namespace);
    const memdesk = await compose(config, { logger: deps.logger, ...deps.compose });
    try {
      const slack = createSlackApp(memdesk, { config, logger: deps.logger });
      const { port } = await slack.start(0, '127.0.0.1');
      const session = {
        memdesk,
        eventsUrl: `http://127.0.0.1:${port}/slack/events`,
        namespace,
        worked: () => slack.worker.idle(),
        scanSlaClocks: slack.scanSlaClocks,
      };
      running = { session, slack };
      deps.logger.debug({ namespace, port }, 'local workspace bot started');
      return session;
    } catch (error) {
      await memdesk.close();
      throw error;
    }
  }

  return {
    current: () => running?.session,
    restart() {
      const next = queue.then(async () => {
        await stop();
        return start();
      });
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      await queue;
      await stop();
    },
  };
}
