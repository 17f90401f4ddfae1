// The append-only operation log, on either backend. The database itself refuses edits
// (migrations.ts); `at` is the app clock, so MEMDESK_NOW pins it like every date a ticket sees.
// Rows keep kind + JSON detail; they are read back through the event schemas of src/core/events.ts.
import { operationEvent, type LoggedOf, type LoggedOperation, type OperationEvent, type OperationLog } from '../core/events.js';
import type { Clock } from '../clock.js';
import type { SqlDatabase } from '../sql/database.js';
import { sql as rawSql } from 'kysely';
import { groupedRows } from '../sql/pg-grouped-rows.js';
import { prepared } from '../sql/prepared.js';
import { countsOf, ticketEventCounts } from './ticket-event-counts.js';
import { fromJson, instant, sequence, toJson } from './columns.js';
import type { RecordsSchema } from './schema.js';

export function createOperationLog(sql: SqlDatabase<RecordsSchema>, clock: Clock): OperationLog {
  const { db, durable } = sql;
  type Row = { at: string; trace_id: string; ticket_id: string | null; kind: string; detail: string };
  const columns = ['at', 'trace_id', 'ticket_id', 'kind', 'detail'] as const;
  if (sql.backend === 'postgres') {
    // On PostgreSQL the lines of the turns in flight share multi-row statements (sql/pg-grouped-rows.ts),
    // and the ticket counts the report reads (ticket-event-counts.ts) are bumped by the same statement.
    const append = groupedRows<PgRow>(db, { writes: pgAppendWrites, columns: pgColumns, updates: 'tickets' });
    let ord = 0;
    return {
      async append(entry) {
        const counted = entry.ticket_id ? countsOf(entry) : { add: [] };
        const bumps = Object.fromEntries(ticketEventCounts.map((name) => [name, counted.add.filter((n) => n === name).length])) as Record<TicketEventCount, number>;
        await append({
          ord: ord++,
          at: clock.now().toISOString(),
          trace_id: entry.trace_id,
          ticket_id: entry.ticket_id,
          kind: entry.kind,
          detail: toJson(entry.detail),
          ...bumps,
          memory_reasons: counted.memoryReasons ? toJson(counted.memoryReasons) : null,
        });
      },
      read,
    };
  }
  // SQLite's group commit already shares its commits.
  const insert = prepared(db, sql.backend, columns, (row: Row) => db.insertInto('operation_log').values(row));
  // The bump of a ticket's counts, compiled once for each set of counts an event adds.
  const bumpStatement = (add: readonly TicketEventCount[], withReasons: boolean) =>
    prepared(db, sql.backend, ['ticket_id', 'reasons'], ({ ticket_id, reasons }: { ticket_id: string; reasons: string | null }) =>
      db
        .updateTable('tickets')
        .set((eb) => ({
          ...Object.fromEntries(add.map((name) => [name, eb(name, '+', 1)])),
          // The first turn memory changed keeps its reasons.
          ...(withReasons ? { memory_reasons: rawSql<string>`coalesce(memory_reasons, ${reasons})` } : {}),
        }))
        .where('ticket_id', '=', ticket_id),
    );
  const bumps = new Map<string, ReturnType<typeof bumpStatement>>();
  return {
    async append(entry) {
      const counted = entry.ticket_id ? countsOf(entry) : { add: [] };
      const logged = insert({ at: clock.now().toISOString(), trace_id: entry.trace_id, ticket_id: entry.ticket_id, kind: entry.kind, detail: toJson(entry.detail) });
      if (!counted.add.length && !counted.memoryReasons) return void (await durable(logged));
      // The few events the report counts also bump their ticket's columns (ticket-event-counts.ts).
      const shape = `${counted.add.join(',')}${counted.memoryReasons ? ';reasons' : ''}`;
      let bump = bumps.get(shape);
      if (!bump) bumps.set(shape, (bump = bumpStatement(counted.add, counted.memoryReasons !== undefined)));
      const reasons = counted.memoryReasons ? toJson(counted.memoryReasons) : null;
      await durable(logged.then(() => bump({ ticket_id: entry.ticket_id!, reasons })));
    },
    read,
  };

  async function read<K extends OperationEvent['kind']>(filter: { traceId?: string; ticketId?: string; kinds?: readonly K[] }): Promise<LoggedOf<K>[]> {
      // An empty kinds list asks for nothing; SQL's IN () would not parse on SQLite.
      if (filter.kinds?.length === 0) return [];
      const rows = await durable(
        db
          .selectFrom('operation_log')
          .selectAll()
          .$if(filter.traceId !== undefined, (q) => q.where('trace_id', '=', filter.traceId!))
          .$if(filter.ticketId !== undefined, (q) => q.where('ticket_id', '=', filter.ticketId!))
          .$if(filter.kinds !== undefined, (q) => q.where('kind', 'in', [...filter.kinds!]))
          .orderBy('seq')
          .execute(),
      );
      const logged: LoggedOperation[] = [];
      for (const r of rows) {
        const parsed = operationEvent.safeParse({ kind: r.kind, detail: fromJson<unknown>(r.detail) });
        if (parsed.success) logged.push({ ...parsed.data, trace_id: r.trace_id, ticket_id: r.ticket_id, seq: sequence(r.seq), at: instant(r.at) });
      }
      // The query kept only the asked kinds, and each row parsed as its own kind's event.
      return logged as LoggedOf<K>[];
  }
}

type TicketEventCount = (typeof ticketEventCounts)[number];
type PgRow = { ord: number; at: string; trace_id: string; ticket_id: string | null; kind: string; detail: string; memory_reasons: string | null } & Record<TicketEventCount, number>;
const pgColumns = ['ord', 'at', 'trace_id', 'ticket_id', 'kind', 'detail', ...ticketEventCounts, 'memory_reasons'] as const;

/** The log lines in their order and, in the same statement, each ticket's counts summed over its lines
 * and the first memory reasons among them (kept only when the ticket has none yet). */
function pgAppendWrites(rows: string): string[] {
  const sums = ticketEventCounts.map((n) => `sum(${n}::int)::int AS ${n}`).join(', ');
  const any = ticketEventCounts.map((n) => `${n}::int > 0`).join(' OR ');
  const bump = ticketEventCounts.map((n) => `${n} = t.${n} + b.${n}`).join(', ');
  return [
    `log_lines (${pgColumns.join(', ')}) AS (${rows})`,
    `log_appended AS (
      INSERT INTO operation_log (at, trace_id, ticket_id, kind, detail)
      SELECT at::timestamptz, trace_id, ticket_id, kind, detail::jsonb FROM log_lines ORDER BY ord::bigint
    )`,
    `log_counted AS (
      UPDATE tickets AS t SET ${bump}, memory_reasons = coalesce(t.memory_reasons, b.memory_reasons)
        FROM (
          SELECT ticket_id, ${sums},
                 (array_agg(memory_reasons::jsonb ORDER BY ord::bigint) FILTER (WHERE memory_reasons IS NOT NULL))[1] AS memory_reasons
            FROM log_lines WHERE ticket_id IS NOT NULL AND (${any} OR memory_reasons IS NOT NULL) GROUP BY ticket_id
        ) b
       WHERE t.ticket_id = b.ticket_id
    )`,
  ];
}
