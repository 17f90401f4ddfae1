// The operation log's events: one zod discriminated union on `kind`. The loop, the tools, staff
// actions and the CLI write them; the decision trace and the page read them back through the same
// schemas, so nobody guards or casts a `detail` field by hand.
import { z } from 'zod';

const usage = z.object({ prompt_tokens: z.number(), candidate_tokens: z.number() });
const event = <K extends string, D extends z.ZodRawShape>(kind: K, detail: D) =>
  z.object({ kind: z.literal(kind), detail: z.object(detail) });

export const operationEvent = z.discriminatedUnion('kind', [
  // a ticket turn, in the order the loop writes them
  event('ticket_received', {
    customer_id: z.string(),
    account_id: z.string(),
    resolved_by: z.string(),
    continued: z.boolean(),
    message_chars: z.number(),
    /** The message, cut at 2,000 characters. */
    message: z.string(),
  }),
  event('memory_unavailable', { error: z.string() }),
  event('memory_retrieved', { customer: z.array(z.string()), account: z.array(z.string()), memory_enabled: z.boolean() }),
  event('memory_superseded', { memory_ids: z.array(z.string()) }),
  event('decision_proposed', {
    decider: z.string(),
    calls: z.array(z.object({ id: z.string(), name: z.string() })),
    usage: usage.nullable(),
  }),
  event('tool_blocked', { call_id: z.string(), name: z.string(), reason: z.string() }),
  event('tool_executed', { call_id: z.string(), name: z.string(), args: z.unknown(), result: z.record(z.string(), z.unknown()) }),
  event('customer_text_scrubbed', { removed: z.array(z.string()) }),
  event('ticket_finalized', {
    decided_by: z.string(),
    tools_executed: z.array(z.string()),
    status: z.string(),
    priority: z.string().nullable(),
    customer_response: z.string(),
    usage: usage.nullable(),
    /** Missing in entries written before the loop timed its stages; readers fall back to the gaps between entries. */
    timings_ms: z.record(z.string(), z.number()).optional(),
  }),
  // memory write-backs (the outbox)
  event('memory_written', { outbox_id: z.string(), memory_id: z.string().nullable(), attempts: z.number() }),
  event('memory_write_deferred', { outbox_id: z.string(), error: z.string(), retry_in_ms: z.number() }),
  // staff and operators
  event('ticket_taken', { actor: z.string(), note: z.string().nullable() }),
  event('ticket_resolved', { actor: z.string(), note: z.string().nullable() }),
  // SLA clocks
  event('sla_alert_posted', { clock: z.string(), level: z.string(), due_at: z.string(), mention: z.string().nullable() }),
  event('memory_seeded', { count: z.number(), actor: z.string() }),
  event('memory_erased', { scope: z.string(), removed: z.number(), store: z.string() }),
  // insights: why memory changed this turn's action (written only when it did; `memdesk report` counts them)
  event('memory_changed_action', { reasons: z.array(z.string()) }),
]);
export type OperationEvent = z.infer<typeof operationEvent>;

/** An event as written: which turn (trace) and ticket it belongs to. */
export type OperationRecord = OperationEvent & { trace_id: string; ticket_id: string | null };
/** An event as read back: in the order written, with the time it was written. */
export type LoggedOperation = OperationRecord & { seq: number; at: string };

/** The operation log as the core sees it: typed events in, typed events out. Append-only. */
export interface OperationLog {
  append(record: OperationRecord): Promise<void>;
  /** Events of a turn or a ticket, oldest first; entries no schema here describes are left out. */
  read(filter: { traceId?: string; ticketId?: string }): Promise<LoggedOperation[]>;
}
