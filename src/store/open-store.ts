// Opens the records database (SQLite under MEMDESK_DATA_DIR, or PostgreSQL at DATABASE_URL),
// migrates it, and builds the four stores the app uses from that one handle.
import { join } from 'node:path';
import type { OperationLog, TicketRepository, WritebackStore } from '../core/ports.js';
import type { Clock } from '../clock.js';
import { openDatabase, type Backend } from '../sql/database.js';
import { migrate } from '../sql/migrate.js';
import type { DeliveryLedger } from '../slack/delivery-ledger.js';
import type { ReportReader } from '../insights/report-records.js';
import { createDeliveryLedger } from './delivery-ledger.js';
import { recordsMigrations } from './migrations.js';
import { createOperationLog } from './operation-log.js';
import { createReportReader } from './report-records.js';
import type { RecordsSchema } from './schema.js';
import { createTicketRepository } from './ticket-repository.js';
import { createWritebackStore } from './writeback-store.js';

export interface Records {
  backend: Backend;
  tickets: TicketRepository;
  delivery: DeliveryLedger;
  writebacks: WritebackStore;
  operationLog: OperationLog;
  /** What `memdesk report` reads: SQL aggregates over tickets and the log. */
  report: ReportReader;
  close(): Promise<void>;
}

export type RecordsLocation = { dataDir: string } | { url: string; schema?: string | undefined };

export async function openRecords(location: RecordsLocation, clock: Clock): Promise<Records> {
  const sql = await openDatabase<RecordsSchema>(
    'url' in location
      ? { backend: 'postgres', url: location.url, ...(location.schema ? { schema: location.schema } : {}) }
      : { backend: 'sqlite', file: join(location.dataDir, 'records.db') },
  );
  try {
    await migrate(sql.db, { backend: sql.backend, component: 'records' }, recordsMigrations(sql.backend));
  } catch (err) {
    await sql.close();
    throw err;
  }
  return {
    backend: sql.backend,
    tickets: createTicketRepository(sql, clock),
    delivery: createDeliveryLedger(sql, clock),
    writebacks: createWritebackStore(sql),
    operationLog: createOperationLog(sql, clock),
    report: createReportReader(sql),
    close: () => sql.close(),
  };
}
