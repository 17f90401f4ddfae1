// The Slack front door: a Bolt app whose listeners only translate. Messages become ticket turns,
// slash commands become staff commands, buttons become ticket status changes. Socket Mode when
// SLACK_APP_TOKEN is set; otherwise HTTP at POST /slack/events (events, commands and interactivity),
// with GET /healthz beside it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, webApi } from '@slack/bolt';
import type { Memdesk } from '../memdesk.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { boltLogger } from './bolt-logger.js';
import { guardSlackRequests } from './http-door.js';
import { createInboxWorker, type InboxWorker } from './inbox-worker.js';
import { createInboxRanks } from './inbox-ranks.js';
import { staffMembers, type OperatorTeam } from './staff-members.js';
import { checkingThreadReader } from './thread-reader.js';
import { registerEscalationActions } from './escalation-actions.js';
import { registerAnswerFeedbackActions } from './answer-feedback-actions.js';
import { registerStaffCommands } from './staff-commands.js';
import { registerAppHome } from './app-home.js';
import { acceptMessageEvent, registerTicketListeners } from './ticket-listeners.js';
import { persistBeforeSocketAck, type SocketEvents } from './socket-mode-inbox.js';
import { webClientOptions } from './web-api-options.js';
import { SlackWebClient } from './web-api-client.js';
import { hasCode, memdeskError } from '../errors.js';
import { enqueueDueAlerts } from './sla-alerts.js';
import { enqueueDueDigest } from './weekly-digest-post.js';

const SLA_SCAN_MS = 10_000;

export interface SlackAppOptions {
  config: Config;
  logger: Logger;
  /** The inbox lease (default 15 s); tests shorten it to see a long turn keep its rows. */
  inboxLeaseMs?: number;
}

export interface SlackApp {
  app: App;
  /** Works the durable inbox; tests wait on `worker.idle()`. */
  worker: InboxWorker;
  /** Queues the SLA alerts due now and starts posting them (runs on a timer; tests call it directly). */
  scanSlaClocks(): Promise<number>;
  /** Queues this period's weekly digest if no instance did (same timer); true when it was new. */
  scanDigest(): Promise<boolean>;
  /** HTTP mode listens on `port` (0 = any free port); Socket Mode serves only /healthz there. */
  /** `host` limits who can reach the receiver (the local workspace keeps it on 127.0.0.1). */
  start(port: number, host?: string): Promise<{ port: number }>;
  stop(): Promise<void>;
}

// users.info on the ack path: Slack's 3 s must also cover the inbox write after it.
const ENTERPRISE_LOOKUP_TIMEOUT_MS = 1_500;

