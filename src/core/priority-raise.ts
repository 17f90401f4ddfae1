// Use case: a customer's follow-up on a ticket a person already has says the impact grew ("it's
// urgent now, the whole team is blocked", "production is down for everyone"). The ticket is not
// escalated a second time, but its priority goes up to what the policy's impact floors
// (rules.yml `severity_priority`) give, never above the plan's highest allowed priority, and
// never down. The act stage writes it; the team is told in the escalation's thread. A ticket a person
// holds by replying in its thread may have no priority yet (it was never escalated): the impact then
// sets one, from the same floors and limit.
import type { Assessment } from './assess.js';
import { priorityRank, type Rules } from './policy.js';
import type { Ticket } from './ports.js';
import type { Priority } from './tools.js';

export interface PriorityRaise {
  /** null: the ticket had no priority (a person holds it without an escalation). */
  from: Priority | null;
  to: Priority;
  /** What the customer said about impact, as the policy names it ("production blocked", "many users"). */
  reasons: string[];
}

export function priorityRaise(ticket: Pick<Ticket, 'priority'>, a: Pick<Assessment, 'already_escalated' | 'reading' | 'max_priority'>, rules: Pick<Rules, 'severity_priority'>): PriorityRaise | null {
  const from = ticket.priority ?? null;
  if (!a.already_escalated) return null;
  const rank = (p: Priority | null) => (p ? priorityRank(p) : -1);
  let to: Priority | null = from;
  const reasons: string[] = [];
  for (const [signal, atLeast] of Object.entries(rules.severity_priority)) {
    if (!atLeast || !a.reading.severity[signal as keyof Assessment['reading']['severity']]) continue;
    reasons.push(signal.replace(/_/g, ' '));
    if (priorityRank(atLeast) > rank(to)) to = atLeast;
  }
  if (rank(to) > priorityRank(a.max_priority)) to = rank(from) > priorityRank(a.max_priority) ? from : a.max_priority;
  return to && rank(to) > rank(from) ? { from, to, reasons } : null;
}
