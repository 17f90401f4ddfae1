// The records `memdesk report` reads, on either backend, from the tickets table alone: each ticket
// carries its report figures and event counts (migration 006), so the report is a handful of
// aggregates over one indexed range of tickets and never touches the operation log.
import { sql } from 'kysely';
import type { ClockAtRisk, ReportReader } from '../insights/report-records.js';
import { clockNames, type ClockName } from '../core/sla-clocks.js';
import type { SqlDatabase } from '../sql/database.js';
import { fromJson } from './columns.js';
import type { RecordsSchema } from './schema.js';

// Separators of the fields and lines a list of clocks comes back as: control characters no id or instant holds.
const FIELD = '\u001f';
const LINE = '\u001e';

const clockColumns = {
  first_response: ['first_response_due_at', 'first_response_stopped_at'],
  next_response: ['next_response_due_at', 'next_response_stopped_at'],
  resolution: ['resolution_due_at', 'resolution_stopped_at'],
} as const;

export function createReportReader(records: SqlDatabase<RecordsSchema>): ReportReader {
  const { db, backend, durable } = records;
  // Instants are ISO text on SQLite and timestamptz on PostgreSQL; the day is the UTC one on both.
  const day = backend === 'postgres' ? sql<string>`to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD')` : sql<string>`substr(t.created_at, 1, 10)`;
  const list = (value: ReturnType<typeof sql>, separator = ',', orderBy = sql``) =>
    backend === 'postgres' ? sql<string | null>`string_agg((${value})::text, ${separator} ${orderBy})` : sql<string | null>`group_concat(${value}, ${separator} ${orderBy})`;
  // An instant as the ports speak it (ISO-8601 with milliseconds, UTC), on both backends.
  const iso = (ref: ReturnType<typeof sql.ref>) => (backend === 'postgres' ? sql`to_char(${ref} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : ref);
  const total = (column: string) => sql<number | string | null>`sum(${sql.ref(`t.${column}`)})`;
  return {
    async read({ since, accountId, now }) {
      const period = db
        .selectFrom('tickets as t')
        .where('t.created_at', '>=', since)
        .$if(accountId !== undefined, (q) => q.where('t.account_id', '=', accountId!));
      // A clock may be breached when it stopped after its due time or still runs (past `now`, if
      // given). Each clock's candidates come back as one string of lines, for the same reason as the
      // times below: a bad month has tens of thousands of them.
      const atRisk = (clock: ClockName) => {
        const [due, stopped] = clockColumns[clock].map((c) => sql.ref(`t.${c}`));
        const line = sql`t.ticket_id || ${FIELD} || t.account_id || ${FIELD} || t.sla_plan || ${FIELD} || ${iso(due!)} || ${FIELD} || coalesce(${iso(stopped!)}, '')`;
        return period
          .select(list(line, LINE, sql`order by ${due}, t.ticket_id`).as('lines'))
          .where('t.sla_plan', 'is not', null)
          .where((eb) => eb.or([eb(stopped!, '>', due!), eb.and([eb(due!, 'is not', null), eb(stopped!, 'is', null), ...(now ? [eb(due!, '<', now)] : [])])]))
          .executeTakeFirst()
          .then((r) => ({ clock, lines: r?.lines ?? null }));
      };
      const [summary, byDayType, timings, risky, changes, top] = await durable(
        Promise.all([
          period
            .select((s) => [
              s.fn.countAll<number | string>().as('tickets'),
              sql<number | string | null>`sum(case when t.last_action = 'answer_customer' and t.owner is null and t.status <> 'escalated' and not t.escalated then 1 else 0 end)`.as('deflected'),
              total('fallbacks').as('fallbacks'),
              total('blocked_calls').as('blocked_calls'),
              total('blocked_replies').as('blocked_replies'),
              total('feedback').as('feedback'),
              total('helpful').as('helpful'),
              total('knowledge_gaps').as('knowledge_gaps'),
            ])
            .executeTakeFirstOrThrow(),
          period
            .select((s) => [day.as('day'), 't.issue_type', s.fn.countAll<number | string>().as('n')])
            .groupBy([day, 't.issue_type'])
            .execute(),
          // Per plan: its tickets, and their times as one comma list each (tens of thousands of
          // numbers cross as a few strings, not as a row object each).
          period
            .select((s) => [
              't.sla_plan',
              s.fn.countAll<number | string>().as('n'),
              list(sql`t.first_response_ms`).as('first_response'),
              list(sql`case when t.status = 'resolved' then t.resolution_ms end`).as('resolution'),
            ])
            .where('t.sla_plan', 'is not', null)
            .groupBy('t.sla_plan')
            .execute(),
          Promise.all(clockNames.map(atRisk)),
          period.select(['t.ticket_id', 't.memory_reasons']).where('t.memory_reasons', 'is not', null).execute(),
          period
            .select((s) => ['t.account_id', s.fn.countAll<number | string>().as('n')])
            .groupBy('t.account_id')
            .orderBy('n', 'desc')
            .orderBy('t.account_id')
            .limit(10)
            .execute(),
        ]),
      );
      const numbers = (text: string | null) => (text ? text.split(',').map(Number) : []);
      const first_response = timings.map((r) => ({ plan: r.sla_plan!, ms: numbers(r.first_response) }));
      const resolution = timings.map((r) => ({ plan: r.sla_plan!, ms: numbers(r.resolution) }));
      const clocks_at_risk: ClockAtRisk[] = risky.flatMap(({ clock, lines }) =>
        (lines ? lines.split(LINE) : []).map((l) => {
          const [ticket_id, account_id, plan, due_at, stopped] = l.split(FIELD) as [string, string, string, string, string];
          return { ticket_id, account_id, plan, clock, due_at, stopped_at: stopped || null };
        }),
      );
      return {
        tickets: Number(summary.tickets),
        by_day_type: byDayType.map((r) => ({ day: r.day, issue_type: r.issue_type, tickets: Number(r.n) })),
        deflected: Number(summary.deflected ?? 0),
        plan_tickets: timings.map((r) => ({ plan: r.sla_plan!, tickets: Number(r.n) })),
        first_response,
        resolution,
        clocks_at_risk,
        fallbacks: Number(summary.fallbacks ?? 0),
        blocked_calls: Number(summary.blocked_calls ?? 0),
        blocked_replies: Number(summary.blocked_replies ?? 0),
        feedback: Number(summary.feedback ?? 0),
        helpful: Number(summary.helpful ?? 0),
        knowledge_gaps: Number(summary.knowledge_gaps ?? 0),
        memory_changes: changes.map((c) => ({ ticket_id: c.ticket_id, reasons: fromJson<string[]>(c.memory_reasons) })),
        top_accounts: top.map((a) => ({ account_id: a.account_id, tickets: Number(a.n) })),
      };
    },
  };
}
