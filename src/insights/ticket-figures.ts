// What the report needs from one ticket's state, worked out when the state is written (not when the
// report runs): the plan its SLA clocks follow, its response and resolution times in business time,
// and each clock's due and stop instants. The store keeps these as columns of the ticket, so
// `memdesk report` aggregates one indexed table instead of parsing every ticket's JSON state.
import { businessMinutesBetween } from '../core/business-hours.js';
import type { TicketState } from '../core/ports.js';

export interface TicketFigures {
  last_action: string | null;
  sla_plan: string | null;
  /** Business milliseconds from opening to the first answer (memdesk's or a person's). */
  first_response_ms: number | null;
  /** Business milliseconds from opening to resolution, once the resolution clock stopped. */
  resolution_ms: number | null;
  first_response_due_at: string | null;
  first_response_stopped_at: string | null;
  next_response_due_at: string | null;
  next_response_stopped_at: string | null;
  resolution_due_at: string | null;
  resolution_stopped_at: string | null;
}

export function ticketFigures(state: TicketState): TicketFigures {
  const clocks = state.clocks;
  const hours = clocks?.business_hours;
  const between = (from: string, to: string) => (hours ? Math.round(businessMinutesBetween(new Date(from), new Date(to), hours) * 60_000) : null);
  return {
    last_action: state.last_action ?? null,
    sla_plan: clocks?.plan ?? null,
    first_response_ms: clocks?.first_response && clocks.first_response_at ? between(clocks.first_response.started_at, clocks.first_response_at) : null,
    resolution_ms: clocks?.resolution?.stopped_at ? between(clocks.resolution.started_at, clocks.resolution.stopped_at) : null,
    first_response_due_at: clocks?.first_response?.due_at ?? null,
    first_response_stopped_at: clocks?.first_response?.stopped_at ?? null,
    next_response_due_at: clocks?.next_response?.due_at ?? null,
    next_response_stopped_at: clocks?.next_response?.stopped_at ?? null,
    resolution_due_at: clocks?.resolution?.due_at ?? null,
    resolution_stopped_at: clocks?.resolution?.stopped_at ?? null,
  };
}
