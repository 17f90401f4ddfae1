// Works the durable inbox: every accepted Slack message is a row there before Slack gets its ack.
// The worker leases rows, runs each turn (messages of one thread in order), and marks them done.
// It keeps up to WORKER_CONCURRENCY rows in flight and claims more as each finishes, so one slow
// turn (a model call of several seconds) never holds back the others; while a turn runs its lease
// is renewed, so no other instance takes it over.
// A row whose worker died is leased again when its lease runs out, so on start unfinished turns
// resume; effects keyed by the row (see effects.ts) make the resumed turn do each thing once.
// A customer's top-level messages wait out the intake quiet period here, leased but still in the
// inbox (a crash loses nothing): a burst of quick messages becomes one turn with one reply.
// SLA alerts due to be posted are rows here too (sla-alerts.ts), claimed and finished the same way.
import type { webApi } from '@slack/bolt';
import type { InboxItem } from './delivery-ledger.js';
import type { Memdesk } from '../memdesk.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { effectLedger } from './effects.js';
import { readInboxRow, type InboxPayload } from './inbox-payload.js';
import { identifySender, type SenderIdentity } from './sender-identity.js';
import type { ThreadReader, Ticket } from '../core/ports.js';
import type { MessageReading } from '../core/reading.js';
import { heldByPerson } from '../core/ownership.js';
import type { TicketMessage } from './message-events.js';
import { ticketForThreadReply } from './thread-ticket.js';
import { runTicketTurn } from './ticket-turn.js';
import { addReaction } from './reactions.js';
import { heldFollowUpTurn, staffReplyTurn, ticketReactionTurn } from './people-turns.js';
import { postSlaAlert } from './sla-alerts.js';
import { digestKey, postWeeklyDigest } from './weekly-digest-post.js';
import type { SlaAlert } from './sla-alert-message.js';
import type { InboxRanks } from './inbox-ranks.js';
import type { PersonAnswer } from '../core/answered-first.js';
import { slackTime } from './thread-reader.js';

// Short, so a turn a killed process was holding resumes within seconds; a longer turn has its lease renewed.
const LEASE_MS = 15_000;
const BATCH = 32;
/** A turn that keeps failing is parked as failed after this many tries (it stays in the inbox for staff). */
const MAX_ATTEMPTS = 5;
// A burst is decided at the latest this long after its first message.
const MAX_INTAKE_WAIT_MS = LEASE_MS / 2;

type Claimed = [InboxItem, InboxPayload];
interface WorkGroup {
  items: Claimed[];
  /** Date.now() when the group last gained a message: the quiet period counts from here. */
  lastArrival: number;
}

export interface InboxWorker {
  /** Work whatever is pending now (fire and forget; concurrent kicks coalesce). */
  kick(): void;
  /** Resolves when the worker has nothing left that it can take. */
  idle(): Promise<void>;
  start(pollMs?: number): void;
  stop(): Promise<void>;
}

export interface InboxWorkerDeps {
  client: webApi.WebClient;
  config: Config;
  logger: Logger;
  /** The ranks of messages still waiting: told what is claimed, and whose turn finished (inbox-ranks.ts). */
  ranks: InboxRanks;
  /** How long a claim holds a row before another worker may take it; renewed while the turn runs. */
  leaseMs?: number;
  /** The customer's thread, asked right before a reply goes out (thread-reader.ts: checkingThreadReader). */
  thread: ThreadReader;
}

