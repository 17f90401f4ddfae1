// What `memdesk report` reads from the records, already aggregated by the store
// (src/store/report-records.ts) from each ticket's report columns: counts and sums, the response
// and resolution times to take percentiles of, the clocks that may be breached, the tickets memory
// changed. Nothing here grows with the operation log.
import type { ClockName } from '../core/sla-clocks.js';

export interface ReportFilter {
  /** Tickets opened at or after this instant (ISO-8601). */
  since: string;
  accountId?: string;
  /** The report's "now": running clocks due before it are breached. Without it every running clock is read. */
  now?: string;
}

/** A ticket's SLA clock that stopped after its due time, or still runs (breached once past due). */
export interface ClockAtRisk {
  ticket_id: string;
  account_id: string;
  plan: string;
  clock: ClockName;
  due_at: string;
  stopped_at: string | null;
}

export interface ReportRecords {
  tickets: number;
  /** Tickets per UTC day (YYYY-MM-DD) and issue type (null: not read yet). */
  by_day_type: { day: string; issue_type: string | null; tickets: number }[];
  /** Tickets memdesk's own answer settled: no escalation, no owner, not with a person. */
  deflected: number;
  /** Tickets on a plan with SLA clocks, per plan. */
  plan_tickets: { plan: string; tickets: number }[];
  /** Business milliseconds to the first answer, of each ticket with clocks, per plan. */
  first_response: { plan: string; ms: number[] }[];
  /** Business milliseconds to resolution, of each resolved ticket with clocks, per plan. */
  resolution: { plan: string; ms: number[] }[];
  /** Oldest due first within each clock, so the report's sort finds them nearly in order. */
  clocks_at_risk: ClockAtRisk[];
  /** Turns a fallback decided (model failed or too slow), blocked tool calls, blocked replies, feedback marks, gaps. */
  fallbacks: number;
  blocked_calls: number;
  blocked_replies: number;
  feedback: number;
  helpful: number;
  knowledge_gaps: number;
  /** The tickets where memory changed the action, with why (memory_changed_action events). */
  memory_changes: { ticket_id: string; reasons: string[] }[];
  top_accounts: { account_id: string; tickets: number }[];
}

/** The store's read side for the report: one call, a handful of SQL aggregates over one table. */
export interface ReportReader {
  read(filter: ReportFilter): Promise<ReportRecords>;
}
