// The decision loop's ports. Adapters (SQLite, Mem0, Gemini, the policy engine, Slack)
// implement these; nothing in src/core imports an SDK.
import { z } from 'zod';
import type { Assessment } from './assess.js';
import type { MessageReading, Reading, SupportedLanguage } from './reading.js';
import type { AccountHours } from './sla-rules.js';
import { ticketClocksSchema } from './sla-clocks.js';
import type { FinalResult, IssueType, Priority, ToolName } from './tools.js';
import type { PriorityRaise } from './priority-raise.js';

// ---------- memory ----------
export type ScopeKind = 'customer' | 'account';
export interface Scope {
  kind: ScopeKind;
  id: string;
}

export interface MemoryRecord {
  id: string;
  scope: Scope;
  memory: string;
  metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}
export interface ScoredMemory extends MemoryRecord {
  score: number;
}
export interface MemoryChange {
  memory_id: string;
  event: 'ADD' | 'UPDATE' | 'DELETE';
  old_memory: string | null;
  new_memory: string | null;
  at: string;
}
export interface AddMemoryOptions {
  metadata?: Record<string, unknown>;
  /** Mem0's flag: let the platform extract facts (true) or store the text as given (false). */
  infer?: boolean;
  /**
   * The caller knows no earlier attempt of this write was ever sent (a write-back just recorded in the
   * outbox): the store need not look for one that may have landed (metadata.outbox_id).
   */
  firstAttempt?: boolean;
}

export interface MemoryStore {
  readonly kind: 'local' | 'mem0-platform';
  /** Stores a memory; an exact duplicate in the same scope returns the existing record. */
  add(scope: Scope, text: string, options?: AddMemoryOptions): Promise<MemoryRecord[]>;
  search(scope: Scope, query: string, options?: { limit?: number }): Promise<ScoredMemory[]>;
  list(scope: Scope): Promise<MemoryRecord[]>;
  delete(memoryId: string): Promise<void>;
  /** Erases every memory of a scope (right to erasure); returns how many were removed. */
  deleteScope(scope: Scope): Promise<number>;
  history(memoryId: string): Promise<MemoryChange[]>;
  /**
   * 'reindexing' while memories indexed by an older analyzer are re-indexed in the background
   * (searches still find them, by the older analysis); stores with nothing of the kind leave it out.
   */
  indexState?(): 'current' | 'reindexing';
  close?(): Promise<void>;
}

/** Durable memory write-back: recorded first, then retried until the memory store confirms it. */
export interface MemoryWriteback {
  /** What became of the write (done, or pending with the error), for the tool's result. */
  write(x: WritebackRequest): Promise<Record<string, unknown>>;
  /**
   * Records the write and starts it without waiting for the memory store: once this resolves the
   * write is durable (it will be made, now or on a replay); `written` is what `write` would have said.
   */
  start(x: WritebackRequest): Promise<{ outbox_id: string; written: Promise<Record<string, unknown>> }>;
}
export interface WritebackRequest {
  scope: Scope;
  text: string;
  metadata: Record<string, unknown>;
  infer: boolean;
  ticketId: string | null;
  traceId: string;
  outboxId?: string;
}

// ---------- directory ----------
export interface Identity {
  customer_id: string;
  account_id: string;
  customer_name: string;
  account_name: string;
  /** How the sender was recognised; `unknown` gets an isolated scope of its own. */
  resolved_by: 'directory' | 'channel' | 'email' | 'unknown';
  slack_user_id?: string;
}
export interface StaffMember {
  name: string;
  slack_user_id: string;
  roles: string[];
}
export interface IdentityQuery {
  slackUserId?: string;
  customerId?: string;
  channelId?: string;
  email?: string;
}
export interface Directory {
  resolve(query: IdentityQuery): Identity;
  staff(): StaffMember[];
  /** The staff's names, as the readers of memories and messages take them (a note by "Dana" is staff's). */
  staffNames(): string[];
  isStaff(slackUserId: string): boolean;
  staffByName(name: string): StaffMember | undefined;
  customerIds(): string[];
  accountIds(): string[];
  /** The account's own business hours for SLA clocks, over its plan's (undefined: the plan's). */
  accountHours(accountId: string): AccountHours | undefined;
}

// ---------- tickets ----------
// `with_team`: a person on the support team answered or holds the ticket; the bot stays out of its thread.
export const ticketStatus = z.enum(['open', 'waiting_on_customer', 'escalated', 'with_team', 'resolved']);
export type TicketStatus = z.infer<typeof ticketStatus>;

