// The behaviour memdesk's records owe it, per port, run once per backend (SQLite on a temp folder,
// PostgreSQL on a schema of its own): tickets (ticket-repository-contract.ts), the delivery ledger,
// the write-back outbox and the operation log. Tests name their own ids and never assume an empty
// database, so a backend may share one database across the file.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import type { CsmNotice, Escalation, Ticket, Writeback } from '../../src/core/ports.js';
import type { Clock } from '../../src/clock.js';
import type { Records } from '../../src/store/open-store.js';

export interface ContractRecords {
  records: Records;
  /** Closes the records and opens them again on the same data, as a restarted process would. */
  reopen(): Promise<Records>;
  /** SQL straight to the database, around the store: proves the database itself refuses an edit. */
  rawExec(sql: string): Promise<void>;
  cleanup(): Promise<void>;
}
export type MakeRecords = (clock: Clock) => Promise<ContractRecords>;

/** A clock the tests move by hand. */
export function manualClock(startIso: string): Clock & { advance(ms: number): void } {
  let at = Date.parse(startIso);
  return { now: () => new Date(at), advance: (ms) => void (at += ms) };
}

export const HOUR = 3_600_000;

/** Fresh records for each test of the calling describe block, and the fixtures the contracts share. */
export function contractRecords(make: MakeRecords) {
  const c = {
    handle: undefined as unknown as ContractRecords,
    records: undefined as unknown as Records,
    clock: manualClock('2026-11-25T09:00:00.000Z'),
    run: '',
    id: (prefix: string, n: number | string = 1) => `${prefix}_${c.run}_${n}`,
    iso: (offsetMs = 0) => new Date(c.clock.now().getTime() + offsetMs).toISOString(),
    ticket: (n: number, extra: Partial<Ticket> = {}): Ticket => ticket(n, extra),
    escalation: (ticketId: string, n: number, extra: Partial<Escalation> = {}): Escalation => escalation(ticketId, n, extra),
    notice: (ticketId: string, n: number, extra: Partial<CsmNotice> = {}): CsmNotice => notice(ticketId, n, extra),
    writeback: (n: number, extra: Partial<Writeback> = {}): Writeback => writeback(n, extra),
    async reopen() {
      c.records = await c.handle.reopen();
    },
  };
  const { id, iso } = c;
  const ticket = (n: number, extra: Partial<Ticket> = {}): Ticket => ({
    ticket_id: id('T', n),
    trace_id: id('trace', n),
    customer_id: 'cust_ben',
    account_id: 'acct_northwind',
    status: 'open',
    priority: null,
    issue_type: null,
    sla_due_at: null,
    created_at: iso(n * 1000),
    updated_at: iso(n * 1000),
    message: `I was charged twice (message ${n})`,
    state: { issue_type: 'billing', asked: [], fields: {}, turns: 1, last_action: null },
    slack_channel: null,
    slack_thread_ts: null,
    owner: null,
    first_response_at: null,
    customer_waiting_since: null,
    escalation_ts: null,
    ...extra,
  });
  const escalation = (ticketId: string, n: number, extra: Partial<Escalation> = {}): Escalation => ({
    escalation_id: id('esc', n),
    ticket_id: ticketId,
    priority: 'high',
    reason: 'billing dispute on an enterprise account',
    summary: 'double charge',
    handoff_summary: 'Ben was charged twice for March; invoice INV-2026-0042',
    sla_due_at: iso(4 * HOUR),
    created_at: iso(n * 1000),
    ...extra,
  });
  const notice = (ticketId: string, n: number, extra: Partial<CsmNotice> = {}): CsmNotice => ({
    notice_id: id('csm', n),
    ticket_id: ticketId,
    account_id: 'acct_northwind',
    customer_id: 'cust_ben',
    csm_name: 'Dana Lee',
    handoff_summary: 'Cancellation risk: Ben asked how to cancel',
    risk_reason: 'cancellation intent',
    created_at: iso(n * 1000),
    ...extra,
  });
  const writeback = (n: number, extra: Partial<Writeback> = {}): Writeback => ({
    outbox_id: id('wb', n),
    ticket_id: id('T', 1),
    trace_id: id('trace', 1),
    scope: { kind: 'customer', id: 'cust_ben' },
    text: `Ben was refunded for the double charge (${n})`,
    metadata: { app: 'memdesk', issue_type: 'billing' },
    infer: true,
    status: 'pending',
    attempts: 0,
    next_attempt_at: iso(n * 1000),
    last_error: null,
    memory_id: null,
    created_at: iso(n * 1000),
    ...extra,
  });

  beforeEach(async () => {
    c.run = randomBytes(4).toString('hex');
    c.clock = manualClock('2026-11-25T09:00:00.000Z');
    c.handle = await make(c.clock);
    c.records = c.handle.records;
  });
  afterEach(async () => {
    await c.handle.cleanup();
  });
  return c;
}
