// Every records contract on PostgreSQL, plus what only a shared database has to get right:
// migrations under concurrent starts, and several instances working one set of records.
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/core/ports.js';
import { systemClock } from '../../src/clock.js';
import { dropSchemaStatement } from '../../src/sql/migrate.js';
import { openRecords, type Records } from '../../src/store/open-store.js';
import { requirePostgres } from '../support/postgres.js';
import { recordsContracts } from './records-contracts.js';

const db = await requirePostgres();

describe.skipIf(!db)('PostgreSQL records', () => {
  // The body is collected (its tests then skipped) even without a database, so it must not touch db!.
  const { url, schema, query } = db ?? { url: '', schema: '', query: async () => ({ rows: [] }) };
  const open = () => openRecords({ url, schema }, systemClock());

  recordsContracts('PostgreSQL', async (clock) => {
    let store: Records = await openRecords({ url, schema }, clock);
    return {
      records: store,
      async reopen() {
        await store.close();
        return (store = await openRecords({ url, schema }, clock));
      },
      async rawExec(sql) {
        await query(sql);
      },
      async cleanup() {
        await store.close();
      },
    };
  });

  it('migrates once when several instances start together, and records each version', async () => {
    const fresh = `${schema}_start`;
    const stores = await Promise.all([1, 2, 3].map(() => openRecords({ url, schema: fresh }, systemClock())));
    try {
      const { rows } = await query(`SELECT name FROM ${fresh}.records_migration ORDER BY name`);
      expect(rows.map((r) => r.name)).toEqual(['001_tickets_escalations_notices_outbox_log', '002_inbox_delivery_keys_effects', '003_operation_log_kind', '004_ticket_owner_and_responses', '005_report_indexes', '006_ticket_report_columns', '007_inbox_priority', '008_sla_alert_at', '009_answered_is_waiting_on_customer', '010_blocked_replies']);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await query(dropSchemaStatement(fresh));
    }
  });

  it('opens a schema made by the previous version (steps recorded in memdesk_migrations) with its rows', async () => {
    const old = `${schema}_old`;
    await query(`CREATE SCHEMA ${old}`);
    // The previous version's two records steps, as it ran them, and a row made then.
    await query(`SET search_path TO ${old}; CREATE TABLE memdesk_migrations (component text NOT NULL, version integer NOT NULL,
      name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (component, version));
      INSERT INTO memdesk_migrations (component, version, name) VALUES ('records', 1, 'v1'), ('records', 2, 'v2');

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
      CREATE INDEX writeback_outbox_due ON writeback_outbox (next_attempt_at) WHERE status = 'pending';

      CREATE TABLE operation_log (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL, trace_id text NOT NULL,
        ticket_id text, kind text NOT NULL, detail jsonb NOT NULL
      );
      CREATE INDEX operation_log_trace ON operation_log (trace_id);
      CREATE INDEX operation_log_ticket ON operation_log (ticket_id);

      CREATE FUNCTION operation_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'operation_log is append-only: % refused', TG_OP;
      END $$;
      CREATE TRIGGER operation_log_no_update_delete BEFORE UPDATE OR DELETE ON operation_log
        FOR EACH ROW EXECUTE FUNCTION operation_log_refuse_change();
      CREATE TRIGGER operation_log_no_truncate BEFORE TRUNCATE ON operation_log
        FOR EACH STATEMENT EXECUTE FUNCTION operation_log_refuse_change();

      CREATE TABLE inbox (
        inbox_id text PRIMARY KEY, kind text NOT NULL, payload jsonb NOT NULL, status text NOT NULL,
        attempts integer NOT NULL, lease_until timestamptz, error text, created_at timestamptz NOT NULL
      );
      CREATE INDEX inbox_pending ON inbox (created_at, inbox_id) WHERE status = 'pending';
      CREATE TABLE inbox_keys (key text PRIMARY KEY, inbox_id text NOT NULL);
      CREATE TABLE effects (key text PRIMARY KEY, status text NOT NULL, result jsonb, at timestamptz NOT NULL);
      INSERT INTO operation_log (at, trace_id, ticket_id, kind, detail) VALUES ('2026-11-01T09:00:00Z', 'trace_old', 'tkt_old', 'ticket_taken', '{"actor": "U0STAFF", "note": null}');
      INSERT INTO inbox_keys VALUES ('Ev_old', 'in_old');
      SET search_path TO ${schema};`);
    const records = await openRecords({ url, schema: old }, systemClock());
    try {
      expect(await records.operationLog.read({ ticketId: 'tkt_old' })).toMatchObject([{ seq: 1, kind: 'ticket_taken', at: '2026-11-01T09:00:00.000Z', detail: { actor: 'U0STAFF', note: null } }]);
      expect(await records.delivery.accept({ inbox_id: 'in_new', kind: 'message', payload: {}, keys: ['Ev_old'] })).toBe(false);
      await records.operationLog.append({ trace_id: 'trace_new', ticket_id: 'tkt_old', kind: 'ticket_resolved', detail: { actor: 'U0STAFF', note: null } });
      await expect(query(`DELETE FROM ${old}.operation_log`)).rejects.toThrow(/append-only/);
      expect((await records.operationLog.read({ ticketId: 'tkt_old' })).map((e) => e.seq)).toEqual([1, 2]);
    } finally {
      await records.close();
      await query(dropSchemaStatement(old));
    }
  });

  it('refuses TRUNCATE of the operation log too', async () => {
    const store = await open();
    try {
      await store.operationLog.append({ trace_id: 'trace_truncate', ticket_id: null, kind: 'memory_seeded', detail: { count: 0, actor: 'cli' } });
      await expect(query('TRUNCATE operation_log')).rejects.toThrow(/append-only/);
      expect(await store.operationLog.read({ traceId: 'trace_truncate' })).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('lets instances share one inbox: each delivery accepted once and claimed by one worker', async () => {
    const instances = await Promise.all([1, 2, 3].map(open));
    try {
      const prefix = `race_${Date.now()}`;
      // Every instance receives every delivery, as Slack retries may land on any of them.
      const accepted = await Promise.all(
        instances.flatMap((s, i) =>
          Array.from({ length: 30 }, (_, n) => s.delivery.accept({ inbox_id: `${prefix}_${n}_${i}`, kind: 'message', payload: { n }, keys: [`${prefix}_ev_${n}`] })),
        ),
      );
      expect(accepted.filter(Boolean)).toHaveLength(30);

      const claims = await Promise.all(instances.map((s) => s.delivery.claim({ leaseMs: 60_000, limit: 20 })));
      const mine = claims.flat().filter((i) => i.inbox_id.startsWith(prefix));
      expect(mine).toHaveLength(30);
      expect(new Set(mine.map((i) => i.payload.n)).size).toBe(30);
      for (const i of mine) await instances[0]!.delivery.finish(i.inbox_id, 'done');
    } finally {
      await Promise.all(instances.map((s) => s.close()));
    }
  });

  it('loses no change when instances patch one ticket at once', async () => {
    const instances = await Promise.all([1, 2].map(open));
    try {
      const now = new Date().toISOString();
      const base: Ticket = {
        ticket_id: `T_concurrent_${Date.now()}`, trace_id: 'trace_c', customer_id: 'cust_ben', account_id: 'acct_northwind',
        status: 'open', priority: null, issue_type: null, sla_due_at: null, created_at: now, updated_at: now, message: 'hi',
        state: { issue_type: 'billing', asked: [], fields: {}, turns: 0, last_action: null },
      };
      await instances[0]!.tickets.create(base);
      // Each patch touches a different field; updateTicket reads, merges and writes under a row
      // lock, so none of them can overwrite another with the value it read before.
      const patches: Partial<Ticket>[] = [
        { status: 'escalated' }, { priority: 'high' }, { issue_type: 'billing' }, { sla_due_at: now },
        { slack_channel: 'C0SUPPORT' }, { slack_thread_ts: '1.2' }, { message: 'hi again' }, { customer_id: 'cust_ben2' },
      ];
      await Promise.all(patches.map((p, n) => instances[n % 2]!.tickets.update(base.ticket_id, p)));
      expect(await instances[1]!.tickets.get(base.ticket_id)).toMatchObject(Object.assign({}, ...patches));
    } finally {
      await Promise.all(instances.map((s) => s.close()));
    }
  });

  it('keeps every count and flag when a ticket\'s log lines, escalation and effect records are written at once', async () => {
    const store = await open();
    try {
      const now = new Date().toISOString();
      const id = `T_together_${Date.now()}`;
      await store.tickets.create({
        ticket_id: id, trace_id: 'trace_t', customer_id: 'cust_ben', account_id: 'acct_northwind',
        status: 'open', priority: null, issue_type: null, sla_due_at: null, created_at: now, updated_at: now, message: 'hi',
        state: { issue_type: 'billing', asked: [], fields: {}, turns: 1, last_action: null },
      });
      const line = (n: number) => store.operationLog.append({ trace_id: 'trace_t', ticket_id: id, kind: 'tool_blocked', detail: { call_id: `c${n}`, name: 'notify_customer_success_manager', reason: 'no CSM' } });
      // Queued in one go: the writes of several kinds share statements, and the two that update the
      // ticket row (the escalation's flag, the log's counts) must both take effect.
      await Promise.all([
        line(1),
        store.tickets.addEscalation({ escalation_id: `E_${id}`, ticket_id: id, priority: 'high', reason: 'r', summary: 's', handoff_summary: 'h', sla_due_at: null, created_at: now }),
        store.operationLog.append({ trace_id: 'trace_t', ticket_id: id, kind: 'memory_changed_action', detail: { reasons: ['open promise: a credit'] } }),
        store.delivery.recordEffect(`effect_${id}`, 'done', { ts: '1.1' }),
        line(2),
        store.operationLog.append({ trace_id: 'trace_t', ticket_id: id, kind: 'memory_changed_action', detail: { reasons: ['a later reason'] } }),
        line(3),
      ]);
      const { rows } = await query('SELECT blocked_calls, escalated, memory_reasons FROM tickets WHERE ticket_id = $1', [id]);
      expect(rows[0]).toEqual({ blocked_calls: 3, escalated: true, memory_reasons: ['open promise: a credit'] });
      expect((await store.tickets.escalationsFor(id)).map((e) => e.escalation_id)).toEqual([`E_${id}`]);
      expect(await store.delivery.effect(`effect_${id}`)).toEqual({ key: `effect_${id}`, status: 'done', result: { ts: '1.1' } });
      const logged = await store.operationLog.read({ ticketId: id });
      expect(logged.map((l) => (l.kind === 'tool_blocked' ? l.detail.call_id : l.kind))).toEqual(['c1', 'memory_changed_action', 'c2', 'memory_changed_action', 'c3']);
    } finally {
      await store.close();
    }
  });

  it('writes each kind of row whichever other kinds share its statement, past the number of statements prepared', async () => {
    // Each set of kinds queued together runs in a statement of its own; past a few dozen sets, in a
    // larger one that has them all. Every one of the 128 sets of these seven kinds goes out here.
    const store = await open();
    try {
      const now = new Date().toISOString();
      const run = `kinds_${Date.now()}`;
      const ticket = (id: string): Ticket => ({
        ticket_id: id, trace_id: `trace_${id}`, customer_id: 'cust_ben', account_id: 'acct_northwind',
        status: 'open', priority: null, issue_type: null, sla_due_at: null, created_at: now, updated_at: now, message: 'hi',
        state: { issue_type: 'billing', asked: [], fields: {}, turns: 1, last_action: null },
      });
      for (let set = 1; set < 128; set++) {
        const id = `${run}_${set}`;
        await store.tickets.create(ticket(id));
        await store.delivery.accept({ inbox_id: `in_${id}`, kind: 'message', payload: {}, keys: [`key_${id}`] });
        const writes = [
          () => store.operationLog.append({ trace_id: `trace_${id}`, ticket_id: id, kind: 'tool_blocked', detail: { call_id: 'c1', name: 'notify_customer_success_manager', reason: 'no CSM' } }),
          () => store.delivery.recordEffect(`effect_${id}`, 'done', { ts: '1.1' }),
          () => store.delivery.finish(`in_${id}`, 'done'),
          () => store.tickets.addEscalation({ escalation_id: `E_${id}`, ticket_id: id, priority: 'high', reason: 'r', summary: 's', handoff_summary: 'h', sla_due_at: null, created_at: now }),
          () => store.tickets.addCsmNotice({ notice_id: `N_${id}`, ticket_id: id, account_id: 'acct_northwind', customer_id: 'cust_ben', csm_name: null, handoff_summary: 'h', risk_reason: 'r', created_at: now }),
          () => store.tickets.createOrFind(ticket(`new_${id}`)),
          () =>
            store.writebacks.enqueue({
              outbox_id: `wb_${id}`, ticket_id: id, trace_id: `trace_${id}`, scope: { kind: 'customer', id: 'cust_ben' }, text: 'likes email',
              metadata: {}, infer: false, status: 'pending', attempts: 0, next_attempt_at: now, last_error: null, memory_id: null, created_at: now,
            }),
        ];
        // A first write takes the statement; the set queued behind it goes out together in the next.
        const first = store.delivery.recordEffect(`lead_${id}`, 'intent');
        await Promise.all([first, ...writes.filter((_, n) => set & (1 << n)).map((write) => write())]);
        const has = (n: number) => Boolean(set & (1 << n));
        expect((await store.operationLog.read({ ticketId: id })).map((l) => l.kind)).toEqual(has(0) ? ['tool_blocked'] : []);
        expect(await store.delivery.effect(`effect_${id}`)).toEqual(has(1) ? { key: `effect_${id}`, status: 'done', result: { ts: '1.1' } } : undefined);
        const { rows } = await query('SELECT status FROM inbox WHERE inbox_id = $1', [`in_${id}`]);
        expect(rows[0]?.status).toBe(has(2) ? 'done' : 'pending');
        expect((await store.tickets.escalationsFor(id)).map((e) => e.escalation_id)).toEqual(has(3) ? [`E_${id}`] : []);
        const flagged = await query('SELECT escalated FROM tickets WHERE ticket_id = $1', [id]);
        expect(flagged.rows[0]?.escalated).toBe(has(3));
        expect((await store.tickets.csmNoticesFor(id)).map((n) => n.notice_id)).toEqual(has(4) ? [`N_${id}`] : []);
        expect((await store.tickets.get(`new_${id}`))?.ticket_id).toBe(has(5) ? `new_${id}` : undefined);
        expect((await store.writebacks.get(`wb_${id}`))?.status).toBe(has(6) ? 'pending' : undefined);
      }
    } finally {
      await store.close();
    }
  });

  it('keeps reading and updating tickets after another instance adds a column to them', async () => {
    // Ticket reads and updates run as named statements that return every column; a migration by a
    // newer instance changes those columns under the statements this one has prepared.
    const fresh = `${schema}_grown`;
    const store = await openRecords({ url, schema: fresh }, systemClock());
    try {
      const now = new Date().toISOString();
      const ticket: Ticket = {
        ticket_id: 'T_grown', trace_id: 'trace_g', customer_id: 'cust_ben', account_id: 'acct_northwind',
        status: 'open', priority: null, issue_type: null, sla_due_at: null, created_at: now, updated_at: now, message: 'hi',
        state: { issue_type: 'billing', asked: [], fields: {}, turns: 0, last_action: null },
      };
      await store.tickets.create(ticket);
      expect(await store.tickets.get('T_grown')).toMatchObject({ status: 'open' });
      await store.tickets.update('T_grown', { status: 'waiting_on_customer' });
      await query(`ALTER TABLE ${fresh}.tickets ADD COLUMN added_by_a_newer_version text`);
      expect(await store.tickets.get('T_grown')).toMatchObject({ status: 'waiting_on_customer' });
      expect(await store.tickets.update('T_grown', { status: 'resolved' })).toMatchObject({ status: 'resolved' });
      expect(await store.tickets.get('T_grown')).toMatchObject({ status: 'resolved' });
    } finally {
      await store.close();
      await query(dropSchemaStatement(fresh));
    }
  });
});
