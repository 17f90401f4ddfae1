// The records `memdesk report` reads, on either backend: the period's tickets (one indexed range
// scan) and the operation-log events of those tickets counted in SQL, so 1M log rows never cross
// into JavaScript. JSON fields of the log are read with each backend's own JSON operators.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { ReportReader } from '../insights/report-records.js';
import type { SqlDatabase } from '../sql/database.js';
import { fromJson, instant } from './columns.js';
import type { RecordsSchema } from './schema.js';

const countedKinds = ['ticket_finalized', 'tool_blocked', 'answer_feedback', 'knowledge_gap_found'] as const;

export function createReportReader(records: SqlDatabase<RecordsSchema>): ReportReader {
  const { db, backend, durable } = records;
  const field = (name: string) => (backend === 'postgres' ? sql<string>`o.detail->>${name}` : sql<string>`json_extract(o.detail, ${`$.${name}`})`);
  // jsonb says 'true'; SQLite's json_extract turns JSON true into 1.
  const helpful = backend === 'postgres' ? sql<SqlBool>`(o.detail->>'helpful') = 'true'` : sql<SqlBool>`json_extract(o.detail, '$.helpful') = 1`;
  return {
    async read({ since, accountId }) {
      const periodTickets = db
        .selectFrom('tickets as t')
        .where('t.created_at', '>=', since)
        .$if(accountId !== undefined, (q) => q.where('t.account_id', '=', accountId!));
      const [tickets, counts, changes, top] = await durable(
        Promise.all([
          periodTickets
            .select(['t.ticket_id', 't.account_id', 't.issue_type', 't.status', 't.created_at', 't.state', 't.owner'])
            .select((s) => s.exists(s.selectFrom('escalations as e').select('e.ticket_id').whereRef('e.ticket_id', '=', 't.ticket_id')).as('escalated'))
            .orderBy('t.created_at')
            .orderBy('t.ticket_id')
            .execute(),
          periodTickets
            .innerJoin('operation_log as o', 'o.ticket_id', 't.ticket_id')
            .where('o.kind', 'in', countedKinds)
            .select((s) => [
              'o.kind',
              s.fn.countAll<number | string>().as('n'),
              s.fn.sum<number | string | null>(sql`case when o.kind = 'ticket_finalized' and ${field('decided_by')} like '%fallback%' then 1 else 0 end`).as('fallbacks'),
              s.fn.sum<number | string | null>(sql`case when o.kind = 'answer_feedback' and ${helpful as Expression<SqlBool>} then 1 else 0 end`).as('helpful'),
            ])
            .groupBy('o.kind')
            .execute(),
          periodTickets
            .innerJoin('operation_log as o', 'o.ticket_id', 't.ticket_id')
            .where('o.kind', '=', 'memory_changed_action')
            .select(['o.ticket_id', 'o.detail'])
            .orderBy('o.seq')
            .execute(),
          periodTickets
            .select((s) => ['t.account_id', s.fn.countAll<number | string>().as('n')])
            .groupBy('t.account_id')
            .orderBy('n', 'desc')
            .orderBy('t.account_id')
            .limit(10)
            .execute(),
        ]),
      );
      const byKind = new Map(counts.map((c) => [c.kind, { n: Number(c.n), fallbacks: Number(c.fallbacks ?? 0), helpful: Number(c.helpful ?? 0) }]));
      return {
        tickets: tickets.map((r) => ({
          ticket_id: r.ticket_id,
          account_id: r.account_id,
          issue_type: r.issue_type,
          status: r.status,
          created_at: instant(r.created_at),
          state: fromJson(r.state),
          escalated: Boolean(r.escalated),
          owner: r.owner ?? null,
        })),
        turns: byKind.get('ticket_finalized')?.n ?? 0,
        fallbacks: byKind.get('ticket_finalized')?.fallbacks ?? 0,
        blocked_calls: byKind.get('tool_blocked')?.n ?? 0,
        feedback: byKind.get('answer_feedback')?.n ?? 0,
        helpful: byKind.get('answer_feedback')?.helpful ?? 0,
        knowledge_gaps: byKind.get('knowledge_gap_found')?.n ?? 0,
        memory_changes: changes.map((c) => ({ ticket_id: c.ticket_id as string, reasons: fromJson<{ reasons: string[] }>(c.detail).reasons })),
        top_accounts: top.map((a) => ({ account_id: a.account_id, tickets: Number(a.n) })),
      };
    },
  };
}
