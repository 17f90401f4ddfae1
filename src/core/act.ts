// Stage 6, act: every proposed call is checked by the guardrails, then run; blocked calls are
// reported, never executed. No ticket is left without a customer-facing action: when the decider
// took none, the policy engine (the safety net) chooses one. The turn's changes to the ticket
// (issue type, fields, status, priority, SLA, first response) are written to its row once, at the end.
import type { Decision } from './decide.js';
import { checkCall } from './guardrails.js';
import type { Turn } from './open-ticket.js';
import type { CsmNotice, Decider, Escalation, Proposal, Ticket, TicketChange, TicketContext, TicketRepository, ToolOutcome, Tools } from './ports.js';
import { customerFacingTools } from './tools.js';
import { awaitedResponse, type TicketClocks } from './sla-clocks.js';
import { awaitsTeam, clocksAfterReply, clocksBeforeReply, FIRST_RESPONSE_BY_MEMDESK } from './turn-clocks.js';
import type { Directory } from './ports.js';
import type { PriorityRaise } from './priority-raise.js';
import type { Reading, SupportedLanguage } from './reading.js';

export interface Acted {
  outcomes: ToolOutcome[];
  /** The ticket after this turn's one write. */
  ticket: Ticket;
  /** The records the tools made, as executed. */
  escalation: Escalation | null;
  csmNotice: CsmNotice | null;
  /** The follow-up raised the escalated ticket's priority (written with the turn's other changes). */
  priorityRaised: PriorityRaise | null;
  /** Who writes the reply: the decider, or the safety net when it had to step in. */
  concluder: Decider;
  concluderProposal: Proposal;
  /** Settles when the work the tools started (memory write-backs) has ended and `outcomes` hold its results. */
  settled: Promise<void>;
  /** When this turn's reply counts as an answer (the turn's instant), or null when a person's is awaited. */
  respondedAt: Date | null;
}

/** What the executed calls made, gathered across the decider's calls and the safety net's. */
interface Made {
  change: TicketChange;
  escalation: Escalation | null;
  csmNotice: CsmNotice | null;
  /** Started work, each updating its call's outcome when it ends. */
  settling: Promise<void>[];
}

export async function act(
  deps: { tools: Tools; tickets: TicketRepository; decider: Decider; safetyNet: Decider; directory: Directory },
  turn: Turn,
  decision: Decision,
): Promise<Acted> {
  const { assessment, packet } = decision;
  // The ticket as this turn's tools see it: the rules' issue type and fields, not written yet.
  const working: Ticket = {
    ...turn.ticket,
    issue_type: assessment.issue_type,
    state: { ...turn.ticket.state, issue_type: assessment.issue_type, fields: assessment.fields },
  };
  const running = clocksBeforeReply(turn.ticket, { assessment, directory: deps.directory, now: turn.now, continued: turn.continued });
  const ctx: TicketContext = { ticket: working, identity: turn.identity, packet, responseDue: responseDue(running, assessment.sla_hours, turn.now), writtenIn: writtenIn(decision.reading), replyLanguage: assessment.language, turnKey: turn.turnKey };
  const made: Made = { change: {}, escalation: null, csmNotice: null, settling: [] };

  const outcomes = await executeCalls(deps.tools, decision.proposal, decision, ctx, turn, made);
  let concluder = deps.decider;
  let concluderProposal = decision.proposal;
  if (!outcomes.some((o) => o.status === 'executed' && customerFacingTools.includes(o.name as never))) {
    turn.log.warn('decider took no allowed customer-facing action; the policy engine decides');
    const net = await deps.safetyNet.propose(packet, assessment);
    const taken = new Set(outcomes.filter((o) => o.status === 'executed').map((o) => o.name));
    const netCalls = net.calls.filter((c) => !taken.has(c.name));
    outcomes.push(...(await executeCalls(deps.tools, { ...net, calls: netCalls }, decision, ctx, turn, made)));
    concluder = deps.safetyNet;
    concluderProposal = net;
  }

  // A follow-up that says the impact grew raises a ticket that stays with the team (no new escalation set one).
  const raise = assessment.priority_raise;
  const priorityRaised = raise && (made.change.status ?? working.status) === 'escalated' && made.change.priority === undefined ? raise : null;
  if (priorityRaised) {
    made.change.priority = priorityRaised.to;
    turn.record({ kind: 'priority_raised', detail: { from: priorityRaised.from, to: priorityRaised.to, reasons: priorityRaised.reasons } });
    turn.log.info(priorityRaised, 'follow-up raised the escalated ticket\'s priority');
  }
  const status = made.change.status ?? working.status;
  const firstResponse = !turn.ticket.first_response_at && !awaitsTeam(status);
  const state = { ...(made.change.state ?? working.state), ...(firstResponse ? { first_response_by: FIRST_RESPONSE_BY_MEMDESK } : {}) };
  const clocks = clocksAfterReply(running, { now: turn.now, status });
  const ticket = await deps.tickets.update(working.ticket_id, {
    issue_type: working.issue_type,
    // Every turn ends with a reply in the customer's thread. An answer or a question is the customer's
    // first response, unless a person or an earlier turn answered first, and the same instant stops the
    // first-response clock (turn-clocks.ts); the word that a person takes it is not: theirs will be.
    ...(firstResponse ? { first_response_at: turn.now.toISOString() } : {}),
    // The reply answers whatever the customer was left waiting with (a message held for a person who handed the ticket back).
    ...(turn.ticket.customer_waiting_since ? { customer_waiting_since: null } : {}),
    ...made.change,
    state: clocks ? { ...state, clocks } : state,
  });
  const settled = Promise.all(made.settling).then(() => undefined);
  // Awaited by conclude; a failure before then must not surface as an unhandled rejection as well.
  settled.catch(() => undefined);
  const respondedAt = awaitsTeam(status) ? null : turn.now;
  return { outcomes, ticket, escalation: made.escalation, csmNotice: made.csmNotice, priorityRaised, concluder, concluderProposal, settled, respondedAt };
}

