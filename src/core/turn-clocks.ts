// How one memdesk turn moves a ticket's SLA clocks. A new ticket on a plan with targets starts its
// clocks at the moment it opened; a follow-up starts the next-response clock; memdesk's reply in
// this turn is a response, so it stops the response clocks; a resolved ticket stops them all.
import type { Assessment } from './assess.js';
import { hoursForAccount } from './sla-rules.js';
import { customerWaiting, startClocks, stopAll, stopResponse, type TicketClocks } from './sla-clocks.js';
import type { Directory, Ticket } from './ports.js';

export function clocksAfterTurn(
  ticket: Ticket,
  x: { assessment: Assessment; directory: Directory; now: Date; continued: boolean; status: Ticket['status'] },
): TicketClocks | undefined {
  let clocks = ticket.state.clocks;
  const sla = x.assessment.plan.sla;
  if (!clocks && sla) {
    const csmName = x.assessment.facts.csm_name;
    clocks = startClocks(new Date(ticket.created_at), {
      plan: x.assessment.plan_key,
      sla,
      hours: hoursForAccount(sla, x.directory.accountHours(ticket.account_id)),
      csmSlackUserId: (csmName && x.directory.staffByName(csmName)?.slack_user_id) || null,
    });
  } else if (clocks && x.continued) {
    clocks = customerWaiting(clocks, x.now);
  }
  if (!clocks) return undefined;
  clocks = stopResponse(clocks, x.now);
  return x.status === 'resolved' ? stopAll(clocks, x.now) : clocks;
}
