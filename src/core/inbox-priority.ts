// How urgent a new customer message looks before any turn runs, so the inbox worker takes urgent
// tickets first: an urgent ticket accepted behind a burst of ordinary ones must not wait for them.
// Known at that point without a model: the reader's signals (impact, a security signal, the issue
// type) and the customer's standing (open promises, repeat issues) and the account's plan, as the
// last turn of theirs on this instance found them, or else as their remembered facts say: the first
// message from someone not known yet is ranked on the reader alone at the door, and once both
// scopes' memories have been read (off the ack path) ranked again (InboxTriage.lookUp).
// A customer's earlier messages accepted at the door whose turns have not finished yet count too, as
// their write-backs will: in a burst, a customer's third outage report is a repeat issue at the door,
// not only once the first two were answered (then it had waited behind the whole burst at rank 0).
// The same rules as the assessment (assess.ts, ticketPriority) give the priority; only the ranks
// above the usual ones count (0 = nothing above medium, 1 = high, 2 = urgent), so a message nothing
// is known about is never put behind one merely known to be low.
import { isoDay, type Clock } from '../clock.js';
import { handledAs, ticketPriority } from './assess.js';
import { readMemoryFacts, repeatIssues, type MemoryFacts } from './memory-facts.js';
import { MAX_PACKET_MESSAGE_CHARS, toPacketMemories } from './packet.js';
import { priorityRank, type Rules } from './policy.js';
import type { Directory, MemoryStore, TicketOutcome } from './ports.js';
import { readingIssueTypes, type Reader, type Reading } from './reading.js';
import type { IssueType } from './tools.js';

/** The inbox's side of the loop: ranks a message at the door, and learns from each finished turn. */
export interface InboxTriage {
  /** 0, 1 (high) or 2 (urgent): see the file's first lines. With its ts, the message counts as waiting from now on. */
  priorityOf(message: InboxMessage): number;
  /**
   * For a sender whose standing is not known yet: reads their and their account's memories (once,
   * however many of their messages arrive meanwhile) and ranks the message again; null when the
   * standing was known already (priorityOf had it) or the sender is unknown. Memory errors reject.
   */
  lookUp(message: InboxMessage): Promise<number | null>;
  learn(outcome: TicketOutcome): void;
}

interface InboxMessage {
  slackUserId: string;
  channelId: string;
  text: string;
  /**
   * The message's Slack ts, when it is being accepted: it then counts as waiting (a prior issue of
   * its type for the customer's later messages) until its turn finishes or WAITING_MAX_MS passes.
   */
  ts?: string;
}

/** A message accepted at the door whose turn has not finished (or that never made a ticket): forgotten after this. */
const WAITING_MAX_MS = 15 * 60_000;
/** Most waiting messages remembered per customer. */
const WAITING_PER_CUSTOMER = 100;

