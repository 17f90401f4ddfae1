// The decision loop's ports. Adapters (SQLite, Mem0, Gemini, the policy engine, Slack)
// implement these; nothing in src/agent imports an SDK.
import { z } from 'zod';
import type { FinalResult, IssueType, Priority, ToolName } from './tools.js';

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
  close?(): Promise<void>;
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
  isStaff(slackUserId: string): boolean;
  staffByName(name: string): StaffMember | undefined;
  customerIds(): string[];
}

// ---------- tickets ----------
export const ticketStatus = z.enum(['open', 'waiting_on_customer', 'answered', 'escalated', 'resolved']);
export type TicketStatus = z.infer<typeof ticketStatus>;

/** What a ticket remembers between turns: so a follow-up continues it instead of starting over. */
export const ticketStateSchema = z.object({
  issue_type: z.string(),
  asked: z.array(z.string()),
  fields: z.record(z.string(), z.string()),
  turns: z.number().int(),
  last_action: z.string().nullable(),
  last_turn_key: z.string().optional(),
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
}

export interface OperationEntry {
  trace_id: string;
  ticket_id: string | null;
  kind: string;
  detail: Record<string, unknown>;
}

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

/** A delivery accepted at the door (a Slack event), persisted before the ack and worked from here. */
export interface InboxItem {
  inbox_id: string;
  kind: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'done' | 'failed';
  attempts: number;
  lease_until: string | null;
  error: string | null;
  created_at: string;
}

/** One side effect (a Slack post, a reaction): intent recorded before, result after. */
export interface EffectRecord {
  key: string;
  status: 'intent' | 'done';
  result: Record<string, unknown> | null;
}

export interface TicketStore {
  readonly kind: 'sqlite' | 'postgres';
  createTicket(ticket: Ticket): Promise<void>;
  getTicket(ticketId: string): Promise<Ticket | undefined>;
  updateTicket(ticketId: string, patch: Partial<Omit<Ticket, 'ticket_id'>>): Promise<Ticket>;
  listTickets(): Promise<Ticket[]>;
  ticketByThread(channel: string, threadTs: string): Promise<Ticket | undefined>;
  /** Idempotent on escalation_id (as addCsmNotice on notice_id): effects re-run after a crash land once. */
  addEscalation(e: Escalation): Promise<void>;
  escalationsFor(ticketId: string): Promise<Escalation[]>;
  addCsmNotice(n: CsmNotice): Promise<void>;
  csmNoticesFor(ticketId: string): Promise<CsmNotice[]>;
  /** Idempotent on outbox_id: a second enqueue of the same write changes nothing. */
  enqueueWriteback(w: Writeback): Promise<void>;
  writeback(outboxId: string): Promise<Writeback | undefined>;
  /** Pending write-backs due by `now` (all pending when omitted), oldest first. */
  pendingWritebacks(now?: string): Promise<Writeback[]>;
  completeWriteback(outboxId: string, memoryId: string | null): Promise<void>;
  deferWriteback(outboxId: string, error: string, nextAttemptAt: string): Promise<void>;
  /** Persists a delivery unless any of its keys (event id, channel+ts) was accepted before; false for a duplicate. */
  acceptInbox(item: { inbox_id: string; kind: string; payload: Record<string, unknown>; keys: string[] }): Promise<boolean>;
  /** Leases up to `limit` pending items (new, or whose lease ran out: a crashed worker's) to one worker. */
  claimInbox(opts: { leaseMs: number; limit: number }): Promise<InboxItem[]>;
  finishInbox(inboxId: string, status: 'done' | 'failed', error?: string): Promise<void>;
  inboxCounts(): Promise<Record<InboxItem['status'], number>>;
  effect(key: string): Promise<EffectRecord | undefined>;
  recordEffect(key: string, status: EffectRecord['status'], result?: Record<string, unknown>): Promise<void>;
  /** Append-only: entries are never updated or deleted. */
  log(entry: OperationEntry): Promise<void>;
  operations(filter: { traceId?: string; ticketId?: string }): Promise<(OperationEntry & { seq: number; at: string })[]>;
  close(): Promise<void>;
}

// ---------- decision ----------
export interface PacketMemory {
  id: string;
  memory: string;
  score: number;
  created_at: string;
  metadata?: Record<string, unknown>;
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
  ticket_state: TicketState | null;
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
}
export interface Proposal {
  calls: ProposedCall[];
  usage?: Usage;
  /** Opaque to the loop: what the decider needs to conclude (e.g. the model conversation). */
  state?: unknown;
}
export interface ToolOutcome {
  call: ProposedCall;
  name: ToolName | string;
  status: 'executed' | 'blocked';
  reason?: string;
  result?: Record<string, unknown>;
}

export interface Decider {
  readonly name: 'gemini' | 'openai' | 'policy';
  /** The model behind a model decider, shown on /healthz and the local workspace. */
  readonly model?: string;
  propose(packet: DecisionPacket): Promise<Proposal>;
  conclude(packet: DecisionPacket, proposal: Proposal, outcomes: ToolOutcome[]): Promise<FinalResult & { usage?: Usage }>;
}

// ---------- tools ----------
export interface TicketContext {
  ticket: Ticket;
  identity: Identity;
  packet: DecisionPacket;
  /** The first-response SLA that applies, from policy and memory; null when none. */
  slaHours: number | null;
  /** Stable per turn: effect records are keyed by it so a re-run writes each one once. */
  turnKey: string;
}
export interface Tools {
  execute(name: ToolName, args: unknown, ctx: TicketContext): Promise<Record<string, unknown>>;
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
  email?: string;
  traceId?: string;
  /**
   * Names this turn for exactly-once effects (e.g. the inbox id of a Slack delivery). A turn re-run
   * with the same key after a crash reuses the same ticket, escalation, notice and write-back records.
   */
  turnKey?: string;
}

export interface ToolCallReport {
  name: string;
  args: unknown;
  status: 'executed' | 'blocked';
  reason?: string;
  result?: Record<string, unknown>;
}

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
  tool_calls: ToolCallReport[];
  customer_response: string;
  decision_summary: string;
  handoff_brief: string;
  mem0_value: string;
  tools_executed: string[];
  ticket: Ticket;
  usage?: Usage;
  timings_ms: Record<string, number>;
}

// ---------- what the composition root hands to front doors (CLI, Slack) ----------
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
  tickets: TicketStore;
  directory: Directory;
  clock: { now(): Date };
  decider: string;
  /** The decider's model (e.g. gemini-3.5-flash, qwen3:8b); null for the policy engine. */
  deciderModel: string | null;
  close(): Promise<void>;
}
