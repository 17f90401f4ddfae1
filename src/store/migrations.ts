// The records schema, as numbered steps run at start on both backends (sql/migrate.ts). Never
// edit a step that has shipped: add the next one, so every database reaches the same shape.
// Each step creates only what is missing, so a database made by an earlier memdesk (SQLite tables
// created at open, PostgreSQL steps recorded in memdesk_migrations) is adopted as it is.
import { sql, type Kysely } from 'kysely';
import type { Backend } from '../sql/database.js';
import type { Migrations } from '../sql/migrate.js';
import { ticketFigures } from '../insights/ticket-figures.js';
import { firstAlertAt } from '../core/sla-clocks.js';
import type { TicketState } from '../core/ports.js';

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
    '006_ticket_report_columns': {
      // `memdesk report` over 100k tickets / 1M log rows must take seconds, not a scan of every
      // ticket's JSON state and the log: each ticket carries its report figures (written with its
      // state, ticket-figures.ts) and the counts of its log events the report shows (kept by the log
      // as it appends). Existing tickets are back-filled here from their state and their log.
      async up(db: Kysely<any>) {
        const big = backend === 'postgres' ? 'bigint' : 'integer';
        for (const [name, type] of [
          ['last_action', 'text'],
          ['sla_plan', 'text'],
          ['first_response_ms', big],
          ['resolution_ms', big],
          ['first_response_due_at', t.instant],
          ['first_response_stopped_at', t.instant],
          ['next_response_due_at', t.instant],
          ['next_response_stopped_at', t.instant],
          ['resolution_due_at', t.instant],
          ['resolution_stopped_at', t.instant],
          ['memory_reasons', t.json],
        ] as const) {
          await db.schema.alterTable('tickets').addColumn(name, type).execute();
        }
        for (const name of countsAt006) {
          await db.schema.alterTable('tickets').addColumn(name, 'integer', (c) => c.notNull().defaultTo(0)).execute();
        }
        // Deflection asks whether anyone was asked to take the ticket: kept as a flag, not probed per row.
        await db.schema.alterTable('tickets').addColumn('escalated', t.boolean, (c) => c.notNull().defaultTo(backend === 'postgres' ? sql`false` : 0)).execute();
        await backfillTicketFigures(db);
        await backfillEventCounts(db, backend);
        await sql`UPDATE tickets SET escalated = ${backend === 'postgres' ? sql`true` : sql`1`}
          WHERE EXISTS (SELECT 1 FROM escalations e WHERE e.ticket_id = tickets.ticket_id)`.execute(db);
        // The report reads a period (and maybe one account) of these columns only: an index that holds
        // them all, so neither backend reads the wide ticket rows (state, message) to answer it.
        await createReportIndex(db, backend, reportIndexColumnsAt006);
      },
    },
    '007_inbox_priority': {
      // Urgent tickets first at claim time: each row carries the urgency its message shows before any
      // turn (core/inbox-priority.ts), and workers take the highest first, then the oldest.
      async up(db: Kysely<any>) {
        await db.schema.alterTable('inbox').addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0)).execute();
        await db.schema.dropIndex('inbox_pending').ifExists().execute();
        await db.schema
          .createIndex('inbox_pending')
          .ifNotExists()
          .on('inbox')
          .columns(['priority desc', 'created_at', 'inbox_id'])
          .where(sql.ref('status'), '=', 'pending')
          .execute();
      },
    },
    '008_sla_alert_at': {
      // The SLA scan runs every few seconds: it reads the tickets whose running clock reached its
      // warning point by this column, not every open ticket's state (6,000 open tickets held the
      // event loop ~130 ms a scan). Open tickets are back-filled from their state.
      async up(db: Kysely<any>) {
        await db.schema.alterTable('tickets').addColumn('sla_alert_at', t.instant).execute();
        await backfillSlaAlertAt(db);
        await db.schema.createIndex('tickets_sla_alert').ifNotExists().on('tickets').column('sla_alert_at').where(sql.ref('sla_alert_at'), 'is not', null).execute();
      },
    },
    '009_answered_is_waiting_on_customer': {
      // A ticket memdesk answered without resolving it waits on the customer: the status `answered`
      // (never in the documented set) becomes `waiting_on_customer`.
      async up(db: Kysely<any>) {
        await db.updateTable('tickets').set({ status: 'waiting_on_customer' }).where('status', '=', 'answered').execute();
      },
    },
    '010_blocked_replies': {
      // `memdesk report` counts the replies a decider wrote that claimed what no tool did (reply_blocked)
      // beside the tool calls the guardrails refused: one more count column, back-filled from the log, and
      // the report's index rebuilt to hold it.
      async up(db: Kysely<any>) {
        await db.schema.alterTable('tickets').addColumn('blocked_replies', 'integer', (c) => c.notNull().defaultTo(0)).execute();
        await sql`UPDATE tickets SET blocked_replies = (SELECT count(*) FROM operation_log o WHERE o.ticket_id = tickets.ticket_id AND o.kind = 'reply_blocked')
          WHERE EXISTS (SELECT 1 FROM operation_log o WHERE o.ticket_id = tickets.ticket_id AND o.kind = 'reply_blocked')`.execute(db);
        await db.schema.dropIndex('tickets_report').ifExists().execute();
        await createReportIndex(db, backend, [...reportIndexColumnsAt006, 'blocked_replies']);
      },
    },
  };
}

