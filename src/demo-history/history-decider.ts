// The demo history's model: it decides as the configured decider does, with the two things a real
// model does over three months that the report counts. On the history's outage afternoons it fails,
// and the turn falls back to the policy engine through the same wrapper a model outage goes through
// (decided_by "policy (fallback: http_503)"); and now and then, escalating a ticket of an account on
// a plan without CSM notices, it over-reaches with a CSM notice the guardrails refuse.
import type { Clock } from '../clock.js';
import type { Decider } from '../core/ports.js';
import { deciderError } from '../decide/decider-error.js';
import { withFallback } from '../decide/fallback.js';

export function historyDecider(chosen: Decider, x: { clock: Clock; outages: readonly { from: number; to: number }[] }): Decider {
  const primary: Decider = {
    name: chosen.name,
    ...(chosen.model !== undefined ? { model: chosen.model } : {}),
    async propose(packet, assessment) {
      const now = x.clock.now().getTime();
      if (x.outages.some((o) => now >= o.from && now < o.to)) throw deciderError('http_503', 'the model was unavailable (demo history outage)', { status: 503 });
      const proposal = await chosen.propose(packet, assessment);
      const escalates = proposal.calls.some((c) => c.name === 'create_escalation_ticket');
      if (!escalates || assessment.plan.notify_csm_on_escalation || stableShare(packet.ticket_id ?? '') >= 0.08) return proposal;
      const overreach = {
        id: 'history-csm-notice',
        name: 'notify_customer_success_manager',
        args: { account_id: packet.customer.account_id, customer_id: packet.customer.customer_id, handoff_summary: 'The customer escalated; please check in with the account.', risk_reason: 'escalation' },
      };
      return { ...proposal, calls: [...proposal.calls, overreach] };
    },
    conclude: (packet, proposal, outcomes, assessment) => chosen.conclude(packet, proposal, outcomes, assessment),
  };
  return withFallback(primary, chosen);
}

/** A share in [0, 1) that depends only on the text (the history's ticket ids are fixed). */
function stableShare(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) / 4294967296;
}