/** What a ticket remembers between turns: so a follow-up continues it instead of starting over. */
export const ticketStateSchema = z.object({
  issue_type: z.string(),
  asked: z.array(z.string()),
  fields: z.record(z.string(), z.string()),
  turns: z.number().int(),
  last_action: z.string().nullable(),
  last_turn_key: z.string().optional(),
  /** SLA clocks, started when the ticket's plan has targets (sla-clocks.ts). */
  clocks: ticketClocksSchema.optional(),
  /** Who gave the first response (first_response_at): `memdesk`, or the Slack user id of the person who answered. */
  first_response_by: z.string().optional(),
});
export type TicketState = z.infer<typeof ticketStateSchema>;

export interface Ticket {
  ticket_id: string;
  trace_id: string;
  customer_id: string;
  account_id: string;
  status: TicketStatus;
  priority: Priority | null;
  issue_type: IssueType | null;
  sla_due_at: string | null;
  created_at: string;
  updated_at: string;
  message: string;
  state: TicketState;
  slack_channel?: string | null;
  slack_thread_ts?: string | null;
  /** The staff member (Slack user id) who holds the ticket: took it or replied in its thread. */
  owner?: string | null;
  /** When a person (or memdesk) first answered; set once. */
  first_response_at?: string | null;
  /** When the customer last wrote and nobody has answered since: the next-response clock starts here. */
  customer_waiting_since?: string | null;
  /** The escalation post staff act on (its ts in the escalation channel), once someone took the ticket there. */
  escalation_ts?: string | null;
}

/** The operation log's typed events: see events.ts (src/store/operation-log.ts keeps them). */
export type { OperationLog } from './events.js';

export interface CsmNotice {
  notice_id: string;
  ticket_id: string;
  account_id: string;
  customer_id: string;
  csm_name: string | null;
  handoff_summary: string;
  risk_reason: string;
  created_at: string;
}

export interface Escalation {
  escalation_id: string;
  ticket_id: string;
  priority: Priority;
  reason: string;
  summary: string;
  handoff_summary: string;
  sla_due_at: string | null;
  created_at: string;
}

/** A memory write-back waiting in the durable outbox until the memory store confirms it. */
export interface Writeback {
  outbox_id: string;
  ticket_id: string | null;
  trace_id: string;
  scope: Scope;
  text: string;
  metadata: Record<string, unknown>;
  infer: boolean;
  status: 'pending' | 'done';
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  memory_id: string | null;
  created_at: string;
}

export interface TicketRepository {
  readonly backend: 'sqlite' | 'postgres';
  create(ticket: Ticket): Promise<void>;
  /** Creates the ticket unless one with its id is stored, in one statement; returns the stored one (a resumed turn finds the ticket it made). */
  createOrFind(ticket: Ticket): Promise<Ticket>;
  get(ticketId: string): Promise<Ticket | undefined>;
  update(ticketId: string, patch: Partial<Omit<Ticket, 'ticket_id'>>): Promise<Ticket>;
  list(): Promise<Ticket[]>;
  /**
   * The tickets not resolved with a running SLA clock at or past its warning point at `now`, oldest
   * first: what the SLA scan reads every few seconds (an indexed column, not every open ticket's state).
   */
  listAlerting(now: Date): Promise<Ticket[]>;
  byThread(channel: string, threadTs: string): Promise<Ticket | undefined>;
  /**
   * The customer's newest ticket in a channel, whatever its status (intake joins messages to it, and
   * reopens it when it was just resolved).
   */
  latestFor(customerId: string, channel: string): Promise<Ticket | undefined>;
  /** The tickets a person on the team holds that are not resolved, oldest first (their App Home). */
  openOwnedBy(owner: string): Promise<Ticket[]>;
  /** Idempotent on escalation_id (as addCsmNotice on notice_id): effects re-run after a crash land once. */
  addEscalation(e: Escalation): Promise<void>;
  escalationsFor(ticketId: string): Promise<Escalation[]>;
  addCsmNotice(n: CsmNotice): Promise<void>;
  csmNoticesFor(ticketId: string): Promise<CsmNotice[]>;
}

/** The durable records behind the memory write-back outbox (memory/writeback-outbox.ts). */
export interface WritebackStore {
  /** Idempotent on outbox_id: a second enqueue of the same write changes nothing. True when this call
   * recorded it, false when it was recorded already (a replay: `get` tells how far it got). */
  enqueue(w: Writeback): Promise<boolean>;
  get(outboxId: string): Promise<Writeback | undefined>;
  /** Pending write-backs due by `now` (all pending when omitted), oldest first. */
  pending(now?: string): Promise<Writeback[]>;
  complete(outboxId: string, memoryId: string | null): Promise<void>;
  defer(outboxId: string, error: string, nextAttemptAt: string): Promise<void>;
}

