// What the composition root hands to the front doors (CLI, Slack, the local workspace): the turn,
// the use cases of src/core, and the stores they may read. Built by src/compose.ts.
import type { OperationLog } from './core/events.js';
import type { MovableClock } from './clock.js';
import type { AnswerFeedback } from './core/answer-feedback.js';
import type { KnowledgeGap, KnowledgeSearch } from './core/knowledge.js';
import type { IntakeMatch, IntakeMessage } from './core/intake.js';
import type { HeldFollowUp } from './core/held-follow-up.js';
import type { InboxMessage } from './core/inbox-priority.js';
import type { HeldMessage } from './core/ownership.js';
import type { Directory, Identity, MemoryStore, Ticket, TicketOutcome, TicketRequest, TicketRepository, WritebackStore } from './core/ports.js';
import type { DeliveryLedger } from './slack/delivery-ledger.js';
import type { ReportReader } from './insights/report-records.js';
import type { SeedMemory } from './core/seed-memories.js';


export interface Memdesk {
  /**
   * One ticket turn. `wroteBack` hears when the turn's memory write-back landed (before its reply is
   * written), once the door's ranking has learned from it: the sender's waiting messages can be ranked again.
   */
  handleTicket(request: TicketRequest, hooks?: { wroteBack?(): void }): Promise<TicketOutcome>;
  /** How urgent a new customer message looks before its turn (core/inbox-priority.ts): the inbox claims the highest first. */
  inboxPriority(message: InboxMessage): number;
  /**
   * For a sender not known yet: ranks the message again once their and their account's memories
   * have been read (off the ack path); null when nothing new was learned.
   */
  lookUpInboxPriority(message: InboxMessage): Promise<number | null>;
  /** Writes seed memories exactly as given (infer: false); duplicates are stored once. */
  seed(memories: SeedMemory[], by: { traceId?: string; actor?: string }): Promise<{ written: number }>;
  /** The demo seed shipped with memdesk (config/demo-seed.yml). */
  demoSeed(): SeedMemory[];
  /** Staff resolved or took a ticket: updates it and, on resolve, writes the resolution to memory. */
  updateTicketStatus(ticketId: string, status: 'resolved', by: { actor: string; note?: string }): Promise<Ticket>;
  /** "Was this helpful?" on the ticket's answer from the help center: Yes resolves, No hands it to a person. Once per answer. */
  answerFeedback(ticketId: string, helpful: boolean, by: { actor: string }): Promise<AnswerFeedback>;
  /** Questions the help center did not answer, with draft articles from the staff resolution. */
  knowledgeGaps(): Promise<KnowledgeGap[]>;
  /** Writes a gap's draft into KNOWLEDGE_DIR and indexes it. */
  acceptKnowledgeGap(gapId: string, by: { actor: string }): Promise<{ article_id: string; file: string; already: boolean }>;
  /** The help center's articles, as KNOWLEDGE_DIR holds them now. */
  knowledgeArticles(): { article_id: string; title: string; url: string; audience: 'customer' | 'internal'; updated: string }[];
  findTicketByThread(channelId: string, threadTs: string): Promise<Ticket | undefined>;
  /**
   * A person on the support team answered the ticket at `at`: first_response_at (if first), owner =
   * that person, status `with_team`. The SLA clocks stop their response clock through this.
   */
  recordHumanReply(ticketId: string, staffUserId: string, at: Date): Promise<Ticket>;
  /**
   * memdesk's reply was withheld because `person` answered in the thread first, at `at`: theirs is the
   * customer's answer (first response, clocks, owner); `respondedAt` is the turn's own (TicketOutcome.responded_at).
   */
  withholdReply(ticketId: string, answer: { person: string; at: Date; respondedAt: Date | null }): Promise<Ticket>;
  /** Take it: `actor` owns the ticket; `escalationTs` is the escalation post it was taken on. */
  takeTicket(ticketId: string, by: { actor: string; escalationTs?: string }): Promise<Ticket>;
  /** Hand back to memdesk: no owner, the bot answers the thread again. */
  handBackTicket(ticketId: string, by: { actor: string }): Promise<Ticket>;
  /**
   * The open ticket a customer's new top-level message joins (same channel, within INTAKE_WINDOW, and
   * not clearly a different request: core/intake.ts). Without `text`, the window alone decides; with
   * it, the match carries the reading it decided on, for the joined turn to take (`TicketRequest.read`).
   */
  findIntakeTicket(message: IntakeMessage): Promise<IntakeMatch | undefined>;
  /**
   * A customer's follow-up in a thread a person holds: recorded for the owner, not answered; read, and
   * when it says the impact grew, the priority goes up within the plan's rules (core/held-follow-up.ts).
   */
  recordHeldFollowUp(ticketId: string, message: HeldMessage, at: Date, identity: Identity): Promise<HeldFollowUp>;
  /** Replays memory write-backs that have not been confirmed yet (after an outage or a crash). */
  drainWritebacks(): Promise<{ written: number; pending: number }>;
  memory: MemoryStore;
  /** The help center the loop answers from. */
  knowledge: KnowledgeSearch;
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
