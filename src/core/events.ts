// The operation log's events: one zod discriminated union on `kind`. The loop, the tools, staff
// actions and the CLI write them; the decision trace and the page read them back through the same
// schemas, so nobody guards or casts a `detail` field by hand.
import { z } from 'zod';

const usage = z.object({ prompt_tokens: z.number(), candidate_tokens: z.number(), requests: z.number().optional(), hedged: z.number().optional() });
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
  // the help center: what was searched for this turn (customer passages for the decider, internal ones for the brief)
  event('knowledge_unavailable', { error: z.string() }),
  event('knowledge_retrieved', {
    passages: z.array(z.object({ article_id: z.string(), heading: z.string(), score: z.number(), audience: z.string() })),
    min_score: z.number(),
  }),
  event('decision_proposed', {
    decider: z.string(),
    calls: z.array(z.object({ id: z.string(), name: z.string() })),
    usage: usage.nullable(),
  }),
  event('tool_blocked', { call_id: z.string(), name: z.string(), reason: z.string() }),
  event('tool_executed', { call_id: z.string(), name: z.string(), args: z.unknown(), result: z.record(z.string(), z.unknown()) }),
  /** A follow-up on an escalated or held ticket said the impact grew: its priority went up within the plan's rules (from null: it had none). */
  event('priority_raised', { from: z.string().nullable(), to: z.string(), reasons: z.array(z.string()) }),
  event('customer_text_scrubbed', { removed: z.array(z.string()) }),
  /** The decider's reply claimed an action no tool of the turn records; the policy engine wrote the reply. */
  event('reply_blocked', { decider: z.string(), reason: z.string() }),
  /** The reply cites these help-center articles (its source line links them). */
  event('answer_cited', { articles: z.array(z.object({ article_id: z.string(), title: z.string(), url: z.string() })) }),
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
  event('human_replied', { actor: z.string(), first_response: z.boolean() }),
  event('ticket_handed_back', { actor: z.string(), previous_owner: z.string().nullable() }),
  /** The customer wrote again in a resolved ticket's thread: it is open again and decided afresh. */
  event('ticket_reopened', { previous_owner: z.string().nullable() }),
  /**
   * A customer wrote in a thread a person holds: recorded and shown to them, not answered by the bot.
   * `user` and `message_ts` (who wrote it, its id in the thread) let a hand back answer it when the thread cannot be read.
   */
  event('customer_followup_held', { owner: z.string(), message: z.string(), user: z.string().optional(), message_ts: z.string().optional() }),
  /** A person answered in the thread while memdesk was deciding: its reply to the customer was not posted. */
  event('customer_reply_withheld', { person: z.string() }),
  event('staff_action_refused', { actor: z.string(), action: z.string() }),
  // SLA clocks
  event('sla_alert_posted', { clock: z.string(), level: z.string(), due_at: z.string(), mention: z.string().nullable() }),
  event('memory_seeded', { count: z.number(), actor: z.string() }),
  // "Was this helpful?" on an answer from the help center, and the gap loop
  event('answer_feedback', {
    helpful: z.boolean(),
    actor: z.string(),
    /** The articles the answer cited: the ones that failed when it was not helpful. */
    articles: z.array(z.string()),
    escalation_id: z.string().nullable(),
  }),
  event('knowledge_gap_found', {
    gap_id: z.string(),
    reason: z.enum(['no_article', 'not_helpful']),
    question: z.string(),
    resolution: z.string(),
    topic: z.string(),
    articles: z.array(z.string()),
  }),
  /** A gap's draft article written by a model, kept so every later list shows the same draft. */
  event('knowledge_gap_drafted', { gap_id: z.string(), article_id: z.string(), title: z.string(), text: z.string(), model: z.string() }),
  event('knowledge_gap_accepted', { gap_id: z.string(), article_id: z.string(), actor: z.string() }),
  event('memory_erased', { scope: z.string(), removed: z.number(), store: z.string() }),
  // insights: why memory changed this turn's action (written only when it did; `memdesk report` counts them)
  event('memory_changed_action', { reasons: z.array(z.string()) }),
]);
export type OperationEvent = z.infer<typeof operationEvent>;

/** An event as written: which turn (trace) and ticket it belongs to. */
export type OperationRecord = OperationEvent & { trace_id: string; ticket_id: string | null };
/** An event as read back: in the order written, with the time it was written. */
export type LoggedOperation = OperationRecord & { seq: number; at: string };
/** A logged event of the given kinds. */
export type LoggedOf<K extends OperationEvent['kind']> = Extract<LoggedOperation, { kind: K }>;

/** The operation log as the core sees it: typed events in, typed events out. Append-only. */
export interface OperationLog {
  append(record: OperationRecord): Promise<void>;
  /**
   * Events of a turn, a ticket, or of the given kinds across all tickets (the gap list), oldest
   * first; entries no schema here describes are left out. Filters combine.
   */
  read<K extends OperationEvent['kind'] = OperationEvent['kind']>(filter: { traceId?: string; ticketId?: string; kinds?: readonly K[] }): Promise<LoggedOf<K>[]>;
}
