// How urgent a new customer message looks before any turn runs, so the inbox worker takes urgent
// tickets first: an urgent ticket accepted behind a burst of ordinary ones must not wait for them.
// Known at that point without a model: the reader's signals (impact, a security signal, the issue
// type) and the customer's standing (open promises, repeat issues) and the account's plan, as the
// last turn of theirs on this instance found them, or else as their remembered facts say: the first
// message from someone not known yet is ranked on the reader alone at the door, and once both
// scopes' memories have been read (off the ack path) ranked again (InboxTriage.lookUp); a waiting
// message is ranked again when a turn of its sender writes back, and when it finishes (slack/inbox-ranks.ts).
// The same rules as the assessment (assess.ts, ticketPriority) give the priority; only the ranks
// above the usual ones count (0 = nothing above medium, 1 = high, 2 = urgent), so a message nothing
// is known about is never put behind one merely known to be low. A top-level message within the
// intake window of its sender's latest ticket in that channel is that ticket's follow-up (intake.ts):
// the ticket's own outcome memories are not earlier issues of it, here as in the turn (repeatIssues).
import { isoDay, type Clock } from '../clock.js';
import { handledAs, ticketPriority } from './assess.js';
import { inIntakeWindow } from './intake.js';
import { isRepeatIssue, readMemoryFacts, repeatIssues, type PriorIssue } from './memory-facts.js';
import { promisesBearingOn, type OpenPromise } from './open-promises.js';
import { MAX_PACKET_MESSAGE_CHARS, toPacketMemories } from './packet.js';
import { priorityRank, type Rules } from './policy.js';
import type { Directory, MemoryStore, LearnedTurn, TicketRepository } from './ports.js';
import type { Reader, Reading } from './reading.js';

/** The inbox's side of the loop: ranks a message at the door, and learns from each finished turn. */
export interface InboxTriage {
  /** 0, 1 (high) or 2 (urgent): see the file's first lines. */
  priorityOf(message: InboxMessage): number;
  /**
   * For a sender whose standing is not known yet: reads their and their account's memories (once,
   * however many of their messages arrive meanwhile) and ranks the message again; null when the
   * standing was known already (priorityOf had it) or the sender is unknown. Memory errors reject.
   */
  lookUp(message: InboxMessage): Promise<number | null>;
  learn(outcome: LearnedTurn): void;
}

export interface InboxMessage {
  slackUserId: string;
  channelId: string;
  text: string;
  /** Its Slack ts: within the intake window of the sender's latest ticket in the channel, it follows that ticket up. */
  ts?: string;
}

export interface InboxTriageDeps {
  directory: Directory;
  reader: Reader;
  memory: MemoryStore;
  rules: Rules;
  clock: Clock;
  /** The sender's latest ticket in a channel, read with their memories when no turn of theirs ran here. */
  tickets: Pick<TicketRepository, 'latestFor'>;
  /** INTAKE_WINDOW: 0 makes every top-level message a ticket of its own. */
  intakeWindowSeconds: number;
}

/** A customer's latest ticket in one channel: a top-level message in its intake window joins it. */
interface LatestTicket {
  ticket_id: string;
  thread_ts: string;
}