export function createInboxWorker(memdesk: Memdesk, deps: InboxWorkerDeps): InboxWorker {
  const leaseMs = deps.leaseMs ?? LEASE_MS;
  const maxInFlight = deps.config.WORKER_CONCURRENCY;
  // Items on their first claim, with the effects their turn did so far and their records on the way,
  // and items claimed again (effects.ts, TurnRuns).
  const firstRuns = new Map<string, { done: Map<string, Record<string, unknown>>; recording: Promise<unknown>[] }>();
  const resumedRuns = new Set<string>();
  const effects = effectLedger(memdesk.delivery, (key) => {
    const inboxId = key.slice(0, key.indexOf(':'));
    const first = firstRuns.get(inboxId);
    return first ? { run: 'first', ...first } : resumedRuns.has(inboxId) ? { run: 'resumed' } : undefined;
  });
  const turnDeps = {
    memdesk,
    client: deps.client,
    escalationChannelId: deps.config.ESCALATION_CHANNEL_ID,
    logger: deps.logger,
    effects,
    learned: (sender: { slackUserId: string; channelId: string }) =>
      void deps.ranks.learned(sender).catch((err: unknown) => deps.logger.warn({ err }, 'could not rank waiting inbox items again')),
    personAnswered: (channelId: string, threadTs: string) => waitingStaffReply(channelId, threadTs),
    thread: deps.thread,
  };
  // Groups being worked, by key: one thread's messages, or one customer's top-level messages in one channel.
  const active = new Map<string, WorkGroup>();
  const groupRuns = new Set<Promise<void>>();
  const wakeups = new Set<() => void>();
  // Rows claimed and not yet finished (or given up for a retry): their leases are renewed, and
  // their number is what WORKER_CONCURRENCY bounds.
  const held = new Set<string>();
  let running: Promise<void> | undefined;
  let again = false;
  /** The last claim stopped at capacity: rows may be waiting, so claim again when one finishes. */
  let capped = false;
  /** Wakes the drain loop: a row finished or a group ended (settled), or a delivery came in (kicked). */
  let settled: (() => void) | undefined;
  let kicked: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let renewTimer: NodeJS.Timeout | undefined;

  /**
   * Who wrote a staff reply in this thread that is claimed here and waits behind a turn (a thread's
   * messages run in order, so it cannot have been worked yet): a person answered first.
   */
  function waitingStaffReply(channelId: string, threadTs: string): PersonAnswer | undefined {
    for (const group of active.values()) {
      for (const [, p] of group.items) {
        if (p.kind === 'slack_message' && p.message.kind === 'staff_reply' && p.message.channelId === channelId && p.message.threadTs === threadTs) {
          return { person: p.message.user, at: slackTime(p.message.ts) };
        }
      }
    }
    return undefined;
  }

  const intakeOn = deps.config.INTAKE_WINDOW > 0 || deps.config.INTAKE_QUIET_MS > 0;
  const identify = (user: string, channelId: string, logger: Logger) =>
    identifySender(memdesk.directory, deps.client, { slackUserId: user, channelId }, logger);

  /** One inbox item that is not part of an intake burst. */
  async function work(item: InboxItem, payload: InboxPayload): Promise<void> {
    if (payload.kind === 'sla_alert') return workAlert(item, payload.alert);
    if (payload.kind === 'weekly_digest') return workDigest(item, payload.period);
    const logger = deps.logger.child({ inbox_id: item.inbox_id, event_id: payload.event_id, attempt: item.attempts });
    const sender = payload.kind === 'slack_message' ? payload.message : undefined;
    await settle([item], logger, sender, async () => {
      if (payload.kind === 'ticket_reaction') return ticketReactionTurn({ ...payload.reaction, turnKey: item.inbox_id }, { ...turnDeps, logger });
      const { message } = payload;
      if (message.kind === 'staff_reply') return staffReplyTurn(message, { ...turnDeps, logger });
      if (message.kind === 'new_ticket') return intakeTurn([[item, payload]], logger);
      const thread = await ticketForThreadReply(memdesk, message, () => identify(message.user, message.channelId, logger));
      if (thread.kind === 'ignore') {
        logger.debug({ reason: thread.reason }, 'slack event ignored');
        return;
      }
      if (thread.kind === 'follow_up') {
        logger.info({ ticket_id: thread.ticket.ticket_id }, "reply under the customer's follow-up continues the ticket it joined");
        return followUpTurn(thread.ticket, { ...message, turnKey: item.inbox_id }, thread.sender, logger);
      }
      const ticket = await memdesk.tickets.get(thread.ticketId);
      if (ticket && heldByPerson(ticket)) return heldFollowUpTurn(ticket, { ...message, turnKey: item.inbox_id }, thread.sender, { ...turnDeps, logger });
      await runTicketTurn({ ...message, turnKey: item.inbox_id, ticketId: thread.ticketId }, thread.sender, { ...turnDeps, logger });
    });
  }

  /**
   * Runs `turn` for the items and marks them done; a failure leaves them for a retry, then parks them.
   * A customer's finished turn may rank their waiting messages higher: written before its
   * slot frees, so the next claim sees it.
   */
  async function settle(items: InboxItem[], logger: Logger, sender: { user: string; channelId: string } | undefined, turn: () => Promise<void>): Promise<void> {
    try {
      await turn();
      if (sender) await deps.ranks.learned({ slackUserId: sender.user, channelId: sender.channelId });
      // What the turn did is recorded before its items are done (a record that failed: resumed later).
      await Promise.all(items.flatMap((item) => firstRuns.get(item.inbox_id)?.recording ?? []));
      for (const item of items) await memdesk.delivery.finish(item.inbox_id, 'done');
    } catch (error) {
      logger.error({ err: error }, 'inbox item failed');
      // Left pending, it is retried when its lease runs out; after MAX_ATTEMPTS it is parked.
      for (const item of items) if (item.attempts >= MAX_ATTEMPTS) await memdesk.delivery.finish(item.inbox_id, 'failed', String(error));
    } finally {
      // A retry is no first run: it reads back what this run recorded.
      for (const item of items) {
        firstRuns.delete(item.inbox_id);
        resumedRuns.delete(item.inbox_id);
      }
      release(items.map((i) => i.inbox_id));
    }
  }

  /** The rows are no longer in flight here: their leases stop being renewed and a slot opens. */
  function release(inboxIds: string[]): void {
    for (const id of inboxIds) held.delete(id);
    settled?.();
  }

  /** Renews the leases of every row still in flight, well before they run out. */
  function renewLeases(): void {
    if (!held.size) return;
    memdesk.delivery.renew([...held], leaseMs).catch((error: unknown) => deps.logger.warn({ err: error, in_flight: held.size }, 'lease renewal failed'));
  }

  /** An SLA alert due: posted once in the ticket's escalation thread (the clock is checked again first). */
  async function workAlert(item: InboxItem, alert: SlaAlert): Promise<void> {
    const logger = deps.logger.child({ inbox_id: item.inbox_id, ticket_id: alert.ticket_id, attempt: item.attempts });
    await settle([item], logger, undefined, async () => {
      await postSlaAlert(alert, { ...turnDeps, mention: deps.config.SLA_ALERT_MENTION, logger });
    });
  }

  async function workDigest(item: InboxItem, period: string): Promise<void> {
    const logger = deps.logger.child({ inbox_id: item.inbox_id, digest: period, attempt: item.attempts });
    await settle([item], logger, undefined, async () => {
      await postWeeklyDigest(new Date(period), { ...turnDeps, key: digestKey(period), logger });
    });
  }

  /**
   * A customer's top-level message(s), one quick burst: one turn. Within the intake window of an open
   * ticket of theirs in this channel they join it, answered in its thread (or held for its owner).
   */
  async function intakeTurn(burst: Claimed[], logger: Logger): Promise<void> {
    const messages = burst.map(([, p]) => (p as Extract<InboxPayload, { kind: 'slack_message' }>).message);
    const first = messages[0]!;
    const firstItem = burst[0]![0];
    const text = messages.map((m) => m.text).join('\n');
    const sender = await identify(first.user, first.channelId, logger);
    const match = await memdesk.findIntakeTicket({ customerId: sender.identity.customer_id, channelId: first.channelId, ts: first.ts, text });
    const joined = match?.ticket;
    if (joined?.slack_thread_ts) {
      logger.info({ ticket_id: joined.ticket_id, messages: messages.length }, 'top-level message joins an open ticket');
      // The reading the join was decided on goes with it: the message is read once.
      const message = { ...first, text, turnKey: firstItem.inbox_id, ...(match?.read ? { read: match.read } : {}) };
      return followUpTurn({ ...joined, slack_thread_ts: joined.slack_thread_ts }, message, sender, logger);
    }
    if (messages.length > 1) logger.info({ messages: messages.length }, 'quick messages decided as one ticket');
    await runTicketTurn({ ...first, text, turnKey: firstItem.inbox_id }, sender, { ...turnDeps, logger });
  }

  /**
   * A customer's message outside their ticket's thread (at the top level, or under such a message) that
   * continues the ticket: held for its owner, or answered in its thread and in the channel, where the
   * customer wrote.
   */
  async function followUpTurn(
    ticket: Ticket & { slack_thread_ts: string },
    message: TicketMessage & { turnKey: string; read?: MessageReading },
    sender: SenderIdentity,
    logger: Logger,
  ): Promise<void> {
    const inThread = { ...message, kind: 'thread_reply' as const, threadTs: ticket.slack_thread_ts };
    if (heldByPerson(ticket)) return heldFollowUpTurn(ticket, inThread, sender, { ...turnDeps, logger });
    return runTicketTurn({ ...inThread, ticketId: ticket.ticket_id, broadcast: true }, sender, { ...turnDeps, logger });
  }

  function groupKey(payload: InboxPayload): string {
    if (payload.kind === 'sla_alert') return `sla:${payload.alert.ticket_id}`;
    if (payload.kind === 'weekly_digest') return digestKey(payload.period);
    if (payload.kind === 'ticket_reaction') return `${payload.reaction.channelId}:${payload.reaction.ts}`;
    const m = payload.message;
    // With intake on, one customer's top-level messages in a channel wait and run together; with it
    // off each is its own thread, and a busy customer's tickets run side by side as before.
    return m.kind === 'new_ticket' && intakeOn ? `intake:${m.channelId}:${m.user}` : `${m.channelId}:${m.threadTs}`;
  }

  function route(item: InboxItem, payload: InboxPayload): void {
    const key = groupKey(payload);
    // A reply under a message still waiting out its quiet period runs after that message's turn,
    // which makes the ticket it continues.
    const existing = active.get(key) ?? waitingParent(payload);
    if (existing) {
      existing.items.push([item, payload]);
      existing.lastArrival = Date.now();
      if (isIntake(payload)) void eyes(item, payload);
      return;
    }
    const group: WorkGroup = { items: [[item, payload]], lastArrival: Date.now() };
    active.set(key, group);
    const run = runGroup(key, group).catch((error: unknown) => {
      deps.logger.error({ err: error, key }, 'inbox group failed');
      // Its rows stay pending and are retried when their leases, no longer renewed, run out.
      if (active.get(key) === group) active.delete(key);
      release(group.items.map(([i]) => i.inbox_id));
    });
    groupRuns.add(run);
    void run.finally(() => {
      groupRuns.delete(run);
      settled?.();
    });
  }

  function waitingParent(payload: InboxPayload): WorkGroup | undefined {
    if (payload.kind !== 'slack_message' || payload.message.kind === 'new_ticket') return undefined;
    const { channelId, threadTs } = payload.message;
    for (const group of active.values()) {
      if (group.items.some(([, p]) => isIntake(p) && p.kind === 'slack_message' && p.message.channelId === channelId && p.message.ts === threadTs)) return group;
    }
    return undefined;
  }

  // Messages of one group run in order; groups run side by side.
  async function runGroup(key: string, group: WorkGroup): Promise<void> {
    for (;;) {
      const next = group.items[0];
      if (!next) {
        // Synchronously with the check above, so an item routed from now on starts a new group.
        active.delete(key);
        return;
      }
      if (!isIntake(next[1])) {
        group.items.shift();
        await work(next[0], next[1]);
        continue;
      }
      await eyes(next[0], next[1]);
      await quiet(group);
      // The burst is every top-level message waiting here; replies routed in behind it run after.
      // In arrival order: an urgent-looking later message may have been claimed before an earlier one.
      const burst = group.items.filter(([, p]) => isIntake(p)).sort(([a], [b]) => a.created_at.localeCompare(b.created_at) || a.inbox_id.localeCompare(b.inbox_id));
      group.items = group.items.filter(([, p]) => !isIntake(p));
      const logger = deps.logger.child({ inbox_id: next[0].inbox_id, burst: burst.length });
      const first = burst[0]![1] as Extract<InboxPayload, { kind: 'slack_message' }>;
      await settle(burst.map(([i]) => i), logger, first.message, () => intakeTurn(burst, logger));
    }
  }

  /** Waits until the customer has been quiet for INTAKE_QUIET_MS (capped so the lease never runs out). */
  async function quiet(group: WorkGroup): Promise<void> {
    const deadline = Date.now() + MAX_INTAKE_WAIT_MS;
    for (;;) {
      const until = Math.min(group.lastArrival + deps.config.INTAKE_QUIET_MS, deadline);
      const wait = until - Date.now();
      if (wait <= 0) return;
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, wait);
        function done() {
          clearTimeout(t);
          wakeups.delete(done);
          resolve();
        }
        wakeups.add(done);
      });
      // A new delivery may belong to this burst: claim it before deciding.
      await claimAndRoute();
    }
  }

  /** The 👀 comes at once, before the quiet wait; the turn's own 👀 is then the same (keyed) effect. */
  async function eyes(item: InboxItem, payload: InboxPayload): Promise<void> {
    if (payload.kind !== 'slack_message') return;
    const { channelId, ts } = payload.message;
    await addReaction(deps.client, effects, { channelId, ts, turnKey: item.inbox_id }, 'eyes', deps.logger.child({ inbox_id: item.inbox_id }));
  }

  let claiming: Promise<number> | undefined;
  /** Claims what is pending, up to the free slots, and routes it; concurrent calls share one claim. */
  function claimAndRoute(): Promise<number> {
    // Cleared in a then-callback, never synchronously: a claim with no free slot awaits nothing.
    claiming ??= claimUpToCapacity().finally(() => {
      claiming = undefined;
    });
    return claiming;
  }

  async function claimUpToCapacity(): Promise<number> {
    let total = 0;
    for (;;) {
      const free = maxInFlight - held.size;
      capped = free <= 0;
      if (capped) return total;
      const limit = Math.min(BATCH, free);
      const claimed = await memdesk.delivery.claim({ leaseMs, limit });
      // A row of ours whose lease ran out before a renewal (an event loop stalled for seconds) is
      // still being worked here: taken again, it would run twice.
      const batch = claimed.filter((item) => !held.has(item.inbox_id));
      deps.ranks.claimed(batch.map((item) => item.inbox_id));
      total += batch.length;
      for (const item of batch) {
        held.add(item.inbox_id);
        if (item.attempts === 1) firstRuns.set(item.inbox_id, { done: new Map(), recording: [] });
        else {
          firstRuns.delete(item.inbox_id);
          resumedRuns.add(item.inbox_id);
        }
      }
      for (const item of batch) {
        let payload: InboxPayload;
        try {
          payload = readInboxRow(item);
        } catch (error) {
          // A row no version of this worker can read would fail the same way on every try.
          deps.logger.error({ err: error, inbox_id: item.inbox_id }, 'inbox item unreadable');
          firstRuns.delete(item.inbox_id);
          resumedRuns.delete(item.inbox_id);
          await memdesk.delivery.finish(item.inbox_id, 'failed', String(error));
          release([item.inbox_id]);
          continue;
        }
        route(item, payload);
      }
      // A short batch means nothing more is claimable now.
      if (claimed.length < limit) return total;
    }
  }

  /**
   * Claims, then claims again whenever a slot frees while rows may be waiting (the last claim was
   * capped) or a new delivery was announced; returns once nothing is in flight and nothing new came.
   */
  async function drain(): Promise<void> {
    renewTimer ??= setInterval(renewLeases, Math.max(10, Math.floor(leaseMs / 3)));
    renewTimer.unref();
    try {
      for (;;) {
        again = false;
        await claimAndRoute();
        if (!groupRuns.size && !again) return;
        // Wait for a turn to finish or a kick; then claim if there may be something to take.
        while (groupRuns.size && !again) {
          await new Promise<void>((resolve) => {
            settled = resolve;
            kicked = resolve;
          });
          settled = undefined;
          kicked = undefined;
          if (capped && held.size < maxInFlight) break;
        }
      }
    } finally {
      clearInterval(renewTimer);
      renewTimer = undefined;
    }
  }

  const kick = () => {
    if (running) {
      again = true;
      kicked?.();
      // A burst waiting out its quiet period hears of the new message now, not at the next poll.
      for (const wake of [...wakeups]) wake();
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

function isIntake(payload: InboxPayload): boolean {
  return payload.kind === 'slack_message' && payload.message.kind === 'new_ticket';
}