/** Each open ticket's first SLA alert instant, from its state, in pages of a thousand. */
async function backfillSlaAlertAt(db: Kysely<any>): Promise<void> {
  let after = '';
  for (;;) {
    const page: { ticket_id: string; state: unknown }[] = await db
      .selectFrom('tickets')
      .select(['ticket_id', 'state'])
      .where('status', '!=', 'resolved')
      .where('ticket_id', '>', after)
      .orderBy('ticket_id')
      .limit(1000)
      .execute();
    if (!page.length) return;
    for (const row of page) {
      const state = (typeof row.state === 'string' ? JSON.parse(row.state) : row.state) as TicketState;
      const at = firstAlertAt(state.clocks);
      if (at) await db.updateTable('tickets').set({ sla_alert_at: at }).where('ticket_id', '=', row.ticket_id).execute();
    }
    after = page[page.length - 1]!.ticket_id;
  }
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

/** The event counts migration 006 added; later ones add their own columns (010: blocked_replies). */
const countsAt006 = ['fallbacks', 'blocked_calls', 'feedback', 'helpful', 'knowledge_gaps'] as const;

/** What `memdesk report` read from a ticket as of migration 006, period and account first (store/report-records.ts). */
const reportIndexColumnsAt006 = [
  'created_at',
  'account_id',
  'issue_type',
  'sla_plan',
  'status',
  'last_action',
  'owner',
  'escalated',
  'ticket_id',
  'first_response_ms',
  'resolution_ms',
  'fallbacks',
  'blocked_calls',
  'feedback',
  'helpful',
  'knowledge_gaps',
  'first_response_due_at',
  'first_response_stopped_at',
  'next_response_due_at',
  'next_response_stopped_at',
  'resolution_due_at',
  'resolution_stopped_at',
  'memory_reasons',
] as const;

/** The index `memdesk report` reads a period of tickets from: these columns and nothing of the wide rows. */
async function createReportIndex(db: Kysely<any>, backend: Backend, columns: readonly string[]): Promise<void> {
  if (backend === 'postgres') {
    await sql`CREATE INDEX IF NOT EXISTS tickets_report ON tickets (created_at, account_id) INCLUDE (${sql.join(columns.slice(2).map((c) => sql.ref(c)))})`.execute(db);
  } else {
    await db.schema.createIndex('tickets_report').ifNotExists().on('tickets').columns([...columns]).execute();
  }
}

/** Every existing ticket's report figures, from its state, in pages of a thousand. */
async function backfillTicketFigures(db: Kysely<any>): Promise<void> {
  let after = '';
  for (;;) {
    const page: { ticket_id: string; state: unknown }[] = await db.selectFrom('tickets').select(['ticket_id', 'state']).where('ticket_id', '>', after).orderBy('ticket_id').limit(1000).execute();
    if (!page.length) return;
    for (const row of page) {
      const state = (typeof row.state === 'string' ? JSON.parse(row.state) : row.state) as TicketState;
      await db.updateTable('tickets').set(ticketFigures(state)).where('ticket_id', '=', row.ticket_id).execute();
    }
    after = page[page.length - 1]!.ticket_id;
  }
}

/** Every existing ticket's event counts and memory reasons, from the log, in SQL. */
async function backfillEventCounts(db: Kysely<any>, backend: Backend): Promise<void> {
  const field = (name: string) => (backend === 'postgres' ? sql.raw(`(o.detail->>'${name}')`) : sql.raw(`json_extract(o.detail, '$.${name}')`));
  const helpful = backend === 'postgres' ? sql.raw(`(o.detail->>'helpful') = 'true'`) : sql.raw(`json_extract(o.detail, '$.helpful') = 1`);
  const count = (kind: string, extra = sql``) =>
    sql`(SELECT count(*) FROM operation_log o WHERE o.ticket_id = tickets.ticket_id AND o.kind = ${kind} ${extra})`;
  await sql`UPDATE tickets SET
      fallbacks = ${count('ticket_finalized', sql`AND ${field('decided_by')} LIKE '%fallback%'`)},
      blocked_calls = ${count('tool_blocked')},
      feedback = ${count('answer_feedback')},
      helpful = ${count('answer_feedback', sql`AND ${helpful}`)},
      knowledge_gaps = ${count('knowledge_gap_found')},
      memory_reasons = (SELECT o.detail${backend === 'postgres' ? sql.raw(`->'reasons'`) : sql.raw(`->'$.reasons'`)} FROM operation_log o
        WHERE o.ticket_id = tickets.ticket_id AND o.kind = 'memory_changed_action' ORDER BY o.seq LIMIT 1)
    WHERE EXISTS (SELECT 1 FROM operation_log o WHERE o.ticket_id = tickets.ticket_id)`.execute(db);
}