// ---------- the customer's thread ----------
/** One message of a ticket's thread as the chat holds it, its sender told apart as support sees them. */
export interface ThreadMessage {
  /** The chat's id of the message (Slack's ts), in the order messages were written. */
  ts: string;
  /** When it was written (from the ts). */
  at: Date;
  user: string | null;
  /** `staff`: someone on the support team; `bot`: memdesk (any instance); `customer`: anyone else. */
  from: 'customer' | 'staff' | 'bot';
  text: string;
}

/**
 * The thread where the ticket lives (Slack's conversations.replies): the source of truth every
 * instance's posts and every person's replies reach before any instance has worked them.
 */
export interface ThreadReader {
  /** The thread's messages, oldest first; with `after`, at least those written after that ts. */
  read(channelId: string, threadTs: string, opts?: { after?: string }): Promise<ThreadMessage[]>;
}

// ---------- decision ----------
export interface PacketMemory {
  id: string;
  memory: string;
  score: number;
  created_at: string;
  metadata?: Record<string, unknown>;
}

/** A help-center passage as a decider sees it: `id` names it in the packet; `sources` cite `article_id`. */
export interface PacketPassage {
  id: string;
  article_id: string;
  title: string;
  url: string;
  heading: string;
  text: string;
  score: number;
}

/** A help-center article an answer cited, as the operation log keeps it (`answer_cited`). */
export interface CitedArticle {
  article_id: string;
  title: string;
  url: string;
}

/** One earlier turn of the ticket, cut short (ticket-history.ts): a follow-up is decided knowing what was said. */
export interface PacketTurn {
  /** What the customer wrote. */
  customer: string;
  /** memdesk's customer-facing action (answer_customer, ask_for_missing_info, create_escalation_ticket); null when none ran. */
  action: string | null;
  /** What memdesk told the customer. */
  reply: string;
  /** The help-center articles the answer cited. */
  cited: CitedArticle[];
  /** The fields a question asked for. */
  asked: string[];
  /** The customer's "Was this helpful?" press on the answer, if any. */
  feedback: 'helpful' | 'not_helpful' | null;
}

/** Everything the decider may see, and nothing more. */
export interface DecisionPacket {
  trace_id: string;
  ticket_id: string;
  now: string;
  today: string;
  customer: { customer_id: string; account_id: string; customer_name: string; account_name: string; known_sender: boolean };
  message: string;
  message_truncated: boolean;
  memory_enabled: boolean;
  memory_unavailable: boolean;
  memories: { customer: PacketMemory[]; account: PacketMemory[] };
  /** Customer-audience passages only (internal articles never reach a decider), best first. */
  knowledge: { passages: PacketPassage[]; min_score: number; unavailable: boolean };
  ticket_state: TicketState | null;
  /** The ticket's earlier turns, oldest first (the latest few); empty on a new ticket. */
  history: PacketTurn[];
  /** The language the server answers in when the message, with its thread, is too short to show one (the reader's `none`): the customer's remembered language, else English. */
  reply_language?: SupportedLanguage;
  policy_text: string;
  instructions: string;
}

export interface ProposedCall {
  id: string;
  name: string;
  args: unknown;
}
export interface Usage {
  prompt_tokens: number;
  candidate_tokens: number;
  /** Requests a model decider sent for the turn (retries, repairs and hedges included), when it counts them. */
  requests?: number;
  /** Of those, hedges: a slow urgent request sent once more (MODEL_HEDGE). */
  hedged?: number;
}
export interface Proposal {
  calls: ProposedCall[];
  usage?: Usage;
  /** Opaque to the loop: what the decider needs to conclude (e.g. the model conversation). */
  state?: unknown;
  /** Set when another decider than the one asked made this proposal, e.g. "policy (fallback: timeout)". */
  decided_by?: string;
}
export interface ToolOutcome {
  call: ProposedCall;
  name: ToolName | string;
  status: 'executed' | 'blocked';
  reason?: string;
  result?: Record<string, unknown>;
}

/** What a decider hands back at the end of a turn; `decided_by` is set when a fallback wrote it. */
export type Conclusion = FinalResult & { usage?: Usage; decided_by?: string };

/**
 * Proposes tool calls for a packet, then writes the reply once they ran. The assessment is the
 * rules' reading of the turn, made once by the loop: the policy engine acts on it; a model decider
 * shows its model only the packet and uses the assessment only to queue its calls by urgency.
 */
export interface Decider {
  readonly name: 'gemini' | 'openai' | 'policy';
  /** The model behind a model decider, shown on /healthz and the local workspace. */
  readonly model?: string;
  propose(packet: DecisionPacket, assessment: Assessment): Promise<Proposal>;
  conclude(packet: DecisionPacket, proposal: Proposal, outcomes: ToolOutcome[], assessment: Assessment): Promise<Conclusion>;
}

