// The records schema, as numbered steps run at start on both backends (sql/migrate.ts). Never
// edit a step that has shipped: add the next one, so every database reaches the same shape.
// Each step creates only what is missing, so a database made by an earlier memdesk (SQLite tables
// created at open, PostgreSQL steps recorded in memdesk_migrations) is adopted as it is.
import { sql, type Kysely } from 'kysely';
import type { Backend } from '../sql/database.js';
import type { Migrations } from '../sql/migrate.js';

/** Column types per backend: PostgreSQL gets real instants, JSON and booleans; SQLite stores text. */
const typesFor = (backend: Backend) =>
  backend === 'postgres'
    ? ({ instant: 'timestamptz', json: 'jsonb', boolean: 'boolean' } as const)
    : ({ instant: 'text', json: 'text', boolean: 'integer' } as const);

export function recordsMigrations(backend: Backend): Migrations {
  const t = typesFor(backend);
  return {
    '001_tickets_escalations_notices_outbox_log': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('tickets')
          .ifNotExists()
          .addColumn('ticket_id', 'text', (c) => c.primaryKey())
          .addColumn('trace_id', 'text', (c) => c.notNull())
          .addColumn('customer_id', 'text', (c) => c.notNull())
          .addColumn('account_id', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('priority', 'text')
          .addColumn('issue_type', 'text')
          .addColumn('sla_due_at', t.instant)
          .addColumn('created_at', t.instant, (c) => c.notNull())
          .addColumn('updated_at', t.instant, (c) => c.notNull())
          .addColumn('message', 'text', (c) => c.notNull())
          .addColumn('state', t.json, (c) => c.notNull())
          .addColumn('slack_channel', 'text')
          .addColumn('slack_thread_ts', 'text')
          .execute();
        await db.schema.createIndex('tickets_thread').ifNotExists().on('tickets').columns(['slack_channel', 'slack_thread_ts']).execute();
        await db.schema.createIndex('tickets_created').ifNotExists().on('tickets').columns(['created_at', 'ticket_id']).execute();

        await db.schema
          .createTable('escalations')
          .ifNotExists()
          .addColumn('escalation_id', 'text', (c) => c.primaryKey())
          .addColumn('ticket_id', 'text', (c) => c.notNull())
          .addColumn('priority', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('summary', 'text', (c) => c.notNull())
          .addColumn('handoff_summary', 'text', (c) => c.notNull())
          .addColumn('sla_due_at', t.instant)
          .addColumn('created_at', t.instant, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('escalations_ticket').ifNotExists().on('escalations').columns(['ticket_id', 'created_at']).execute();

        await db.schema
          .createTable('csm_notices')
          .ifNotExists()
          .addColumn('notice_id', 'text', (c) => c.primaryKey())
          .addColumn('ticket_id', 'text', (c) => c.notNull())
          .addColumn('account_id', 'text', (c) => c.notNull())
          .addColumn('customer_id', 'text', (c) => c.notNull())
          .addColumn('csm_name', 'text')
          .addColumn('handoff_summary', 'text', (c) => c.notNull())
          .addColumn('risk_reason', 'text', (c) => c.notNull())
          .addColumn('created_at', t.instant, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('csm_notices_ticket').ifNotExists().on('csm_notices').columns(['ticket_id', 'created_at']).execute();

        await db.schema
          .createTable('writeback_outbox')
          .ifNotExists()
          .addColumn('outbox_id', 'text', (c) => c.primaryKey())
          .addColumn('ticket_id', 'text')
          .addColumn('trace_id', 'text', (c) => c.notNull())
          .addColumn('scope_kind', 'text', (c) => c.notNull())
          .addColumn('scope_id', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('metadata', t.json, (c) => c.notNull())
          .addColumn('infer', t.boolean, (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('next_attempt_at', t.instant, (c) => c.notNull())
          .addColumn('last_error', 'text')
          .addColumn('memory_id', 'text')
          .addColumn('created_at', t.instant, (c) => c.notNull())
          .execute();
        // Only pending rows are ever polled; done rows stay for the audit trail but out of this index.
        await db.schema
          .createIndex('writeback_outbox_due')
          .ifNotExists()
          .on('writeback_outbox')
          .column('next_attempt_at')
          .where(sql.ref('status'), '=', 'pending')
          .execute();

        await db.schema
          .createTable('operation_log')
          .ifNotExists()
          .addColumn('seq', backend === 'postgres' ? 'bigint' : 'integer', (c) =>
            backend === 'postgres' ? c.generatedAlwaysAsIdentity().primaryKey() : c.primaryKey(),
          )
          .addColumn('at', t.instant, (c) => c.notNull())
          .addColumn('trace_id', 'text', (c) => c.notNull())
          .addColumn('ticket_id', 'text')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('detail', t.json, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('operation_log_trace').ifNotExists().on('operation_log').column('trace_id').execute();
        await db.schema.createIndex('operation_log_ticket').ifNotExists().on('operation_log').column('ticket_id').execute();
        await appendOnly(db, backend);
      },
    },
    '002_inbox_delivery_keys_effects': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('inbox')
          .ifNotExists()
          .addColumn('inbox_id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('payload', t.json, (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('lease_until', t.instant)
          .addColumn('error', 'text')
          .addColumn('created_at', t.instant, (c) => c.notNull())
          .execute();
        // Workers poll only pending items, oldest first.
        await db.schema
          .createIndex('inbox_pending')
          .ifNotExists()
          .on('inbox')
          .columns(['created_at', 'inbox_id'])
          .where(sql.ref('status'), '=', 'pending')
          .execute();
        // One row per delivery key (event id, channel+ts): the primary key is what refuses a redelivery.
        await db.schema
          .createTable('inbox_keys')
          .ifNotExists()
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('inbox_id', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('effects')
          .ifNotExists()
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('result', t.json)
          .addColumn('at', t.instant, (c) => c.notNull())
          .execute();
      },
    },
    // The help center's gap list reads events by kind across every ticket.
    '003_operation_log_kind': {
      async up(db: Kysely<any>) {
        await db.schema.createIndex('operation_log_kind').ifNotExists().on('operation_log').columns(['kind', 'seq']).execute();
      },
    },
    '004_ticket_owner_and_responses': {
      // People in the loop: who on the team holds a ticket, when it was first answered, since when the
      // customer has been waiting for the next answer, and the escalation post its owner took it on.
      async up(db: Kysely<any>) {
        for (const [name, type] of [
          ['owner', 'text'],
          ['first_response_at', t.instant],
          ['customer_waiting_since', t.instant],
          ['escalation_ts', 'text'],
        ] as const) {
          await db.schema.alterTable('tickets').addColumn(name, type).execute();
        }
        // Intake looks up a customer's newest ticket in a channel.
        await db.schema.createIndex('tickets_customer_channel').ifNotExists().on('tickets').columns(['customer_id', 'slack_channel', 'created_at']).execute();
      },
    },
    '005_report_indexes': {
      // `memdesk report` filters tickets by account and period, and counts log events of a few kinds
      // for those tickets.
      async up(db: Kysely<any>) {
        await db.schema.createIndex('tickets_account_created').ifNotExists().on('tickets').columns(['account_id', 'created_at']).execute();
        await db.schema.createIndex('operation_log_kind_ticket').ifNotExists().on('operation_log').columns(['kind', 'ticket_id']).execute();
      },
    },
  };
}

/**
 * The log is evidence of what the agent did, so the database itself refuses to rewrite it,
 * whatever client or script connects. Trigger syntax is each backend's own.
 */
async function appendOnly(db: Kysely<any>, backend: Backend): Promise<void> {
  if (backend === 'sqlite') {
    await sql`CREATE TRIGGER IF NOT EXISTS operation_log_no_update BEFORE UPDATE ON operation_log
      BEGIN SELECT RAISE(ABORT, 'operation_log is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER IF NOT EXISTS operation_log_no_delete BEFORE DELETE ON operation_log
      BEGIN SELECT RAISE(ABORT, 'operation_log is append-only'); END`.execute(db);
    return;
  }
  await sql`CREATE OR REPLACE FUNCTION operation_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'operation_log is append-only: % refused', TG_OP;
    END $$`.execute(db);
  await sql`DROP TRIGGER IF EXISTS operation_log_no_update_delete ON operation_log`.execute(db);
  await sql`CREATE TRIGGER operation_log_no_update_delete BEFORE UPDATE OR DELETE ON operation_log
    FOR EACH ROW EXECUTE FUNCTION operation_log_refuse_change()`.execute(db);
  await sql`DROP TRIGGER IF EXISTS operation_log_no_truncate ON operation_log`.execute(db);
  await sql`CREATE TRIGGER operation_log_no_truncate BEFORE TRUNCATE ON operation_log
    FOR EACH STATEMENT EXECUTE FUNCTION operation_log_refuse_change()`.execute(db);
}
