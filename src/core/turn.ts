// handleTicket(): one ticket turn as named stages. identify the sender → open the ticket → recall
// memory (both scopes) and the help center, in parallel → read the message → decide (packet, assessment, proposal) →
// act (guardrails, tools, one ticket write) → conclude (reply, brief, records). The loop knows only ports.
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { act } from './act.js';
import { conclude } from './conclude.js';
import { decide } from './decide.js';
import type { OperationLog } from './events.js';
import { acceptMessage, identify } from './identify.js';
import { openTicket, type Turn } from './open-ticket.js';
import type { Policy } from './policy.js';
import type { KnowledgeSearch } from './knowledge.js';
import type { Decider, Directory, LearnedTurn, MemoryStore, TicketOutcome, TicketRequest, TicketRepository, Tools } from './ports.js';
import { toolCallReports } from './tool-call-reports.js';
import { messageReaderInput, readMessage, sameReaderInput, type MessageReading, type Reader, type Reading } from './reading.js';
import { recall } from './recall.js';

export interface LoopDeps {
  directory: Directory;
  memory: MemoryStore;
  /** The help center; without one, how-to questions go to a person. */
  knowledge?: KnowledgeSearch;
  tickets: TicketRepository;
  operationLog: OperationLog;
  tools: Tools;
  reader: Reader;
  decider: Decider;
  /** The policy engine: decides when the primary decider leaves a ticket without a customer-facing action. */
  safetyNet: Decider;
  policy: Policy;
  clock: Clock;
  logger: Logger;
}

export interface TurnHooks {
  /**
   * The turn's memory write-back landed, before its reply is written (the last model call): what the
   * turn makes known of its customer, for whoever ranks their waiting messages (core/inbox-priority.ts).
   * Not called when the turn wrote nothing back. A failure here is the hook's own.
   */
  wroteBack?(learned: LearnedTurn): void;
}

export async function handleTicket(deps: LoopDeps, req: TicketRequest, hooks: TurnHooks = {}): Promise<TicketOutcome> {
  const started = performance.now();
  const message = acceptMessage(req.message);
  const identity = identify(deps.directory, req);
  const turn = await openTicket(deps, req, { message, identity, now: deps.clock.now(), started });
  const recalled = await timed(turn, 'memory_ms', () => recall({ ...deps, rules: deps.policy.rules }, turn, req.memoryEnabled ?? true));
  const reading = await read(deps.reader, turn, req.read);
  const decision = await timed(turn, 'decide_ms', () => decide(deps, turn, recalled, reading));
  const acted = await timed(turn, 'tools_ms', () => act(deps, turn, decision));
  const { wroteBack } = hooks;
  const executed = wroteBack ? acted.outcomes.filter((o) => o.status === 'executed').map((o) => o.name) : [];
  if (wroteBack && executed.includes('store_support_outcome_memory')) {
    // The reply's model call takes seconds; a message of this customer's waiting meanwhile may be urgent by this issue.
    const learned = () =>
      wroteBack({
        customer_id: turn.identity.customer_id,
        account_id: turn.identity.account_id,
        assessment: decision.assessment,
        ticket: acted.ticket,
        tools_executed: executed,
        tool_calls: toolCallReports(acted.outcomes),
      });
    // A write-back that failed is reported by the turn's outcome: nothing to learn early.
    acted.settled
      .then(learned, () => undefined)
      .catch((err: unknown) => turn.log.warn({ err }, 'the early ranking of waiting messages failed; the turn goes on'));
  }
  const outcome = await conclude({ ...deps, rules: deps.policy.rules, templates: deps.policy.templates }, turn, recalled, decision, acted);
  // Nothing outside the loop (a Slack post, a caller) hears of the turn before its records are durable.
  await turn.recorded();
  return outcome;
}

/**
 * Stage 4, read: what the reader makes of the message, once per turn. It reads what a decider sees;
 * a reading the front door already made of exactly that (intake) is taken as it is.
 */
async function read(reader: Reader, turn: Turn, given: MessageReading | undefined): Promise<Reading> {
  const since = performance.now();
  const input = messageReaderInput(turn.message, turn.continued ? turn.ticket.message : null);
  const reading =
    given && sameReaderInput(given.input, input)
      ? given.reading
      : await readMessage(reader, input, (err) => turn.log.warn({ err }, "the reader's second opinion failed; the first reading stands"));
  turn.timings.read_ms = Math.round((performance.now() - since) * 10) / 10;
  turn.record({
    kind: 'message_read',
    detail: {
      issue_type: reading.issue_type,
      confidence: Math.round(reading.confidence * 1000) / 1000,
      severity: reading.severity,
      language: reading.language,
      asks_for_human: reading.asks_for_human,
      has_detail: reading.has_detail,
      fields: Object.keys(reading.fields),
    },
  });
  return reading;
}

async function timed<T>(turn: Turn, name: string, stage: () => Promise<T>): Promise<T> {
  const since = performance.now();
  try {
    return await stage();
  } finally {
    turn.timings[name] = Math.round(performance.now() - since);
  }
}
