// Use case: the customer wrote in a thread a person holds. memdesk answers nothing there, but it reads
// the message as a turn would (reading.ts) and, when it says the impact grew ("production is down for
// everyone now"), raises the ticket's priority exactly as a follow-up on an escalated ticket does
// (priority-raise.ts), or gives it one when it had none (a person replied before any escalation):
// the policy's impact floors, never above what the plan allows (the assessment
// of the customer's and account's memories, searched as the turn's recall searches them), never down.
// The follow-up, and the raise if any, are recorded for the owner (ownership.ts).
import type { Clock } from '../clock.js';
import { isoDay } from '../clock.js';
import { memdeskError } from '../errors.js';
import { newId } from '../ids.js';
import { assess } from './assess.js';
import type { OperationLog } from './events.js';
import { supersededMemoryIds } from './memory-facts.js';
import { buildPacket, toPacketMemories } from './packet.js';
import { heldByPerson, recordHeldFollowUp, type HeldMessage } from './ownership.js';
import type { Policy } from './policy.js';
import { priorityRaise, type PriorityRaise } from './priority-raise.js';
import type { Directory, Identity, MemoryStore, ScoredMemory, Ticket, TicketRepository } from './ports.js';
import { messageReaderInput, readMessage, type Reader, type Reading } from './reading.js';
import { searchCustomerAndAccount } from './recall.js';

export interface HeldFollowUpDeps {
  tickets: Pick<TicketRepository, 'get' | 'update'>;
  operationLog: OperationLog;
  clock: Clock;
  reader: Reader;
  memory: MemoryStore;
  policy: Pick<Policy, 'rules'>;
  directory: Pick<Directory, 'staffNames'>;
}

export interface HeldFollowUp {
  ticket: Ticket;
  /** The follow-up said the impact grew: the priority went up (null when it did not). */
  priority_raised: PriorityRaise | null;
}

export async function holdFollowUp(deps: HeldFollowUpDeps, ticketId: string, identity: Identity, held: HeldMessage, at: Date): Promise<HeldFollowUp> {
  const message = held.text;
  const ticket = await deps.tickets.get(ticketId);
  if (!ticket) throw memdeskError('ticket_input', `ticket ${ticketId} does not exist`);
  // Read as a turn reads a follow-up: with the message that opened the ticket.
  const reading = await readMessage(deps.reader, messageReaderInput(message, ticket.message));
  const raise = heldByPerson(ticket) && saysImpact(reading, deps.policy.rules) ? await raiseFor(deps, ticket, identity, message, reading, at) : null;
  const updated = await recordHeldFollowUp(deps, ticketId, held, at, raise);
  return { ticket: updated, priority_raised: raise };
}

/** Whether the reading carries an impact signal the policy sets a priority floor for (else nothing can go up). */
function saysImpact(reading: Reading, rules: HeldFollowUpDeps['policy']['rules']): boolean {
  return Object.entries(rules.severity_priority).some(([signal, atLeast]) => atLeast && reading.severity[signal as keyof Reading['severity']]);
}

/** The raise an escalated ticket's follow-up would get: the rules' assessment of this message with the customer's memories. */
async function raiseFor(deps: HeldFollowUpDeps, ticket: Ticket, identity: Identity, message: string, reading: Reading, at: Date): Promise<PriorityRaise | null> {
  const { rules } = deps.policy;
  let customerMemories: ScoredMemory[] = [];
  let accountMemories: ScoredMemory[] = [];
  let memoryUnavailable = false;
  try {
    // Within the turn's memory budget: a hung store must not hold the owner's note back.
    [customerMemories, accountMemories] = await searchCustomerAndAccount(deps.memory, identity, message);
  } catch {
    // Without memory the plan is unknown: the unknown plan's limit applies, as in a turn.
    memoryUnavailable = true;
  }
  const superseded = supersededMemoryIds(toPacketMemories([...customerMemories, ...accountMemories], Infinity), rules, isoDay(at), deps.reader);
  const packet = buildPacket({
    traceId: newId('trace', at),
    ticketId: ticket.ticket_id,
    now: at,
    identity,
    message,
    memoryEnabled: true,
    memoryUnavailable,
    customerMemories: customerMemories.filter((m) => !superseded.has(m.id)),
    accountMemories: accountMemories.filter((m) => !superseded.has(m.id)),
    ticketState: ticket.state,
    policyText: '',
    passages: [],
    knowledgeUnavailable: false,
    minScore: rules.knowledge.min_score,
  });
  // A person holds the ticket: it is with the team, whether they took it from an escalation or replied.
  return priorityRaise(ticket, { ...assess(packet, reading, rules, deps.reader, deps.directory.staffNames()), already_escalated: true }, rules);
}
