// The records schema on PostgreSQL, as numbered steps. Never edit a step that has shipped: add the
// next one, so every database that ran the old steps reaches the same shape.
import type { Migration } from './migrate.js';

export const recordsMigrations: Migration[] = [
  {
    version: 1,
    name: 'tickets, escalations, csm notices, write-back outbox, operation log',
    sql: `
      CREATE TABLE tickets (
        ticket_id text PRIMARY KEY, trace_id text NOT NULL, customer_id text NOT NULL, account_id text NOT NULL,
        status text NOT NULL, priority text, issue_type text, sla_due_at timestamptz,
        created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, message text NOT NULL, state jsonb NOT NULL,
        slack_channel text, slack_thread_ts text
      );
      CREATE INDEX tickets_thread ON tickets (slack_channel, slack_thread_ts);
      CREATE INDEX tickets_created ON tickets (created_at, ticket_id);

      CREATE TABLE escalations (
        escalation_id text PRIMARY KEY, ticket_id text NOT NULL, priority text NOT NULL, reason text NOT NULL,
        summary text NOT NULL, handoff_summary text NOT NULL, sla_due_at timestamptz, created_at timestamptz NOT NULL
      );
      CREATE INDEX escalations_ticket ON escalations (ticket_id, created_at);

      CREATE TABLE csm_notices (
        notice_id text PRIMARY KEY, ticket_id text NOT NULL, account_id text NOT NULL, customer_id text NOT NULL,
        csm_name text, handoff_summary text NOT NULL, risk_reason text NOT NULL, created_at timestamptz NOT NULL
      );
      CREATE INDEX csm_notices_ticket ON csm_notices (ticket_id, created_at);

      CREATE TABLE writeback_outbox (
        outbox_id text PRIMARY KEY, ticket_id text, trace_id text NOT NULL, scope_kind text NOT NULL, scope_id text NOT NULL,
        text text NOT NULL, metadata jsonb NOT NULL, infer boolean NOT NULL, status text NOT NULL, attempts integer NOT NULL,
        next_attempt_at timestamptz NOT NULL, last_error text, memory_id text, created_at timestamptz NOT NULL
      );
      -- Only pending rows are ever polled; done rows stay for the audit trail but out of this index.
      CREATE INDEX writeback_outbox_due ON writeback_outbox (next_attempt_at) WHERE status = 'pending';

      CREATE TABLE operation_log (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL, trace_id text NOT NULL,
        ticket_id text, kind text NOT NULL, detail jsonb NOT NULL
      );
      CREATE INDEX operation_log_trace ON operation_log (trace_id);
      CREATE INDEX operation_log_ticket ON operation_log (ticket_id);

      -- The log is evidence of what the agent did, so the database itself refuses to rewrite it,
      -- whatever client or script connects.
      CREATE FUNCTION operation_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'operation_log is append-only: % refused', TG_OP;
      END $$;
      CREATE TRIGGER operation_log_no_update_delete BEFORE UPDATE OR DELETE ON operation_log
        FOR EACH ROW EXECUTE FUNCTION operation_log_refuse_change();
      CREATE TRIGGER operation_log_no_truncate BEFORE TRUNCATE ON operation_log
        FOR EACH STATEMENT EXECUTE FUNCTION operation_log_refuse_change();
    `,
  },
  {
    version: 2,
    name: 'durable inbox with delivery keys, and effect records',
    sql: `
      CREATE TABLE inbox (
        inbox_id text PRIMARY KEY, kind text NOT NULL, payload jsonb NOT NULL, status text NOT NULL,
        attempts integer NOT NULL, lease_until timestamptz, error text, created_at timestamptz NOT NULL
      );
      -- Workers poll only pending items, oldest first.
      CREATE INDEX inbox_pending ON inbox (created_at, inbox_id) WHERE status = 'pending';
      -- One row per delivery key (event id, channel+ts): the primary key is what refuses a redelivery.
      CREATE TABLE inbox_keys (key text PRIMARY KEY, inbox_id text NOT NULL);
      CREATE TABLE effects (key text PRIMARY KEY, status text NOT NULL, result jsonb, at timestamptz NOT NULL);
    `,
  },
];