export function inboxTriage(deps: InboxTriageDeps, maxCustomers = 50_000): InboxTriage {
  const standings = new Map<string, KnownCustomer>();
  const plans = new Map<string, string>();
  const latestTickets = new Map<string, LatestTicket>(); // `${customer} ${channel}` → their latest ticket there
  const lookups = new Map<string, Promise<void>>();
  // Bounded: started afresh when full, so a long-running bot never grows without limit.
  const remember = <T>(known: Map<string, T>, key: string, value: T) => {
    if (known.size >= maxCustomers && !known.has(key)) known.clear();
    known.set(key, value);
  };
  const today = () => isoDay(deps.clock.now());
  const ticketKey = (customerId: string, channelId: string) => `${customerId} ${channelId}`;
  /** A ticket seen (a turn here, or the ticket store), kept if it is the customer's latest in its channel. */
  const sawTicket = (customerId: string, channelId: string, ticket: LatestTicket) => {
    const known = latestTickets.get(ticketKey(customerId, channelId));
    if (!known || Number(ticket.thread_ts) >= Number(known.thread_ts)) remember(latestTickets, ticketKey(customerId, channelId), ticket);
  };
  /** The ticket a top-level message would follow up (intake.ts's window), whose own memories are no earlier issue. */
  const followedUp = (customerId: string, message: InboxMessage): string | null => {
    const latest = latestTickets.get(ticketKey(customerId, message.channelId));
    return latest && message.ts && inIntakeWindow(latest.thread_ts, message.ts, deps.intakeWindowSeconds) ? latest.ticket_id : null;
  };

  /**
   * Every issue of the customer's seen in any read of their memories (a look-up, a turn's recall) or
   * written back by a turn here, by memory: turns of one customer run side by side, and each one's
   * recall may predate the others' write-backs, so the last one to finish alone would undercount.
   */
  function know(customerId: string, issues: PriorIssue[], openPromises: OpenPromise[]): void {
    const all = new Map(standings.get(customerId)?.issues);
    for (const issue of issues) all.set(issue.memory_id, issue);
    // Bounded: the most recent ones, which are the ones a repeat-issue window counts.
    const kept = all.size > MAX_ISSUES_PER_CUSTOMER ? new Map([...all].sort(([, a], [, b]) => b.date.localeCompare(a.date)).slice(0, MAX_ISSUES_PER_CUSTOMER)) : all;
    remember(standings, customerId, { issues: kept, standing: { prior_issues: [...kept.values()], open_promises: openPromises } });
  }

  /** What the customer's and their account's memories say, unless a finished turn said it first. */
  async function readStanding(customerId: string, accountId: string, channelId: string): Promise<void> {
    const [customer, account, latest] = await Promise.all([
      deps.memory.list({ kind: 'customer', id: customerId }),
      deps.memory.list({ kind: 'account', id: accountId }),
      deps.intakeWindowSeconds > 0 ? deps.tickets.latestFor(customerId, channelId) : undefined,
    ]);
    if (latest?.slack_thread_ts) sawTicket(customerId, channelId, { ticket_id: latest.ticket_id, thread_ts: latest.slack_thread_ts });
    // Read as the loop reads a packet's memories (the same fields, the same cut), every one of them.
    const memories = toPacketMemories([...customer, ...account].map((m) => ({ ...m, score: 1 })), Infinity);
    const facts = readMemoryFacts(memories, deps.rules, today(), deps.reader, deps.directory.staffNames());
    const known = standings.get(customerId);
    // A finished turn's open promises are newer than this read; the issues it lists are added to theirs.
    know(customerId, facts.prior_issues, known ? known.standing.open_promises : facts.open_promises);
    if (facts.plan && !plans.has(accountId)) remember(plans, accountId, facts.plan.key);
  }

  const triage: InboxTriage = {
    priorityOf(inbound) {
      const { customer_id, account_id } = deps.directory.resolve({ slackUserId: inbound.slackUserId, channelId: inbound.channelId });
      const standing = standings.get(customer_id)?.standing ?? { open_promises: [], prior_issues: [] };
      const message = inbound.text.slice(0, MAX_PACKET_MESSAGE_CHARS);
      const reading = deps.reader.read({ text: message });
      return inboxPriority(reading, message, deps.rules, plans.get(account_id), standing, { today: today(), ticket: followedUp(customer_id, inbound) });
    },
    async lookUp(message) {
      const { customer_id, account_id, resolved_by } = deps.directory.resolve({ slackUserId: message.slackUserId, channelId: message.channelId });
      if (resolved_by === 'unknown' || standings.has(customer_id)) return null;
      let reading = lookups.get(customer_id);
      if (!reading) {
        reading = readStanding(customer_id, account_id, message.channelId).finally(() => lookups.delete(customer_id));
        lookups.set(customer_id, reading);
      }
      await reading;
      return triage.priorityOf(message);
    },
    learn({ customer_id, account_id, assessment, ticket, tools_executed, tool_calls }) {
      // The turn's own issue counts from now on: its write-back puts it in memory, where the next
      // turn will find it (without it, the door ranked a customer's third outage as their second).
      // Known by the memory's id, as a later read will list it (the ticket's while it is pending).
      const wroteBack = tools_executed.includes('store_support_outcome_memory');
      const written = tool_calls.find((c) => c.name === 'store_support_outcome_memory' && c.status === 'executed')?.result?.memory_id;
      const own = { issue_type: assessment.issue_type, date: today(), memory: '', memory_id: typeof written === 'string' ? written : ticket.ticket_id, ticket_id: ticket.ticket_id };
      know(customer_id, wroteBack ? [...assessment.facts.prior_issues, own] : assessment.facts.prior_issues, assessment.facts.open_promises);
      if (assessment.plan_known) remember(plans, account_id, assessment.plan_key);
      if (ticket.slack_channel && ticket.slack_thread_ts) sawTicket(customer_id, ticket.slack_channel, { ticket_id: ticket.ticket_id, thread_ts: ticket.slack_thread_ts });
    },
  };
  return triage;
}

const MAX_ISSUES_PER_CUSTOMER = 64;

interface KnownCustomer {
  issues: Map<string, PriorIssue>;
  /** Its open promises are as the newest read of their memories found them (a kept promise closes one). */
  standing: CustomerStanding;
}

/** What is known about a customer that raises a ticket's priority. */
interface CustomerStanding {
  /** Each counts only for a message it bears on (open-promises.ts). */
  open_promises: OpenPromise[];
  /** Their issues on record: a repeat issue is counted per message (repeatIssues), leaving out the ticket it follows up. */
  prior_issues: PriorIssue[];
}

/** A plan with no default of its own and no cap: only the floors (impact, security) raise the priority. */
const noPlanKnown = { default_priority: 'low', max_priority: 'urgent' } as const;

function inboxPriority(
  reading: Reading,
  message: string,
  rules: Rules,
  planKey: string | undefined,
  standing: CustomerStanding,
  /** The ticket the message follows up, if any: its own outcome memories are not earlier issues. */
  at: { today: string; ticket: string | null },
): number {
  const { type: issue_type } = handledAs(reading, message, rules);
  const facts = { prior_issues: standing.prior_issues, open_promises: [], used: new Set<string>() };
  const plan = planKey ? rules.plans[planKey] : undefined;
  const { priority } = ticketPriority(rules, {
    plan: { ...(plan ?? rules.plans[rules.unknown_plan]!), ...(plan ? {} : noPlanKnown) },
    // Before a turn has read the customer's memories the plan is not known to be missing, only not learned yet.
    no_plan_on_record: false,
    issue_type,
    handoff: reading.asks_for_human,
    severity: reading.severity,
    is_repeat: isRepeatIssue(repeatIssues(facts, issue_type, rules, at.today, at.ticket), issue_type, rules),
    open_promise: promisesBearingOn(standing.open_promises, { issue_type, message }).length > 0,
  });
  return Math.max(0, priorityRank(priority) - priorityRank('medium'));
}
