// The records `memdesk report` reads, on either backend, from the tickets table alone: each ticket
// carries its report figures and event counts (migration 006), so the report is a handful of
// aggregates over one indexed range of tickets and never touches the operation log.
import { sql } from 'kysely';
import type { ClockAtRisk, ReportReader } from '../insights/report-records.js';
import { clockNames } from '../core/sla-clocks.js';
import type { SqlDatabase } from '../sql/database.js';
import { fromJson, instant, instantOrNull } from './columns.js';
import type { RecordsSchema } from './schema.js';

const clockColumns = {
  first_response: ['first_response_due_at', 'first_response_stopped_at'],
  next_response: ['next_response_due_at', 'next_response_stopped_at'],
  resolution: ['resolution_due_at', 'resolution_stopped_at'],
} as const;

export function createReportReader(records: SqlDatabase<RecordsSchema>): ReportReader {
  const { db, backend, durable } = records;
  // Instants are ISO text on SQLite and timestamptz on PostgreSQL; the day is the UTC one on both.
  const day = backend === 'postgres' ? sql<string>`to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD')` : sql<string>`substr(t.created_at, 1, 10)`;
  const total = (column: string) => sql<number | string | null>`sum(${sql.ref(`t.${column}`)})`;
  return {
    async read({ since, accountId, now }) {
      const period = db
        .selectFrom('tickets as t')
        .where('t.created_at', '>=', since)
        .$if(accountId !== undefined, (q) => q.where('t.account_id', '=', accountId!));
      // A clock may be breached when it stopped after its due time or still runs (past `now`, if given).
      const atRisk = period
        .select(['t.ticket_id', 't.account_id', 't.sla_plan', ...Object.values(clockColumns).flat().map((c) => `t.${c}` as const)])
        .where('t.sla_plan', 'is not', null)
        .where((eb) =>
          eb.or(
            Object.values(clockColumns).flatMap(([due, stopped]) => [
              eb(sql.ref(`t.${stopped}`), '>', sql.ref(`t.${due}`)),
              eb.and([eb(sql.ref(`t.${due}`), 'is not', null), eb(sql.ref(`t.${stopped}`), 'is', null), ...(now ? [eb(sql.ref(`t.${due}`), '<', now)] : [])]),
            ]),
          ),
        );
      const [summary, byDayType, timings, risky, changes, top] = await durable(
        Promise.all([
          period
            .select((s) => [
              s.fn.countAll<number | string>().as('tickets'),
              sql<number | string | null>`sum(case when t.last_action = 'answer_customer' and t.owner is null and t.status <> 'escalated'
                and not exists (select 1 from escalations e where e.ticket_id = t.ticket_id) then 1 else 0 end)`.as('deflected'),
              total('fallbacks').as('fallbacks'),
              total('blocked_calls').as('blocked_calls'),
              total('feedback').as('feedback'),
              total('helpful').as('helpful'),
              total('knowledge_gaps').as('knowledge_gaps'),
            ])
            .executeTakeFirstOrThrow(),
          period
            .select((s) => [day.as('day'), 't.issue_type', s.fn.countAll<number | string>().as('n')])
            .groupBy([day, 't.issue_type'])
            .execute(),
          period.select(['t.sla_plan', 't.status', 't.first_response_ms', 't.resolution_ms']).where('t.sla_plan', 'is not', null).execute(),
          atRisk.execute(),
          period.select(['t.ticket_id', 't.memory_reasons']).where('t.memory_reasons', 'is not', null).orderBy('t.ticket_id').execute(),
          period
            .select((s) => ['t.account_id', s.fn.countAll<number | string>().as('n')])
            .groupBy('t.account_id')
            .orderBy('n', 'desc')
            .orderBy('t.account_id')
            .limit(10)
            .execute(),
        ]),
      );
      const planTickets = new Map<string, number>();
      const first_response: { plan: string; ms: number }[] = [];
      const resolution: { plan: string; ms: number }[] = [];
      for (const r of timings) {
        const plan = r.sla_plan!;
        planTickets.set(plan, (planTickets.get(plan) ?? 0) + 1);
        if (r.first_response_ms !== null) first_response.push({ plan, ms: Number(r.first_response_ms) });
        if (r.resolution_ms !== null && r.status === 'resolved') resolution.push({ plan, ms: Number(r.resolution_ms) });
      }
      const clocks_at_risk: ClockAtRisk[] = risky.flatMap((r) =>
        clockNames.flatMap((clock) => {
          const [dueColumn, stoppedColumn] = clockColumns[clock];
          const due = r[dueColumn];
          if (due === null) return [];
          const due_at = instant(due);
          const stopped_at = instantOrNull(r[stoppedColumn]);
          return stopped_at === null || stopped_at > due_at ? [{ ticket_id: r.ticket_id, account_id: r.account_id, plan: r.sla_plan!, clock, due_at, stopped_at }] : [];
        }),
      );
      return {
        tickets: Number(summary.tickets),
        by_day_type: byDayType.map((r) => ({ day: r.day, issue_type: r.issue_type, tickets: Number(r.n) })),
        deflected: Number(summary.deflected ?? 0),
        plan_tickets: [...planTickets].map(([plan, tickets]) => ({ plan, tickets })),
        first_response,
        resolution,
        clocks_at_risk,
        fallbacks: Number(summary.fallbacks ?? 0),
        blocked_calls: Number(summary.blocked_calls ?? 0),
        feedback: Number(summary.feedback ?? 0),
        helpful: Number(summary.helpful ?? 0),
        knowledge_gaps: Number(summary.knowledge_gaps ?? 0),
        memory_changes: changes.map((c) => ({ ticket_id: c.ticket_id, reasons: fromJson<string[]>(c.memory_reasons) })),
        top_accounts: top.map((a) => ({ account_id: a.account_id, tickets: Number(a.n) })),
      };
    },
  };
}
