// The ranks of customer messages still waiting in the inbox. A new ticket message is ranked at the
// door on what memdesk knows of its sender then (core/inbox-priority.ts); what makes it urgent may
// become known only while it waits: their memories, read after the ack, or a turn of theirs whose
// write-back lands meanwhile (it makes this one a repeat issue; the turn's reply, a model call of
// seconds, is still being written) or that finishes. Each is a moment to rank the
// sender's waiting messages again, so an urgent one is claimed before the queue of ordinary ones it
// was accepted behind, not after it. (A turn changes what is known of its own customer only: their
// account's plan is read with the first look-up of any of its customers.)
// A rank only ever rises; a message stops waiting here when a worker claims it. In memory only: a
// restarted instance knows nothing waiting, and its rows keep the ranks they have.
import type { Memdesk } from '../memdesk.js';
import type { Logger } from '../log.js';

/** What the door ranks: a customer's message that starts a thread. */
export interface RankedMessage {
  slackUserId: string;
  channelId: string;
  text: string;
  /** Its Slack ts: a top-level message within the intake window of its sender's latest ticket follows that ticket up. */
  ts: string;
}

export interface InboxRanks {
  /** A new ticket message accepted at `rank`: ranked again once its sender's memories are read, and after each turn of theirs, until claimed. */
  waiting(inboxId: string, message: RankedMessage, rank: number): void;
  /** A worker took these rows: no longer waiting. */
  claimed(inboxIds: string[]): void;
  /** A turn for this sender wrote its outcome to memory, or finished: what memdesk knows of them may have changed. Resolves once the raised ranks are written. */
  learned(sender: { slackUserId: string; channelId: string }): Promise<void>;
}

interface Waiting {
  inboxId: string;
  message: RankedMessage;
  rank: number;
}

/** The highest rank there is (urgent): a message ranked so has nothing left to learn. */
const TOP_RANK = 2;

export function createInboxRanks(memdesk: Memdesk, logger: Logger, maxWaiting = 50_000): InboxRanks {
  // By customer, then by inbox id.
  const byCustomer = new Map<string, Map<string, Waiting>>();
  const customerOf = new Map<string, string>();
  const customer = (m: { slackUserId: string; channelId: string }) => memdesk.directory.resolve(m).customer_id;

  function forget(inboxId: string): void {
    const key = customerOf.get(inboxId);
    if (key === undefined) return;
    customerOf.delete(inboxId);
    const waiting = byCustomer.get(key);
    waiting?.delete(inboxId);
    if (waiting && !waiting.size) byCustomer.delete(key);
  }

  async function raise(w: Waiting, rank: number | null, why: string): Promise<void> {
    if (rank === null || rank <= w.rank) return;
    w.rank = rank;
    if (rank >= TOP_RANK) forget(w.inboxId);
    await memdesk.delivery.raisePriority(w.inboxId, rank);
    logger.debug({ inbox_id: w.inboxId, priority: rank, why }, 'waiting inbox item ranked higher');
  }

  return {
    waiting(inboxId, message, rank) {
      const w: Waiting = { inboxId, message, rank };
      if (rank < TOP_RANK) {
        // Bounded: a row another instance claimed is never claimed here, so it would stay forever.
        if (customerOf.size >= maxWaiting) {
          byCustomer.clear();
          customerOf.clear();
        }
        const key = customer(message);
        customerOf.set(inboxId, key);
        let waiting = byCustomer.get(key);
        if (!waiting) byCustomer.set(key, (waiting = new Map()));
        waiting.set(inboxId, w);
      }
      // A sender not known yet: their memories are read after the ack (once, however many messages).
      memdesk
        .lookUpInboxPriority(message)
        .then((priority) => raise(w, priority, "its sender's memories"))
        // Only the order of the queue is at stake: the turn reads memory itself.
        .catch((err: unknown) => logger.warn({ err, inbox_id: inboxId }, "could not read the sender's memories to rank an inbox item"));
    },
    claimed(inboxIds) {
      for (const id of inboxIds) forget(id);
    },
    async learned(sender) {
      const waiting = byCustomer.get(customer(sender));
      if (!waiting) return;
      const raised = [...waiting.values()].map((w) => raise(w, memdesk.inboxPriority(w.message), 'a turn of its sender'));
      const failed = (await Promise.allSettled(raised)).find((r) => r.status === 'rejected');
      if (failed) logger.warn({ err: failed.reason }, 'could not rank waiting inbox items again');
    },
  };
}
