// How urgent a new customer message looks before any turn runs, so the inbox worker takes urgent
// tickets first: an urgent ticket accepted behind a burst of ordinary ones must not wait for them.
// Known at that point without memory or a model: the reader's signals (impact, a security signal,
// the issue type) and, once a turn of this customer's has run on this instance, their plan, open
// promises and repeat issues as that turn's assessment found them (their standing).
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
  return {
    priorityOf({ slackUserId, channelId, text }) {
      const { customer_id } = deps.directory.resolve({ slackUserId, channelId });
      return inboxPriority(deps.reader.read({ text: text.slice(0, MAX_PACKET_MESSAGE_CHARS) }), deps.rules, standings.get(customer_id));
    },
    learn(outcome) {
      // Bounded: started afresh when full, so a long-running bot never grows without limit.
      if (standings.size >= maxCustomers && !standings.has(outcome.customer_id)) standings.clear();
      standings.set(outcome.customer_id, customerStanding(outcome.assessment, deps.rules, isoDay(deps.clock.now())));
    },
  };
}

/** What a customer's last assessed turn showed about them that raises a ticket's priority. */
interface CustomerStanding {
  /** The plan memory named; null when it named none. */
  plan_key: string | null;
  open_promise: boolean;
  /** Issue types that would count as a repeat issue for this customer now. */
  repeat_issue_types: IssueType[];
}

function customerStanding(assessment: Assessment, rules: Rules, today: string): CustomerStanding {
  return {
    plan_key: assessment.plan_known ? assessment.plan_key : null,
    open_promise: assessment.open_promises.length > 0,
    repeat_issue_types: readingIssueTypes.filter((t) => repeatIssues(assessment.facts, t, rules, today).length >= rules.repeat_issue.threshold),
  };
}

/** A plan with no default of its own and no cap: only the floors (impact, security) raise the priority. */
const noPlanKnown = { default_priority: 'low', max_priority: 'urgent' } as const;

function inboxPriority(reading: Reading, rules: Rules, standing?: CustomerStanding): number {
  const { type: issue_type } = handledAs(reading, rules);
  const plan = standing?.plan_key ? rules.plans[standing.plan_key] : undefined;
  const { priority } = ticketPriority(rules, {
    plan: { ...(plan ?? rules.plans[rules.unknown_plan]!), ...(plan ? {} : noPlanKnown) },
    issue_type,
    handoff: reading.asks_for_human,
    severity: reading.severity,
    is_repeat: standing?.repeat_issue_types.includes(issue_type) ?? false,
    open_promise: standing?.open_promise ?? false,
  });
  return Math.max(0, priorityRank(priority) - priorityRank('medium'));
}
