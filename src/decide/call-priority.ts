// Where a ticket's model calls stand in the call scheduler's queue, from the rules' assessment:
// the more urgent the ticket, the sooner; then the tighter the contractual SLA (Enterprise before
// Pro before a plan with none); then a ticket with an open promise. Equal ranks run oldest first.
import type { Assessment } from '../core/assess.js';
import { priorityRank } from '../core/policy.js';

export function callPriority(assessment: Assessment): number {
  const sla = assessment.plan_known ? assessment.plan.sla_hours : null;
  // 1..999, shorter SLA higher; no SLA is 0. Weighted so each signal only breaks the previous one's ties.
  const slaRank = sla === null ? 0 : Math.max(1, Math.min(999, Math.round(1000 - sla)));
  return priorityRank(assessment.priority) * 10_000 + slaRank * 10 + (assessment.open_promises.length > 0 ? 1 : 0);
}
