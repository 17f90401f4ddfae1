// Works the durable inbox: every accepted Slack message is a row there before Slack gets its ack.
// The worker leases rows, runs each turn (messages of one thread in order), and marks them done.
// A row whose worker died is leased again when its lease runs out, so on start unfinished turns
// resume; effects keyed by the row (see effects.ts) make the resumed turn do each thing once.
import type { webApi } from '@slack/bolt';
import type { InboxItem } from './delivery-ledger.js';
import type { Memdesk } from '../core/memdesk.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { effectLedger } from './effects.js';
import { readInboxRow, type InboxPayload } from './inbox-payload.js';
import { identifySender, type SenderIdentity } from './sender-identity.js';
import { ticketForThreadReply } from './thread-ticket.js';
import { runTicketTurn } from './ticket-turn.js';

// Short, so a turn a killed process was holding resumes within seconds; a turn takes well under this.
const LEASE_MS = 15_000;
const BATCH = 32;
/** A turn that keeps failing is parked as failed after this many tries (it stays in the inbox for staff). */
const MAX_ATTEMPTS = 5;

export interface InboxWorker {
  /** Work whatever is pending now (fire and forget; concurrent kicks coalesce). */
  kick(): void;
  /** Resolves when the worker has nothing left that it can take. */
  idle(): Promise<void>;
  start(pollMs?: number): void;
  stop(): Promise<void>;
}

export function createInboxWorker(memdesk: Memdesk, deps: { client: webApi.WebClient; config: Config; logger: Logger }): InboxWorker {
  const effects = effectLedger(memdesk.delivery);
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  async function work(item: InboxItem, payload: InboxPayload): Promise<void> {
    const { message, event_id } = payload;
    const logger = deps.logger.child({ inbox_id: item.inbox_id, event_id, attempt: item.attempts });
    try {
      const identify = () => identifySender(memdesk.directory, deps.client, { slackUserId: message.user, channelId: message.channelId }, logger);
      let turn: { ticketId?: string; sender: SenderIdentity };
      if (message.kind === 'thread_reply') {
        const thread = await ticketForThreadReply(memdesk, message, identify);
        if (thread.kind === 'ignore') {
          logger.debug({ reason: thread.reason }, 'slack event ignored');
          await memdesk.delivery.finish(item.inbox_id, 'done');
          return;
        }
        turn = thread;
      } else {
        turn = { sender: await identify() };
      }
      await runTicketTurn({ ...message, turnKey: item.inbox_id, ...(turn.ticketId ? { ticketId: turn.ticketId } : {}) }, turn.sender, {
        memdesk,
        client: deps.client,
        escalationChannelId: deps.config.ESCALATION_CHANNEL_ID,
        logger,
        effects,
      });
      await memdesk.delivery.finish(item.inbox_id, 'done');
    } catch (error) {
      logger.error({ err: error }, 'inbox item failed');
      // Left pending, it is retried when its lease runs out; after MAX_ATTEMPTS it is parked.
      if (item.attempts >= MAX_ATTEMPTS) await memdesk.delivery.finish(item.inbox_id, 'failed', String(error));
    }
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      for (let batch = await memdesk.delivery.claim({ leaseMs: LEASE_MS, limit: BATCH }); batch.length; batch = await memdesk.delivery.claim({ leaseMs: LEASE_MS, limit: BATCH })) {
        // Messages of one thread run in order (a reply continues the ticket its parent made); threads run side by side.
        const threads = new Map<string, [InboxItem, InboxPayload][]>();
        for (const item of batch) {
          let payload: InboxPayload;
          try {
            payload = readInboxRow(item);
          } catch (error) {
            // A row no version of this worker can read would fail the same way on every try.
            deps.logger.error({ err: error, inbox_id: item.inbox_id }, 'inbox item unreadable');
            await memdesk.delivery.finish(item.inbox_id, 'failed', String(error));
            continue;
          }
          const key = `${payload.message.channelId}:${payload.message.threadTs}`;
          threads.set(key, [...(threads.get(key) ?? []), [item, payload]]);
        }
        await Promise.all([...threads.values()].map(async (items) => {
          for (const [item, payload] of items) await work(item, payload);
        }));
      }
    } while (again);
  }

  const kick = () => {
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch((error: unknown) => deps.logger.error({ err: error }, 'inbox worker stopped on an error'))
      .finally(() => {
        running = undefined;
      });
  };

  return {
    kick,
    async idle() {
      while (running) await running;
    },
    start(pollMs = 5_000) {
      kick();
      // Picks up rows whose lease ran out (another instance or a previous process died mid-turn).
      timer = setInterval(kick, pollMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      while (running) await running;
    },
  };
}