// ---------- tools ----------
export interface TicketContext {
  ticket: Ticket;
  identity: Identity;
  packet: DecisionPacket;
  /**
   * When the customer hears from a person if the ticket is handed over (the running first- or
   * next-response clock's due time) and the account's zone to tell them in; null without an SLA.
   */
  responseDue: { due_at: string; timezone: string } | null;
  /**
   * The language the customer wrote this turn's message (or its thread) in, when the reader could tell and
   * memdesk answers in it: the outcome memory keeps it for a later message too short to tell.
   */
  writtenIn: SupportedLanguage | null;
  /** The language the customer is answered in (the assessment's): a due time a tool hands back is said in it. */
  replyLanguage: SupportedLanguage;
  /** Stable per turn: effect records are keyed by it so a re-run writes each one once. */
  turnKey: string;
}
/** The ticket fields a tool changes; the loop writes a turn's changes to the ticket row at once. */
export type TicketChange = Partial<Pick<Ticket, 'status' | 'priority' | 'sla_due_at' | 'state'>>;

/** What one executed tool did: its result for the decider, and the records it made. */
export interface ToolEffect {
  result: Record<string, unknown>;
  /**
   * Work the tool started and did not wait for (a memory write-back): the call's result once it
   * ends. The turn waits for it only after the decider has written the reply, so the two overlap.
   */
  settled?: Promise<Record<string, unknown>>;
  ticketChange?: TicketChange;
  escalation?: Escalation;
  csmNotice?: CsmNotice;
}
export interface Tools {
  execute(name: ToolName, args: unknown, ctx: TicketContext): Promise<ToolEffect>;
}

// ---------- the loop's front door ----------
export interface TicketRequest {
  /** A Slack user id or a customer id from the directory. */
  user: string;
  message: string;
  /** Continue this open ticket (a thread reply) instead of opening a new one. */
  ticketId?: string;
  memoryEnabled?: boolean;
  channelId?: string;
  threadTs?: string;
  /** The sender as the front door already identified them (Slack also asks for their email); resolved from `user` otherwise. */
  identity?: Identity;
  traceId?: string;
  /**
   * Names this turn for exactly-once effects (e.g. the inbox id of a Slack delivery). A turn re-run
   * with the same key after a crash reuses the same ticket, escalation, notice and write-back records.
   */
  turnKey?: string;
  /**
   * The message's reading, when the front door already read it (intake, deciding a follow-up joins):
   * the turn takes it if it was read from the same words and thread the turn reads, else reads again.
   */
  read?: MessageReading;
}

export interface ToolCallReport {
  name: string;
  args: unknown;
  status: 'executed' | 'blocked';
  reason?: string;
  result?: Record<string, unknown>;
}

/** What a turn makes known of its customer (the inbox's ranking learns it: core/inbox-priority.ts). */
export type LearnedTurn = Pick<TicketOutcome, 'customer_id' | 'account_id' | 'assessment' | 'ticket' | 'tools_executed' | 'tool_calls'>;

/** The result of one ticket turn; `memdesk ask --json` prints exactly this. */
export interface TicketOutcome {
  ticket_id: string;
  trace_id: string;
  customer_id: string;
  account_id: string;
  decided_by: string;
  memory_enabled: boolean;
  memory_unavailable: boolean;
  retrieved: { customer: { id: string; memory: string; score: number }[]; account: { id: string; memory: string; score: number }[] };
  /** The help-center articles retrieved for this turn (customer audience), best passage's score each. */
  knowledge: { article_id: string; title: string; url: string; score: number }[];
  tool_calls: ToolCallReport[];
  customer_response: string;
  decision_summary: string;
  handoff_brief: string;
  mem0_value: string;
  tools_executed: string[];
  ticket: Ticket;
  usage?: Usage;
  timings_ms: Record<string, number>;
  /** Who wrote in, as resolved once for this turn. */
  identity: Identity;
  /** What the reader made of the message, and what the rules made of the ticket. */
  reading: Reading;
  assessment: Assessment;
  /** The records this turn's tools made (null when the tool did not run). */
  escalation: Escalation | null;
  csm_notice: CsmNotice | null;
  /** A follow-up on an escalated ticket raised its priority (the team is told in the escalation thread); null otherwise. */
  priority_raised: PriorityRaise | null;
  /** The articles the reply cites, and the Slack mrkdwn line that ends the reply and links them ('' when none). */
  cited: string[];
  source_line: string;
  /**
   * The instant this turn's reply counts as the customer's answer (it stopped the response clocks and
   * is the first response if none came before); null when the turn leaves the ticket with the team.
   */
  responded_at: string | null;
}
