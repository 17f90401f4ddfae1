// How urgent a new customer message looks before any turn runs, so the inbox worker takes urgent
// tickets first: an urgent ticket accepted behind a burst of ordinary ones must not wait for them.
// Known at that point without memory or a model: the reader's signals (impact, a security signal,
// the issue type) and, once a turn of this customer's has run on this instance, their open promises
// and repeat issues as that turn's assessment found them (their standing); the account's plan once a
// turn of anyone on the account has run.
// The same rules as the assessment (assess.ts, ticketPriority) give the priority; only the ranks
// above the usual ones count (0 = nothing above medium, 1 = high, 2 = urgent), so a message nothing
// is known about is never put behind one merely known to be low.
import { isoDay, type Clock } from '../clock.js';
import { handledAs, ticketPriority, type Assessment } from './assess.js';
import { repeatIssues } from './memory-facts.js';
import { MAX_PACKET_MESSAGE_CHARS } from './packet.js';
import { priorityRank, type Rules } from './policy.js';
import type { Directory, TicketOutcome } from './ports.js';
import { readingIssueTypes, type Reader, type Reading } from './reading.js';
import type { IssueType } from './tools.js';

/** The inbox's side of the loop: ranks a message at the door, and learns from each finished turn. */
export interface InboxTriage {
  /** 0, 1 (high) or 2 (urgent): see the file's first lines. */
  priorityOf(message: { slackUserId: string; channelId: string; text: string }): number;
  learn(outcome: TicketOutcome): void;
}

export function inboxTriage(deps: { directory: Directory; reader: Reader; rules: Rules; clock: Clock }, maxCustomers = 50_000): InboxTriage {
  const standings = new Map<string, CustomerStanding>();
  const plans = new Map<string, string>();
  // Bounded: started afresh when full, so a long-running bot never grows without limit.
  const remember = <T>(known: Map<string, T>, key: string, value: T) => {
    if (known.size >= maxCustomers && !known.has(key)) known.clear();
    known.set(key, value);
  };
  return {
    priorityOf({ slackUserId, channelId, text }) {
      const { customer_id, account_id } = deps.directory.resolve({ slackUserId, channelId });
      const standing = standings.get(customer_id) ?? { open_promise: false, repeat_issue_types: [] };
      return inboxPriority(deps.reader.read({ text: text.slice(0, MAX_PACKET_MESSAGE_CHARS) }), deps.rules, plans.get(account_id), standing);
    },
    learn({ customer_id, account_id, assessment }) {
      remember(standings, customer_id, customerStanding(assessment, deps.rules, isoDay(deps.clock.now())));
      if (assessment.plan_known) remember(plans, account_id, assessment.plan_key);
    },
  };
}

/** What a customer's last assessed turn showed about them that raises a ticket's priority. */
interface CustomerStanding {
  open_promise: boolean;
  /** Issue types that would count as a repeat issue for this customer now. */
  repeat_issue_types: IssueType[];
}

function customerStanding(assessment: Assessment, rules: Rules, today: string): CustomerStanding {
  return {
    open_promise: assessment.open_promises.length > 0,
    repeat_issue_types: readingIssueTypes.filter((t) => repeatIssues(assessment.facts, t, rules, today).length >= rules.repeat_issue.threshold),
  };
}

/** A plan with no default of its own and no cap: only the floors (impact, security) raise the priority. */
const noPlanKnown = { default_priority: 'low', max_priority: 'urgent' } as const;

function inboxPriority(reading: Reading, rules: Rules, planKey: string | undefined, standing: CustomerStanding): number {
  const { type: issue_type } = handledAs(reading, rules);
  const plan = planKey ? rules.plans[planKey] : undefined;
  const { priority } = ticketPriority(rules, {
    plan: { ...(plan ?? rules.plans[rules.unknown_plan]!), ...(plan ? {} : noPlanKnown) },
    issue_type,
    handoff: reading.asks_for_human,
    severity: reading.severity,
    is_repeat: standing.repeat_issue_types.includes(issue_type),
    open_promise: standing.open_promise,
  });
  return Math.max(0, priorityRank(priority) - priorityRank('medium'));
}
