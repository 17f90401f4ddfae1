// What the composition root hands to the front doors (CLI, Slack, the local workspace): the turn,
// the use cases of src/core, and the stores they may read. Built by src/compose.ts.
import type { OperationLog } from './events.js';
import type { MovableClock } from '../clock.js';
import type { Directory, MemoryStore, ScopeKind, Ticket, TicketOutcome, TicketRequest, TicketRepository, WritebackStore } from './ports.js';
import type { DeliveryLedger } from '../slack/delivery-ledger.js';
import type { ReportReader } from '../insights/report-records.js';

export interface SeedMemory {
  scope: ScopeKind;
  id: string;
  text: string;
  metadata?: Record<string, unknown>;
}

export interface Memdesk {
  handleTicket(request: TicketRequest): Promise<TicketOutcome>;
  /** Writes seed memories exactly as given (infer: false); duplicates are stored once. */
  seed(memories: SeedMemory[], by: { traceId?: string; actor?: string }): Promise<{ written: number }>;
  /** The demo seed shipped with memdesk (config/demo-seed.yml). */
  demoSeed(): SeedMemory[];
  /** Staff resolved or took a ticket: updates it and, on resolve, writes the resolution to memory. */
  updateTicketStatus(ticketId: string, status: 'escalated' | 'resolved', by: { actor: string; note?: string }): Promise<Ticket>;
  findTicketByThread(channelId: string, threadTs: string): Promise<Ticket | undefined>;
  /** Replays memory write-backs that have not been confirmed yet (after an outage or a crash). */
  drainWritebacks(): Promise<{ written: number; pending: number }>;
  memory: MemoryStore;
  tickets: TicketRepository;
  /** Slack deliveries and effect keys (src/slack/ owns them). */
  delivery: DeliveryLedger;
  writebacks: WritebackStore;
  /** The operation log, read back as typed events. */
  operationLog: OperationLog;
  /** The records `memdesk report` aggregates. */
  report: ReportReader;
  directory: Directory;
  /** The one clock (MEMDESK_NOW pins it; the local workspace moves it forward). */
  clock: MovableClock;
  decider: string;
  /** The decider's model (e.g. gemini-3.5-flash, qwen3:8b); null for the policy engine. */
  deciderModel: string | null;
  close(): Promise<void>;
}