export function inboxTriage(
  deps: { directory: Directory; reader: Reader; memory: MemoryStore; rules: Rules; clock: Clock; intakeWindowSeconds?: number },
  maxCustomers = 50_000,
): InboxTriage {
  const standings = new Map<string, CustomerStanding>();
  /** By customer: their accepted messages still waiting for (or in) their turn, by channel and ts. */
  const waiting = new Map<string, Map<string, { issue_type: IssueType; ts: number; at: number }>>();
  const plans = new Map<string, string>();
  const lookups = new Map<string, Promise<void>>();
  // Bounded: started afresh when full, so a long-running bot never grows without limit.
  const remember = <T>(known: Map<string, T>, key: string, value: T) => {
    if (known.size >= maxCustomers && !known.has(key)) known.clear();
    known.set(key, value);
  };
  const today = () => isoDay(deps.clock.now());

  /** What the customer's and their account's memories say, unless a finished turn said it first. */
  async function readStanding(customerId: string, accountId: string): Promise<void> {
    const [customer, account] = await Promise.all([
      deps.memory.list({ kind: 'customer', id: customerId }),
      deps.memory.list({ kind: 'account', id: accountId }),
    ]);
    // Read as the loop reads a packet's memories (the same fields, the same cut), every one of them.
    const memories = toPacketMemories([...customer, ...account].map((m) => ({ ...m, score: 1 })), Infinity);
    const facts = readMemoryFacts(memories, deps.rules, today(), deps.reader);
    if (!standings.has(customerId)) remember(standings, customerId, customerStanding(facts, deps.rules, today()));
    if (facts.plan && !plans.has(accountId)) remember(plans, accountId, facts.plan.key);
  }

  /**
   * The customer's earlier messages (by Slack ts) of this issue type still waiting for their turns. Within the
   * intake window a later message joins the earlier one's ticket (one ticket, no repeat): only
   * messages sent longer ago than that count.
   */
  function waitingOfType(customerId: string, issueType: IssueType, key: string | undefined, ts: number): number {
    const mine = waiting.get(customerId);
    if (!mine) return 0;
    const now = Date.now();
    const window = deps.intakeWindowSeconds ?? 0;
    let n = 0;
    for (const [k, w] of mine) {
      if (now - w.at > WAITING_MAX_MS) mine.delete(k);
      else if (k !== key && w.issue_type === issueType && w.ts < ts && ts - w.ts > window) n++;
    }
    if (!mine.size) waiting.delete(customerId);
    return n;
  }

  function noteWaiting(customerId: string, key: string, issueType: IssueType, ts: number): void {
    let mine = waiting.get(customerId);
    if (!mine) {
      if (waiting.size >= maxCustomers) waiting.clear();
      mine = new Map();
      waiting.set(customerId, mine);
    }
    if (mine.size >= WAITING_PER_CUSTOMER && !mine.has(key)) mine.delete(mine.keys().next().value as string);
    if (!mine.has(key)) mine.set(key, { issue_type: issueType, ts, at: Date.now() });
  }

  /** The message's rank; at the door (`accepting`) it is also noted as waiting for its turn. */
  function rank({ slackUserId, channelId, text, ts }: InboxMessage, accepting: boolean): number {
    const { customer_id, account_id } = deps.directory.resolve({ slackUserId, channelId });
    const standing = standings.get(customer_id) ?? { open_promise: false, prior_issues: {} };
    const reading = deps.reader.read({ text: text.slice(0, MAX_PACKET_MESSAGE_CHARS) });
    const issueType = handledAs(reading, deps.rules).type;
    const key = ts === undefined ? undefined : `${channelId}:${ts}`;
    const seconds = ts === undefined ? Infinity : Number(ts);
    const priors = (standing.prior_issues[issueType] ?? 0) + waitingOfType(customer_id, issueType, key, seconds);
    if (accepting && key !== undefined) noteWaiting(customer_id, key, issueType, seconds);
    return inboxPriority(reading, deps.rules, plans.get(account_id), { open_promise: standing.open_promise, is_repeat: priors >= deps.rules.repeat_issue.threshold });
  }

  const triage: InboxTriage = {
    priorityOf: (message) => rank(message, true),
    async lookUp(message) {
      const { customer_id, account_id, resolved_by } = deps.directory.resolve({ slackUserId: message.slackUserId, channelId: message.channelId });
      if (resolved_by === 'unknown' || standings.has(customer_id)) return null;
      let reading = lookups.get(customer_id);
      if (!reading) {
        reading = readStanding(customer_id, account_id).finally(() => lookups.delete(customer_id));
        lookups.set(customer_id, reading);
      }
      await reading;
      // Its turn may have finished meanwhile: it is not noted as waiting again.
      return rank(message, false);
    },
    learn({ customer_id, account_id, assessment, ticket, tools_executed }) {
      // The turn's own issue counts from now on: its write-back puts it in memory, where the next
      // turn will find it (without it, the door ranked a customer's third outage as their second).
      const wroteBack = tools_executed.includes('store_support_outcome_memory');
      const facts = wroteBack
        ? { ...assessment.facts, prior_issues: [...assessment.facts.prior_issues, { issue_type: assessment.issue_type, date: today(), memory: '', memory_id: ticket.ticket_id }] }
        : assessment.facts;
      remember(standings, customer_id, customerStanding(facts, deps.rules, today()));
      if (assessment.plan_known) remember(plans, account_id, assessment.plan_key);
      // No longer waiting: its issue is in the standing now (when written back).
      const mine = waiting.get(customer_id);
      if (mine && ticket.slack_channel && ticket.slack_thread_ts) mine.delete(`${ticket.slack_channel}:${ticket.slack_thread_ts}`);
    },
  };
  return triage;
}

/** What a customer's last assessed turn showed about them that raises a ticket's priority. */
interface CustomerStanding {
  open_promise: boolean;
  /** By issue type, the customer's prior issues within the repeat window (a repeat at the rules' threshold). */
  prior_issues: Partial<Record<IssueType, number>>;
}

function customerStanding(facts: MemoryFacts, rules: Rules, today: string): CustomerStanding {
  const prior_issues: Partial<Record<IssueType, number>> = {};
  for (const t of readingIssueTypes) {
    const n = repeatIssues(facts, t, rules, today).length;
    if (n > 0) prior_issues[t] = n;
  }
  return { open_promise: facts.open_promises.length > 0, prior_issues };
}

/** A plan with no default of its own and no cap: only the floors (impact, security) raise the priority. */
const noPlanKnown = { default_priority: 'low', max_priority: 'urgent' } as const;

function inboxPriority(reading: Reading, rules: Rules, planKey: string | undefined, standing: { open_promise: boolean; is_repeat: boolean }): number {
  const { type: issue_type } = handledAs(reading, rules);
  const plan = planKey ? rules.plans[planKey] : undefined;
  const { priority } = ticketPriority(rules, {
    plan: { ...(plan ?? rules.plans[rules.unknown_plan]!), ...(plan ? {} : noPlanKnown) },
    issue_type,
    handoff: reading.asks_for_human,
    severity: reading.severity,
    is_repeat: standing.is_repeat,
    open_promise: standing.open_promise,
  });
  return Math.max(0, priorityRank(priority) - priorityRank('medium'));
}
