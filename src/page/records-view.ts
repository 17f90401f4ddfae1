// What the page shows beside the channels, read from the running memdesk: the memory panel (per
// account, and per customer inside it) and the ticket list with each ticket's decision trace.
import type { MemoryRecord, Scope, Ticket } from '../core/ports.js';
import type { Memdesk } from '../memdesk.js';
import { decisionTrace, type TraceStep } from './decision-trace.js';
import { clockNames, type TicketClocks } from '../core/sla-clocks.js';
import { wallClock, zoneName } from '../core/local-time.js';
import type { People, WorkspaceMember } from '../emulator/people.js';

export interface MemoryItem {
  id: string;
  text: string;
  updated_at: string;
  /** Where it came from: the seed, a ticket's outcome, or a staff resolution. */
  source: 'seed' | 'ticket' | 'resolution' | 'other';
  ticket_id?: string;
}

export interface MemoryScopeView {
  scope: Scope;
  name: string;
  memories: MemoryItem[];
}

export interface AccountMemoryView extends MemoryScopeView {
  customers: MemoryScopeView[];
}

export interface TicketView {
  ticket_id: string;
  customer_id: string;
  customer_name: string;
  account_name: string;
  status: string;
  priority: string | null;
  issue_type: string | null;
  sla_due_at: string | null;
  /** Who on the team holds the ticket (their name), or null while memdesk does. */
  owner: string | null;
  first_response_at: string | null;
  /** Who gave the first response: `memdesk`, or the person's name (their Slack user id when the directory does not know them). */
  first_response_by: string | null;
  created_at: string;
  thread_ts: string | null;
  /** The account's timezone, named once on the card (`UTC`, `America/New_York`): every time the card shows is a wall clock in it. */
  zone: string;
  /** `first_response_at` and `sla_due_at` as wall clocks in `zone` ("Wed 25 Nov, 17:00"; null when unset). */
  first_response_local: string | null;
  sla_due_local: string | null;
  /** The running SLA clocks' due times as wall clocks in `zone` (empty when none run). */
  clocks: { name: string; due: string; state: 'running' | 'warning' | 'breached' }[];
  trace: TraceStep[];
}

/** Memory for the people on the page's picker, grouped by the account memdesk places them in. */
export async function memoryPanels(memdesk: Memdesk, people: People): Promise<AccountMemoryView[]> {
  const accounts = new Map<string, { name: string; customers: Map<string, string> }>();
  // Staff have no memory of their own: they are not customers.
  for (const person of people.posters().filter((p) => p.role !== 'staff')) {
    const identity = memdesk.directory.resolve({ slackUserId: person.id, ...(person.email ? { email: person.email } : {}) });
    const known = identity.resolved_by !== 'unknown';
    const account = accounts.get(identity.account_id) ?? {
      name: known ? identity.account_name : `${person.real_name} (not in the directory)`,
      customers: new Map<string, string>(),
    };
    account.customers.set(identity.customer_id, known ? identity.customer_name : person.real_name);
    accounts.set(identity.account_id, account);
  }
  return Promise.all(
    [...accounts].map(async ([accountId, account]) => {
      const accountScope: Scope = { kind: 'account', id: accountId };
      const customers = await Promise.all(
        [...account.customers]
          // An unknown sender's account scope is their own customer scope; show it once.
          .filter(([customerId]) => customerId !== accountId)
          .map(async ([customerId, name]) => scopeView(memdesk, { kind: 'customer', id: customerId }, name)),
      );
      return { ...(await scopeView(memdesk, accountScope, account.name)), customers };
    }),
  );
}

async function scopeView(memdesk: Memdesk, scope: Scope, name: string): Promise<MemoryScopeView> {
  const memories = await memdesk.memory.list(scope);
  return { scope, name, memories: memories.map(memoryItem) };
}

