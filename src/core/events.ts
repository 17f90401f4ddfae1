// The operation log's events: one zod discriminated union on `kind`. The loop, the tools, staff
// actions and the CLI write them; the decision trace and the page read them back through the same
// schemas, so nobody guards or casts a `detail` field by hand.
import { z } from 'zod';

const usage = z.object({ prompt_tokens: z.number(), candidate_tokens: z.number() });
const severity = z.object({ production_blocked: z.boolean(), many_users: z.boolean(), data_loss: z.boolean(), security: z.boolean() });
/** What one reader (the offline one, or a model decider) made of the message. */
const readingSummary = z.object({ issue_type: z.string(), severity, language: z.string() });
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
  event('message_read', {
    /** The offline reader's reading: what the rules, the guardrails and the ticket record act on. */
    issue_type: z.string(),
    confidence: z.number(),
    severity,
    language: z.string(),
    asks_for_human: z.boolean(),
    has_detail: z.boolean(),
    /** Names of the fields found in the message (their values stay in the ticket). */
    fields: z.array(z.string()),
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
  /** A model decider read the message differently from the offline reader; the record keeps the model's reading. */
  event('reading_disagreed', { decider: z.string(), offline: readingSummary, decider_reading: readingSummary }),
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
  event('memory_seeded', { count: z.number(), actor: z.string() }),
  event('memory_erased', { scope: z.string(), removed: z.number(), store: z.string() }),
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
