// Tickets, escalations and CSM notices: what the decision loop records, on either backend.
import type { Selectable } from 'kysely';
import type { CsmNotice, Escalation, Ticket, TicketRepository, TicketState } from '../core/ports.js';
import type { Clock } from '../clock.js';
import type { SqlDatabase } from '../sql/database.js';
import { withoutNul } from '../sql/drop-nul.js';
import { groupedInserts, groupedRows, insertRows } from '../sql/pg-grouped-rows.js';
import { prepared } from '../sql/prepared.js';
import { ticketFigures } from '../insights/ticket-figures.js';
import { firstAlertAt } from '../core/sla-clocks.js';
import { fromJson, instant, instantOrNull, toJson } from './columns.js';
import type { RecordsSchema } from './schema.js';

type TicketRow = Selectable<RecordsSchema['tickets']>;

/** The name the ticket being updated goes by among an update's values (no column is called so). */
const UPDATED_ID = 'where ticket_id';

const fromTicketRow = ({
  last_action: _a,
  sla_plan: _p,
  first_response_ms: _f,
  resolution_ms: _r,
  first_response_due_at: _fd,
  first_response_stopped_at: _fs,
  next_response_due_at: _nd,
  next_response_stopped_at: _ns,
  resolution_due_at: _rd,
  resolution_stopped_at: _rs,
  memory_reasons: _m,
  fallbacks: _fb,
  blocked_calls: _b,
  blocked_replies: _br,
  feedback: _fe,
  helpful: _h,
  knowledge_gaps: _k,
  escalated: _e,
  sla_alert_at: _sa,
  ...r
}: TicketRow): Ticket => ({
  ...r,
  status: r.status as Ticket['status'],
  priority: r.priority as Ticket['priority'],
  issue_type: r.issue_type as Ticket['issue_type'],
  sla_due_at: instantOrNull(r.sla_due_at),
  first_response_at: instantOrNull(r.first_response_at),
  customer_waiting_since: instantOrNull(r.customer_waiting_since),
  created_at: instant(r.created_at),
  updated_at: instant(r.updated_at),
  state: fromJson<Ticket['state']>(r.state),
});

/**
 * The state and what is kept beside it, worked out wherever the state is written: the report's figures
 * (insights/ticket-figures.ts) and when an SLA alert first falls due (the SLA scan's index).
 */
function stateColumns(state: TicketState) {
  return { state: toJson(state), ...ticketFigures(state), sla_alert_at: firstAlertAt(state.clocks) };
}

/** The columns a patch may set, as they are written. */
function ticketColumns(t: Partial<Ticket>) {
  const { state, slack_channel, slack_thread_ts, ticket_id: _id, ...rest } = t;
  return {
    ...rest,
    ...(state !== undefined ? stateColumns(state) : {}),
    ...(slack_channel !== undefined ? { slack_channel } : {}),
    ...(slack_thread_ts !== undefined ? { slack_thread_ts } : {}),
  };
}