export function createSlackApp(memdesk: Memdesk, opts: SlackAppOptions): SlackApp {
  const { config, logger } = opts;
  if (!config.SLACK_BOT_TOKEN) throw memdeskError('config_invalid', 'Invalid configuration:\n  SLACK_BOT_TOKEN: required to run the Slack app');
  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  if (!socketMode && !config.SLACK_SIGNING_SECRET) {
    throw memdeskError('config_invalid', 'Invalid configuration:\n  SLACK_SIGNING_SECRET: required for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  const health = healthHandler(memdesk);

  const receiver = socketMode
    ? undefined
    : new HTTPReceiver({
        signingSecret: config.SLACK_SIGNING_SECRET!,
        // Every request reaches the receiver through the door (start() below), which has already
        // refused any POST to /slack/events that is unsigned or stale: checking again costs two HMACs.
        signatureVerification: false,
        // The listener persists the event to the inbox before Slack gets its 200, so an accepted
        // event survives a crash; the turn itself runs after, in the inbox worker.
        processBeforeResponse: true,
        endpoints: '/slack/events',
        customRoutes: [{ path: '/healthz', method: 'GET', handler: health }],
        logger: boltLogger(logger),
      });
  const app = new App({
    token: config.SLACK_BOT_TOKEN,
    // auth.test runs in start(), so a bad token fails there with a clear error instead of on the first event.
    deferInitialization: true,
    // No listener keeps conversation state; Bolt's default store would look every event up (and fail).
    convoStore: false,
    logger: boltLogger(logger),
    clientOptions: webClientOptions(config),
    ...(socketMode ? { socketMode: true, appToken: config.SLACK_APP_TOKEN } : { receiver }),
  });

  // Ticket turns post through the lean client (the same options and logger as Bolt's own).
  const client = new SlackWebClient(config.SLACK_BOT_TOKEN, app.webClientOptions);
  const ranks = createInboxRanks(memdesk, logger);
  // The operator's own Slack team, asked of Slack at start (Bolt's own auth.test keeps only the bot's
  // ids). Every path that tells staff from customers uses this one: an event's message, the thread read
  // before a reply and after a hand back, the buttons and commands.
  // On Enterprise Grid, also the operator's enterprise: its other workspaces' people are the operator's
  // too, told apart from a Connect customer's by users.info (once per Slack team).
  let operator: OperatorTeam | undefined;
  // Asked while an event waits for its 200 (within Slack's 3 s): never waits out a 429 or retries, and
  // gives up on a slow answer (the Web API client has no timeout of its own), leaving time to persist the event.
  const enterpriseClient = new webApi.WebClient(config.SLACK_BOT_TOKEN, {
    ...app.webClientOptions,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: ENTERPRISE_LOOKUP_TIMEOUT_MS,
  });
  const staff = staffMembers({
    directory: memdesk.directory,
    staffUserIds: config.STAFF_USER_IDS,
    operator: () => operator,
    clock: memdesk.clock,
    userEnterprise: async (user) => {
      try {
        return (await enterpriseClient.users.info({ user })).user?.enterprise_user?.enterprise_id || undefined;
      } catch (error) {
        logger.warn({ err: error, slack_user_id: user }, "users.info failed; the sender's enterprise is unknown, so they count as a customer");
        throw error;
      }
    },
  });
  const thread = checkingThreadReader(config.SLACK_BOT_TOKEN, app.webClientOptions, staff);
  const worker = createInboxWorker(memdesk, { client, config, logger, ranks, thread, ...(opts.inboxLeaseMs ? { leaseMs: opts.inboxLeaseMs } : {}) });
  if (socketMode) {
    // Socket Mode acks before listeners run; the inbox write happens inside the ack instead.
    const socketClient = (app as unknown as { receiver: { client: SocketEvents } }).receiver.client;
    persistBeforeSocketAck(socketClient, (delivery) => acceptMessageEvent(memdesk, { config, logger, worker, ranks, staff }, delivery));
  } else {
    registerTicketListeners(app, memdesk, { config, logger, worker, ranks, staff });
  }
  registerStaffCommands(app, memdesk, { config, logger, worker, staff });
  registerEscalationActions(app, memdesk, { config, logger, worker, staff });
  registerAnswerFeedbackActions(app, memdesk, { config, logger });
  registerAppHome(app, memdesk, { config, logger, staff });
  app.error(async (error) => {
    logger.error({ err: error }, 'slack listener failed');
    // An event the inbox did not record must not get its 200: rethrown, the receiver answers 500 and
    // Slack delivers it again (Socket Mode never acks it). Other listener failures are logged only.
    if (hasCode(error, 'inbox_unavailable')) throw error;
  });

  let healthServer: Server | undefined;
  let httpServer: Server | undefined;
  let writebackTimer: NodeJS.Timeout | undefined;
  let slaTimer: NodeJS.Timeout | undefined;
  const scanSlaClocks = async () => {
    const added = await enqueueDueAlerts(memdesk, memdesk.clock.now());
    if (added) worker.kick();
    return added;
  };
  let digestSettled: string | undefined;
  const scanDigest = async () => {
    const { period, added } = await enqueueDueDigest(memdesk, config, memdesk.clock.now(), digestSettled);
    digestSettled = period ?? digestSettled;
    if (added) worker.kick();
    return added;
  };
  return {
    app,
    worker,
    scanSlaClocks,
    scanDigest,
    async start(port, host) {
      await app.init();
      // Before any event is worked: in a Slack Connect channel the sender's team (or enterprise) says who is staff.
      const auth = await app.client.auth.test();
      operator = { ...(auth.team_id ? { teamId: auth.team_id } : {}), ...(auth.enterprise_id ? { enterpriseId: auth.enterprise_id } : {}) };
      // Write-backs left pending by an outage or a killed process are replayed before new work.
      const replayed = await memdesk.drainWritebacks();
      if (replayed.written || replayed.pending) logger.info(replayed, 'memory write-back outbox replayed');
      // Turns a previous process accepted but did not finish resume now.
      worker.start();
      // Write-backs deferred by a memory outage are retried while the bot runs, not only at start.
      writebackTimer = setInterval(() => {
        memdesk.drainWritebacks().catch((error: unknown) => logger.warn({ err: error }, 'write-back replay failed'));
      }, 5_000);
      writebackTimer.unref();
      // SLA clocks are checked at start (alerts that fell due while no instance ran) and often enough
      // after that an alert lands well within a minute of its moment.
      // The weekly digest's moment is checked on the same timer.
      const scan = () =>
        Promise.all([
          scanSlaClocks().catch((error: unknown) => logger.warn({ err: error }, 'sla clock scan failed')),
          scanDigest().catch((error: unknown) => logger.warn({ err: error }, 'weekly digest scan failed')),
        ]);
      void scan();
      slaTimer = setInterval(scan, SLA_SCAN_MS);
      slaTimer.unref();
      if (receiver) {
        // Our own server, so every request passes the door before it reaches Bolt.
        const door = guardSlackRequests({ path: '/slack/events', signingSecret: config.SLACK_SIGNING_SECRET!, logger }, receiver.requestListener);
        httpServer = createServer(door);
        await new Promise<void>((resolve, reject) => {
          httpServer!.once('error', reject);
          if (host) httpServer!.listen(port, host, resolve);
          else httpServer!.listen(port, resolve);
        });
        return { port: (httpServer.address() as AddressInfo).port };
      }
      await app.start();
      healthServer = await listen(port, health);
      return { port: (healthServer.address() as AddressInfo).port };
    },
    async stop() {
      if (writebackTimer) clearInterval(writebackTimer);
      if (slaTimer) clearInterval(slaTimer);
      if (httpServer) {
        httpServer.closeAllConnections();
        await new Promise<void>((resolve) => httpServer!.close(() => resolve()));
        httpServer = undefined;
      } else {
        await app.stop();
      }
      await worker.stop();
      if (healthServer) await new Promise<void>((resolve) => healthServer?.close(() => resolve()));
      healthServer = undefined;
    },
  };
}

function healthHandler(memdesk: Memdesk) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    const body = JSON.stringify({ ok: true, decider: memdesk.decider, model: memdesk.deciderModel, memory: memdesk.memory.kind, memory_index: memdesk.memory.indexState?.() ?? 'current', store: memdesk.tickets.backend });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  };
}

function listen(port: number, handler: ReturnType<typeof healthHandler>): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/healthz') return handler(req, res);
    res.writeHead(404).end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}
