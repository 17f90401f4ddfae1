// What `memdesk report` reads from the records: the period's tickets with their SLA clocks, and the
// operation-log events it counts, already aggregated by the store (src/store/report-records.ts).
import type { TicketState } from '../core/ports.js';

export interface ReportFilter {
  /** Tickets opened at or after this instant (ISO-8601). */
  since: string;
  accountId?: string;
}

export interface ReportTicket {
  ticket_id: string;
  account_id: string;
  issue_type: string | null;
  status: string;
  created_at: string;
  state: TicketState;
  /** An escalation record exists: a person was asked to handle it. */
  escalated: boolean;
  /** The person on the team who holds (or held) the ticket. */
  owner: string | null;
}

export interface ReportRecords {
  tickets: ReportTicket[];
  /** Turns memdesk finalized, and how many of them a fallback decided (model failed or too slow). */
  turns: number;
  fallbacks: number;
  blocked_calls: number;
  /** answer_feedback events, and how many of them marked the answer helpful. */
  feedback: number;
  helpful: number;
  knowledge_gaps: number;
  /** The reasons memory changed a turn's action, per ticket (memory_changed_action events). */
  memory_changes: { ticket_id: string; reasons: string[] }[];
  top_accounts: { account_id: string; tickets: number }[];
}

/** The store's read side for the report: one call, a handful of SQL aggregates. */
export interface ReportReader {
  read(filter: ReportFilter): Promise<ReportRecords>;
}