export function createTicketRepository(sql: SqlDatabase<RecordsSchema>, clock: Clock): TicketRepository {
  const { db, durable } = sql;
  const byId = prepared(db, sql.backend, ['ticket_id'], ({ ticket_id }: { ticket_id: string }) => db.selectFrom('tickets').selectAll().where('ticket_id', '=', ticket_id));

  // On PostgreSQL the escalations and CSM notices of the turns in flight share multi-row inserts.
  const escalationColumns = ['escalation_id', 'ticket_id', 'priority', 'reason', 'summary', 'handoff_summary', 'sla_due_at', 'created_at'] as const;
  const noticeColumns = ['notice_id', 'ticket_id', 'account_id', 'customer_id', 'csm_name', 'handoff_summary', 'risk_reason', 'created_at'] as const;
  const groupedEscalations =
    sql.backend === 'postgres'
      ? groupedRows<Escalation>(db, {
          writes: (rows) => [
            ...insertRows('escalations_added', 'escalations', escalationColumns, 'ON CONFLICT (escalation_id) DO NOTHING RETURNING ticket_id')(rows),
            'escalations_flagged AS (UPDATE tickets SET escalated = true WHERE ticket_id IN (SELECT ticket_id FROM escalations_added))',
          ],
          columns: escalationColumns,
          types: { sla_due_at: 'timestamptz', created_at: 'timestamptz' },
          updates: 'tickets',
        })
      : undefined;
  const groupedNotices =
    sql.backend === 'postgres' ? groupedRows<CsmNotice>(db, {
          writes: insertRows('csm_notices_added', 'csm_notices', noticeColumns, 'ON CONFLICT (notice_id) DO NOTHING'),
          columns: noticeColumns,
          types: { created_at: 'timestamptz' },
        }) : undefined;
  const stored = (t: Ticket): Ticket => ({
    ...t,
    slack_channel: t.slack_channel ?? null,
    slack_thread_ts: t.slack_thread_ts ?? null,
    owner: t.owner ?? null,
    first_response_at: t.first_response_at ?? null,
    customer_waiting_since: t.customer_waiting_since ?? null,
    escalation_ts: t.escalation_ts ?? null,
  });
  const rowOf = (t: Ticket) => ({ ...stored(t), ...stateColumns(t.state) });
  const insert = (t: Ticket) => db.insertInto('tickets').values(rowOf(t));
  // On PostgreSQL a new ticket rides in the statement the turns in flight share, and hears whether it
  // was new. Its row is inserted, never updated there: nothing else writes a ticket before it exists.
  const newTicketColumns = [
    ...(['ticket_id', 'trace_id', 'customer_id', 'account_id', 'status', 'priority', 'issue_type', 'sla_due_at', 'created_at', 'updated_at', 'message', 'state'] as const),
    ...(['slack_channel', 'slack_thread_ts', 'owner', 'first_response_at', 'customer_waiting_since', 'escalation_ts'] as const),
    ...(Object.keys(ticketFigures({ issue_type: 'other', asked: [], fields: {}, turns: 0, last_action: null })) as (keyof ReturnType<typeof ticketFigures>)[]),
    'sla_alert_at' as const,
  ];
  const instants = ['sla_due_at', 'created_at', 'updated_at', 'first_response_at', 'customer_waiting_since', 'first_response_due_at', 'first_response_stopped_at', 'next_response_due_at', 'next_response_stopped_at', 'resolution_due_at', 'resolution_stopped_at', 'sla_alert_at'];
  const newTicketTypes = { ...Object.fromEntries(instants.map((c) => [c, 'timestamptz'])), state: 'jsonb', first_response_ms: 'bigint', resolution_ms: 'bigint' };
  const groupedTickets =
    sql.backend === 'postgres'
      ? groupedInserts<ReturnType<typeof rowOf>>(db, { name: 'tickets_created', table: 'tickets', columns: newTicketColumns, types: newTicketTypes, key: 'ticket_id' })
      : undefined;

  // A turn's new ticket and its updates (a handful of patch shapes, each compiled once).
  const insertNew = prepared(db, sql.backend, newTicketColumns, (row: ReturnType<typeof rowOf>) =>
    db
      .insertInto('tickets')
      .values(row)
      .onConflict((c) => c.column('ticket_id').doNothing())
      .returningAll(),
  );
  const updateStatement = (names: string[]) =>
    prepared(db, sql.backend, [...names, UPDATED_ID], (values: Record<string, unknown>) => {
      const set = Object.fromEntries(names.map((name) => [name, values[name]]));
      return db
        .updateTable('tickets')
        .set(set)
        .where('ticket_id', '=', values[UPDATED_ID] as string)
        .returningAll();
    });
  const updates = new Map<string, ReturnType<typeof updateStatement>>();
  // SQLite's escalation and CSM notice (PostgreSQL groups them above), compiled once.
  const insertEscalation = prepared(db, sql.backend, escalationColumns, (e: Pick<Escalation, keyof Escalation>) =>
    db
      .insertInto('escalations')
      .values(e)
      .onConflict((c) => c.column('escalation_id').doNothing()),
  );
  const flagEscalated = prepared(db, sql.backend, ['ticket_id'], ({ ticket_id }: { ticket_id: string }) =>
    db.updateTable('tickets').set({ escalated: 1 }).where('ticket_id', '=', ticket_id),
  );
  const insertNotice = prepared(db, sql.backend, noticeColumns, (n: Pick<CsmNotice, keyof CsmNotice>) =>
    db
      .insertInto('csm_notices')
      .values(n)
      .onConflict((c) => c.column('notice_id').doNothing()),
  );
  return {
    backend: sql.backend,
    create(t) {
      return durable(insert(t).execute().then(() => undefined));
    },
    async createOrFind(t) {
      if (groupedTickets) {
        // As stored: PostgreSQL text holds no NUL (sql/drop-nul.ts).
        if (await groupedTickets(rowOf(t))) return { ...stored(t), message: withoutNul(t.message) };
        // Taken: the ticket a first run of this turn made.
        const [row] = (await byId({ ticket_id: t.ticket_id })).rows;
        if (!row) throw new Error(`ticket ${t.ticket_id} could not be created or found`);
        return fromTicketRow(row);
      }
      const [created] = (await durable(insertNew(rowOf(t)))).rows;
      if (created) return fromTicketRow(created);
      // Taken: the ticket a first run of this turn made (read after, so its committed row is seen).
      const [row] = (await durable(byId({ ticket_id: t.ticket_id }))).rows;
      if (!row) throw new Error(`ticket ${t.ticket_id} could not be created or found`);
      return fromTicketRow(row);
    },
    async get(id) {
      const [row] = (await durable(byId({ ticket_id: id }))).rows;
      return row && fromTicketRow(row);
    },
    async update(id, patch) {
      // One statement sets only the patched columns: two instances patching one ticket never lose
      // each other's change (PostgreSQL's row lock, SQLite's single writer), in one round trip.
      const values: Record<string, unknown> = { ...ticketColumns(patch), updated_at: clock.now().toISOString() };
      // As Kysely's set(): a column patched to undefined is left as it is.
      for (const name of Object.keys(values)) if (values[name] === undefined) delete values[name];
      const names = Object.keys(values);
      const key = names.join(',');
      let statement = updates.get(key);
      if (!statement) updates.set(key, (statement = updateStatement(names)));
      const [row] = (await durable(statement({ ...values, [UPDATED_ID]: id }))).rows;
      if (!row) throw new Error(`ticket ${id} not found`);
      return fromTicketRow(row);
    },
    async list() {
      const rows = await durable(db.selectFrom('tickets').selectAll().orderBy('created_at').orderBy('ticket_id').execute());
      return rows.map(fromTicketRow);
    },
    async listAlerting(now) {
      const rows = await durable(
        db
          .selectFrom('tickets')
          .selectAll()
          .where('sla_alert_at', '<=', now.toISOString())
          .where('status', '!=', 'resolved')
          .orderBy('created_at')
          .orderBy('ticket_id')
          .execute(),
      );
      return rows.map(fromTicketRow);
    },
    async byThread(channel, threadTs) {
      const row = await durable(
        db
          .selectFrom('tickets')
          .selectAll()
          .where('slack_channel', '=', channel)
          .where('slack_thread_ts', '=', threadTs)
          .orderBy('created_at', 'desc')
          .orderBy('ticket_id', 'desc')
          .limit(1)
          .executeTakeFirst(),
      );
      return row && fromTicketRow(row);
    },
    async latestFor(customerId, channel) {
      const row = await durable(
        db
          .selectFrom('tickets')
          .selectAll()
          .where('customer_id', '=', customerId)
          .where('slack_channel', '=', channel)
          .orderBy('created_at', 'desc')
          .orderBy('ticket_id', 'desc')
          .limit(1)
          .executeTakeFirst(),
      );
      return row && fromTicketRow(row);
    },
    async openOwnedBy(owner) {
      const rows = await durable(
        db.selectFrom('tickets').selectAll().where('owner', '=', owner).where('status', '!=', 'resolved').orderBy('created_at').orderBy('ticket_id').execute(),
      );
      return rows.map(fromTicketRow);
    },
    addEscalation(e) {
      // The ticket's flag (deflection reads it) is set with the record: on PostgreSQL in the same statement,
      // shared by the turns in flight. better-sqlite3 binds no booleans: 1 there.
      if (groupedEscalations) return groupedEscalations(e);
      return durable(insertEscalation(e).then(() => flagEscalated({ ticket_id: e.ticket_id }))).then(() => undefined);
    },
    async escalationsFor(ticketId) {
      const rows = await durable(
        db.selectFrom('escalations').selectAll().where('ticket_id', '=', ticketId).orderBy('created_at').orderBy('escalation_id').execute(),
      );
      return rows.map((r): Escalation => ({ ...r, priority: r.priority as Escalation['priority'], sla_due_at: instantOrNull(r.sla_due_at), created_at: instant(r.created_at) }));
    },
    addCsmNotice(n) {
      if (groupedNotices) return groupedNotices(n);
      return durable(insertNotice(n)).then(() => undefined);
    },
    async csmNoticesFor(ticketId) {
      const rows = await durable(
        db.selectFrom('csm_notices').selectAll().where('ticket_id', '=', ticketId).orderBy('created_at').orderBy('notice_id').execute(),
      );
      return rows.map((r): CsmNotice => ({ ...r, created_at: instant(r.created_at) }));
    },
  };
}
