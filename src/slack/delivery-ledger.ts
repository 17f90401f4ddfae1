// What the Slack front door persists to deliver exactly once: the durable inbox (a delivery is
// stored before Slack's ack, then worked from here) and effect records (a Slack post or reaction:
// intent before, result after). Implemented over the shared database in src/store/.

/** A delivery accepted at the door (a Slack event), persisted before the ack and worked from here. */
export interface InboxItem {
  inbox_id: string;
  kind: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'done' | 'failed';
  attempts: number;
  lease_until: string | null;
  error: string | null;
  created_at: string;
  /** How urgent the message looked when accepted (core/inbox-priority.ts); workers claim the highest first, then the oldest. */
  priority: number;
}

/** One side effect (a Slack post, a reaction): intent recorded before, result after. */
export interface EffectRecord {
  key: string;
  status: 'intent' | 'done';
  result: Record<string, unknown> | null;
}

export interface DeliveryLedger {
  /** Persists a delivery unless any of its keys (event id, channel+ts) was accepted before; false for a duplicate. Priority defaults to 0. */
  accept(item: { inbox_id: string; kind: string; payload: Record<string, unknown>; keys: string[]; priority?: number }): Promise<boolean>;
  /**
   * Leases up to `limit` pending items (new, or whose lease ran out: a crashed worker's) to one worker:
   * the highest priority first, then the oldest; returned oldest first, so one thread's messages stay in order.
   */
  claim(opts: { leaseMs: number; limit: number }): Promise<InboxItem[]>;
  /** Extends the lease of items this worker still holds (pending ones), so no other instance takes a turn still in flight. */
  renew(inboxIds: string[], leaseMs: number): Promise<void>;
  /** Ranks a waiting item higher (never lower): what its sender's memories showed after it was accepted. */
  raisePriority(inboxId: string, priority: number): Promise<void>;
  finish(inboxId: string, status: 'done' | 'failed', error?: string): Promise<void>;
  counts(): Promise<Record<InboxItem['status'], number>>;
  effect(key: string): Promise<EffectRecord | undefined>;
  recordEffect(key: string, status: EffectRecord['status'], result?: Record<string, unknown>): Promise<void>;
}