function memoryItem(m: MemoryRecord): MemoryItem {
  const ticketId = typeof m.metadata.ticket_id === 'string' ? m.metadata.ticket_id : undefined;
  const source: MemoryItem['source'] =
    m.metadata.source === 'seed' ? 'seed' : m.metadata.status === 'resolved' && ticketId ? 'resolution' : ticketId ? 'ticket' : 'other';
  return { id: m.id, text: m.memory, updated_at: m.updated_at, source, ...(ticketId ? { ticket_id: ticketId } : {}) };
}

/**
 * Tickets opened from the threads the workspace shows now (thread ts → who started it), newest first.
 * Tickets of earlier sessions stay in the store but not on the page.
 */
export async function ticketViews(memdesk: Memdesk, opts: { channel: string; threads: ReadonlyMap<string, WorkspaceMember | undefined> }): Promise<TicketView[]> {
  const tickets = (await memdesk.tickets.list()).filter(
    (t) => t.slack_channel === opts.channel && t.slack_thread_ts && opts.threads.has(t.slack_thread_ts),
  );
  tickets.sort((a, b) => (b.slack_thread_ts ?? '').localeCompare(a.slack_thread_ts ?? ''));
  const staffName = (slackUserId: string) => memdesk.directory.staff().find((s) => s.slack_user_id === slackUserId)?.name ?? slackUserId;
  return Promise.all(
    tickets.map(async (t) => {
      const identity = memdesk.directory.resolve({ customerId: t.customer_id });
      // Somebody the directory does not know is still somebody in the workspace: name them.
      const person = identity.customer_id === t.customer_id ? undefined : opts.threads.get(t.slack_thread_ts ?? '');
      const [operations, customerMemories, accountMemories] = await Promise.all([
        memdesk.operationLog.read({ ticketId: t.ticket_id }),
        memdesk.memory.list({ kind: 'customer', id: t.customer_id }),
        memdesk.memory.list({ kind: 'account', id: t.account_id }),
      ]);
      const texts = new Map([...customerMemories, ...accountMemories].map((m) => [m.id, m.memory]));
      const timezone = accountTimezone(memdesk, t);
      const local = (iso: string | null | undefined) => (iso ? wallClock(iso, timezone) : null);
      return {
        ticket_id: t.ticket_id,
        customer_id: t.customer_id,
        customer_name: person ? person.real_name : identity.customer_name,
        account_name: !person ? identity.account_name : t.account_id === t.customer_id ? 'not in the directory' : t.account_id,
        status: t.status,
        priority: t.priority,
        issue_type: t.issue_type,
        sla_due_at: t.sla_due_at,
        owner: t.owner ? staffName(t.owner) : null,
        first_response_at: t.first_response_at ?? null,
        first_response_by: t.first_response_at && t.state.first_response_by ? staffName(t.state.first_response_by) : null,
        created_at: t.created_at,
        thread_ts: t.slack_thread_ts ?? null,
        zone: zoneName(timezone),
        first_response_local: local(t.first_response_at),
        sla_due_local: local(t.sla_due_at),
        clocks: clockViews(t.state.clocks, memdesk.clock.now()),
        trace: decisionTrace(operations, (id) => texts.get(id)),
      };
    }),
  );
}

/**
 * The zone the account's people read times in: its SLA clocks' business hours, else the hours the
 * directory keeps for the account, else UTC (a plan without clocks promises its due time in UTC).
 */
function accountTimezone(memdesk: Memdesk, t: Ticket): string {
  return t.state.clocks?.business_hours.timezone ?? memdesk.directory.accountHours(t.account_id)?.timezone ?? 'UTC';
}

function clockViews(clocks: TicketClocks | undefined, now: Date): TicketView['clocks'] {
  if (!clocks) return [];
  return clockNames.flatMap((name) => {
    const c = clocks[name];
    if (!c || c.stopped_at) return [];
    const t = now.getTime();
    const state = t >= Date.parse(c.due_at) ? 'breached' : t >= Date.parse(c.warn_at) ? 'warning' : 'running';
    return [{ name: name.replace('_', ' '), due: wallClock(c.due_at, clocks.business_hours.timezone), state }];
  });
}