/**
 * When a person answers if this turn hands the ticket over: the running response clock's due time in
 * the account's zone, one source for the customer's promise and staff's "SLA due". A plan without SLA
 * clocks keeps its `sla_hours` from now (in UTC).
 */
/** The language the reader read the message in, when it is one memdesk answers in (not `none`, not `other`). */
function writtenIn(reading: Reading): SupportedLanguage | null {
  return reading.language === 'none' || reading.language === 'other' ? null : reading.language;
}

function responseDue(clocks: TicketClocks | undefined, slaHours: number | null, now: Date): TicketContext['responseDue'] {
  if (clocks) return awaitedResponse(clocks);
  return slaHours ? { due_at: new Date(now.getTime() + slaHours * 3_600_000).toISOString(), timezone: 'UTC' } : null;
}

async function executeCalls(
  tools: Tools,
  proposal: Proposal,
  decision: Decision,
  ctx: TicketContext,
  turn: Turn,
  made: Made,
): Promise<ToolOutcome[]> {
  const outcomes: ToolOutcome[] = [];
  const escalating = proposal.calls.some((c) => c.name === 'create_escalation_ticket');
  let customerFacingTaken = false;
  for (const call of proposal.calls) {
    const verdict = checkCall(call, { packet: decision.packet, assessment: decision.assessment, customerFacingTaken, escalating, retrieved: decision.retrieved });
    if (!verdict.allowed) {
      turn.log.warn({ tool: call.name, reason: verdict.reason }, 'tool call blocked');
      outcomes.push({ call, name: verdict.name, status: 'blocked', reason: verdict.reason });
      turn.record({ kind: 'tool_blocked', detail: { call_id: call.id, name: call.name, reason: verdict.reason } });
      continue;
    }
    const effect = await tools.execute(verdict.name, verdict.args, ctx);
    if (customerFacingTools.includes(verdict.name)) customerFacingTaken = true;
    if (effect.ticketChange) Object.assign(made.change, effect.ticketChange);
    if (effect.escalation) made.escalation = effect.escalation;
    if (effect.csmNotice) made.csmNotice = effect.csmNotice;
    const outcome: ToolOutcome = { call: { ...call, args: verdict.args }, name: verdict.name, status: 'executed', result: effect.result };
    outcomes.push(outcome);
    if (effect.settled) made.settling.push(effect.settled.then((result) => void (outcome.result = result)));
    turn.record({ kind: 'tool_executed', detail: { call_id: call.id, name: verdict.name, args: verdict.args, result: effect.result } });
  }
  return outcomes;
}
