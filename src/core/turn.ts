// handleTicket(): one ticket turn as named stages. identify the sender → open the ticket → recall
// memory (both scopes, in parallel) → read the message → decide (packet, assessment, proposal) →
// act (guardrails, tools, one ticket write) → conclude (reply, brief, records). The loop knows only ports.
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { act } from './act.js';
import { conclude } from './conclude.js';
import { decide } from './decide.js';
import type { OperationLog } from './events.js';
import { acceptMessage, identify } from './identify.js';
import { openTicket, type Turn } from './open-ticket.js';
import { MAX_PACKET_MESSAGE_CHARS } from './packet.js';
import type { Policy } from './policy.js';
import type { Decider, Directory, MemoryStore, TicketOutcome, TicketRequest, TicketRepository, Tools } from './ports.js';
import type { Reader, Reading } from './reading.js';
import { recall } from './recall.js';

export interface LoopDeps {
  directory: Directory;
  memory: MemoryStore;
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

export async function handleTicket(deps: LoopDeps, req: TicketRequest): Promise<TicketOutcome> {
  const started = performance.now();
  const message = acceptMessage(req.message);
  const identity = identify(deps.directory, req);
  const turn = await openTicket(deps, req, { message, identity, now: deps.clock.now(), started });
  const recalled = await timed(turn, 'memory_ms', () => recall({ ...deps, rules: deps.policy.rules }, turn, req.memoryEnabled ?? true));
  const reading = read(deps.reader, turn);
  const decision = await timed(turn, 'decide_ms', () => decide(deps, turn, recalled, reading));
  const acted = await timed(turn, 'tools_ms', () => act(deps, turn, decision));
  return conclude({ ...deps, rules: deps.policy.rules }, turn, recalled, decision, acted);
}

/** Stage 4, read: what the reader makes of the message, once per turn. It reads what a decider sees. */
function read(reader: Reader, turn: Turn): Reading {
  return reader.read({ text: turn.message.slice(0, MAX_PACKET_MESSAGE_CHARS), thread: turn.continued ? [turn.ticket.message] : [] });
}

async function timed<T>(turn: Turn, name: string, stage: () => Promise<T>): Promise<T> {
  const since = performance.now();
  try {
    return await stage();
  } finally {
    turn.timings[name] = Math.round(performance.now() - since);
  }
}
