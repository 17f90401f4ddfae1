// How one memdesk turn moves a ticket's SLA clocks. A new ticket on a plan with targets starts its
// clocks at the moment it opened; a follow-up starts the next-response clock; a reopened ticket's
// resolution clock resumes. Those are the clocks while the turn decides: a handoff promises the
// customer the running response clock's due time. memdesk's reply in this turn is a response, so it
// then stops the response clocks, unless the turn leaves the ticket with the team: that reply only says
// who answers and by when, so the clock runs on to the promised time and its warning and breach alerts
// fire if nobody answers by then. A resolved ticket stops them all.
import type { Assessment } from './assess.js';
import { hoursForAccount } from './sla-rules.js';
import { customerWaiting, resumeResolution, startClocks, stopAll, stopResponse, type TicketClocks } from './sla-clocks.js';
import type { Directory, Ticket } from './ports.js';

/** The ticket's clocks as the turn's message finds them, before memdesk answers. */
export function clocksBeforeReply(
  ticket: Ticket,
  x: { assessment: Assessment; directory: Directory; now: Date; continued: boolean },
): TicketClocks | undefined {
  let clocks = ticket.state.clocks;
  const sla = x.assessment.plan.sla;
  if (!clocks && sla) {
    const csmName = x.assessment.facts.csm_name;
    return startClocks(new Date(ticket.created_at), {
      plan: x.assessment.plan_key,
      sla,
      hours: hoursForAccount(sla, x.directory.accountHours(ticket.account_id)),
      csmSlackUserId: (csmName && x.directory.staffByName(csmName)?.slack_user_id) || null,
    });
  }
  // Only a resolved ticket has its resolution clock stopped: a message in it reopens it (open-ticket.ts).
  if (clocks && x.continued) clocks = customerWaiting(resumeResolution(clocks, x.now), x.now);
  return clocks;
}

/**
 * A ticket the turn leaves with the team (escalated) awaits a person's answer: memdesk's reply that turn
 * ("our team will reply by …") is no response, neither on the clocks nor as the ticket's first response.
 */
export const awaitsTeam = (status: Ticket['status']): boolean => status === 'escalated';

/** `first_response_by` when memdesk's own reply was the customer's first response (a person's is their Slack user id). */
export const FIRST_RESPONSE_BY_MEMDESK = 'memdesk';

/** The clocks once memdesk's reply is written: the response clocks stop, unless a person's answer is awaited; a resolved ticket's all stop. */
export function clocksAfterReply(clocks: TicketClocks | undefined, x: { now: Date; status: Ticket['status'] }): TicketClocks | undefined {
  if (!clocks) return undefined;
  if (awaitsTeam(x.status)) return clocks;
  const answered = stopResponse(clocks, x.now);
  return x.status === 'resolved' ? stopAll(answered, x.now) : answered;
}
