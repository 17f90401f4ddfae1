// Use case: a customer's follow-up on a ticket a person already has says the impact grew ("it's
// urgent now, the whole team is blocked", "production is down for everyone"). The ticket is not
// escalated a second time, but its priority goes up to what the policy's impact floors
// (rules.yml `severity_priority`) give, never above the plan's highest allowed priority, and
// never down. The act stage writes it; the team is told in the escalation's thread.
import type { Assessment } from './assess.js';
import { priorityRank, type Rules } from './policy.js';
import type { Ticket } from './ports.js';
import type { Priority } from './tools.js';

export interface PriorityRaise {
  from: Priority;
  to: Priority;
  /** What the customer said about impact, as the policy names it ("production blocked", "many users"). */
  reasons: string[];
}

export function priorityRaise(ticket: Pick<Ticket, 'priority'>, a: Pick<Assessment, 'already_escalated' | 'reading' | 'max_priority'>, rules: Pick<Rules, 'severity_priority'>): PriorityRaise | null {
  const from = ticket.priority;
  if (!a.already_escalated || !from) return null;
  let to: Priority = from;
  const reasons: string[] = [];
  for (const [signal, atLeast] of Object.entries(rules.severity_priority)) {
    if (!atLeast || !a.reading.severity[signal as keyof Assessment['reading']['severity']]) continue;
    reasons.push(signal.replace(/_/g, ' '));
    if (priorityRank(atLeast) > priorityRank(to)) to = atLeast;
  }
  if (priorityRank(to) > priorityRank(a.max_priority)) to = priorityRank(from) > priorityRank(a.max_priority) ? from : a.max_priority;
  return priorityRank(to) > priorityRank(from) ? { from, to, reasons } : null;
}
