// The records' tables as Kysely sees them. Column values come back in each backend's own types
// (PostgreSQL: Date, parsed jsonb, boolean, bigint as text; SQLite: text and integers); columns.ts
// turns them into what the ports speak.
import type { ColumnType, Generated } from 'kysely';
import type { CsmNotice } from '../core/ports.js';

/** An instant: written as ISO-8601 text, read back as text (SQLite) or a Date (PostgreSQL). */
type Instant = ColumnType<string | Date, string, string>;
type NullableInstant = ColumnType<string | Date | null, string | null, string | null>;
/** JSON: written as text, read back as text (SQLite) or parsed (PostgreSQL jsonb). */
type Json = ColumnType<unknown, string, string>;

export interface RecordsSchema {
  tickets: {
    ticket_id: string;
    trace_id: string;
    customer_id: string;
    account_id: string;
    status: string;
    priority: string | null;
    issue_type: string | null;
    sla_due_at: NullableInstant;
    created_at: Instant;
    updated_at: Instant;
    message: string;
    state: Json;
    slack_channel: string | null;
    slack_thread_ts: string | null;
    owner: string | null;
    first_response_at: NullableInstant;
    customer_waiting_since: NullableInstant;
    escalation_ts: string | null;
    // Report figures (006): derived from the state when it is written, and counts the log keeps.
    last_action: string | null;
    sla_plan: string | null;
    /** bigint on PostgreSQL: comes back as text there. */
    first_response_ms: ColumnType<number | string | null, number | null, number | null>;
    resolution_ms: ColumnType<number | string | null, number | null, number | null>;
    first_response_due_at: NullableInstant;
    first_response_stopped_at: NullableInstant;
    next_response_due_at: NullableInstant;
    next_response_stopped_at: NullableInstant;
    resolution_due_at: NullableInstant;
    resolution_stopped_at: NullableInstant;
    /** The reasons memory changed the ticket's action (JSON array), null when it did not. */
    memory_reasons: ColumnType<unknown, string | null, string | null>;
    fallbacks: ColumnType<number, number | undefined, number>;
    blocked_calls: ColumnType<number, number | undefined, number>;
    /** (010) Replies a decider wrote that claimed what no tool did (reply_blocked events). */
    blocked_replies: ColumnType<number, number | undefined, number>;
    feedback: ColumnType<number, number | undefined, number>;
    helpful: ColumnType<number, number | undefined, number>;
    knowledge_gaps: ColumnType<number, number | undefined, number>;
    /** An escalation record exists (a person was asked to take it); boolean on PostgreSQL, 0/1 on SQLite. */
    escalated: ColumnType<boolean | number, boolean | number | undefined, boolean | number>;
    /** (008) When a running SLA clock first calls for an alert (core/sla-clocks.ts firstAlertAt); null when none runs. */
    sla_alert_at: NullableInstant;
  };
  escalations: {
    escalation_id: string;
    ticket_id: string;
    priority: string;
    reason: string;
    summary: string;
    handoff_summary: string;
    sla_due_at: NullableInstant;
    created_at: Instant;
  };
  /** A CSM notice is stored as the port speaks it; only its instant is read back per backend. */
  csm_notices: Omit<CsmNotice, 'created_at'> & { created_at: Instant };
  writeback_outbox: {
    outbox_id: string;
    ticket_id: string | null;
    trace_id: string;
    scope_kind: string;
    scope_id: string;
    text: string;
    metadata: Json;
    /** boolean on PostgreSQL, 0/1 on SQLite; written as 0/1, which both accept. */
    infer: ColumnType<boolean | number, number, number>;
    status: string;
    attempts: number;
    next_attempt_at: Instant;
    last_error: string | null;
    memory_id: string | null;
    created_at: Instant;
  };
  inbox: {
    inbox_id: string;
    kind: string;
    payload: Json;
    status: string;
    attempts: number;
    lease_until: NullableInstant;
    error: string | null;
    created_at: Instant;
    /** How urgent the message looked when it was accepted (core/inbox-priority.ts): claimed highest first. */
    priority: ColumnType<number, number | undefined, number>;
  };
  inbox_keys: { key: string; inbox_id: string };
  effects: { key: string; status: string; result: ColumnType<unknown, string | null, string | null>; at: Instant };
  operation_log: {
    seq: Generated<number | string>;
    at: Instant;
    trace_id: string;
    ticket_id: string | null;
    kind: string;
    detail: Json;
  };
}
