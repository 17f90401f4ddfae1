// The append-only operation log, on either backend. The database itself refuses edits
// (migrations.ts); `at` is the app clock, so MEMDESK_NOW pins it like every date a ticket sees.
// Rows keep kind + JSON detail; they are read back through the event schemas of src/core/events.ts.
import { operationEvent, type LoggedOf, type LoggedOperation, type OperationEvent, type OperationLog } from '../core/events.js';
import type { Clock } from '../clock.js';
import type { SqlDatabase } from '../sql/database.js';
import { sql as rawSql } from 'kysely';
import { groupedRows, insertRows } from '../sql/pg-grouped-rows.js';
import { prepared } from '../sql/prepared.js';
import { countsOf } from './ticket-event-counts.js';
import { fromJson, instant, sequence, toJson } from './columns.js';
import type { RecordsSchema } from './schema.js';

export function createOperationLog(sql: SqlDatabase<RecordsSchema>, clock: Clock): OperationLog {
  const { db, durable } = sql;
  type Row = { at: string; trace_id: string; ticket_id: string | null; kind: string; detail: string };
  const columns = ['at', 'trace_id', 'ticket_id', 'kind', 'detail'] as const;
  // On PostgreSQL the lines of the turns in flight share multi-row inserts (sql/pg-grouped-rows.ts);
  // SQLite's group commit already shares its commits.
  const insert: (row: Row) => Promise<unknown> =
    sql.backend === 'postgres' ? groupedRows<Row>(db, { statement: insertRows('operation_log', columns), columns }) : prepared(db, sql.backend, columns, (row: Row) => db.insertInto('operation_log').values(row));
  return {
    async append(entry) {
      const counted = entry.ticket_id ? countsOf(entry) : { add: [] };
      const logged = insert({ at: clock.now().toISOString(), trace_id: entry.trace_id, ticket_id: entry.ticket_id, kind: entry.kind, detail: toJson(entry.detail) });
      if (!counted.add.length && !counted.memoryReasons) return void (await durable(logged));
      // The few events the report counts also bump their ticket's columns (ticket-event-counts.ts).
      await durable(
        logged.then(() =>
          db
            .updateTable('tickets')
            .set((eb) => ({
              ...Object.fromEntries(counted.add.map((name) => [name, eb(name, '+', 1)])),
              // The first turn memory changed keeps its reasons.
              ...(counted.memoryReasons ? { memory_reasons: rawSql<string>`coalesce(memory_reasons, ${toJson(counted.memoryReasons)})` } : {}),
            }))
            .where('ticket_id', '=', entry.ticket_id!)
            .execute(),
        ),
      );
    },
    async read<K extends OperationEvent['kind']>(filter: { traceId?: string; ticketId?: string; kinds?: readonly K[] }): Promise<LoggedOf<K>[]> {
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
    },
  };
}
