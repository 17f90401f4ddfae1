// handleTicket(): identity → memory (both scopes, in parallel) → decision packet → proposed tool
// calls → guardrails → execution → final reply and brief → records. The loop knows only ports.
import type { Logger } from 'pino';
import type {
  Decider,
  DecisionPacket,
  Directory,
  MemoryStore,
  Proposal,
  Scope,
  ScoredMemory,
  Ticket,
  TicketOutcome,
  TicketRequest,
  TicketStore,
  ToolCallReport,
  ToolOutcome,
  Tools,
} from './ports.js';
import { buildPacket, toPacketMemories } from './packet.js';
import { checkCall, scrubCustomerText } from './guardrails.js';
import { customerFacingTools, finalResultSchema, type FinalResult } from './tools.js';
import { assess, type Assessment } from './assess.js';
import { supersededMemoryIds } from './memory-facts.js';
import type { Policy } from './policy.js';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';

export class TicketInputError extends Error {}

/** Longest message accepted at all; longer ones are cut for the packet but stored whole. */
export const MAX_MESSAGE_CHARS = 100_000;
/** Memory search must not eat Slack's 3-second budget. */
export const MEMORY_BUDGET_MS = 1500;
/** A second query per scope for the facts policy depends on, whatever the message says. */
export const POLICY_FACTS_QUERY = 'plan tier SLA contract renews renewal CSM customer success manager promised credit refund reported issue';

export interface LoopDeps {
  directory: Directory;
  memory: MemoryStore;
  tickets: TicketStore;
  tools: Tools;
  decider: Decider & { decidedBy?(traceId: string): { decided_by: string } | undefined };
  /** The policy engine: decides when the primary decider leaves a ticket without a customer-facing action. */
  safetyNet: Decider;
  policy: Policy;
  clock: Clock;
  logger: Logger;
}

export async function handleTicket(deps: LoopDeps, req: TicketRequest): Promise<TicketOutcome> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  const lap = (name: string, since: number) => (timings[name] = Math.round(performance.now() - since));

  const message = (req.message ?? '').replace(/\r\n/g, '\n').trim();
  if (!message) throw new TicketInputError('message is empty: nothing to make a ticket of');
  if (message.length > MAX_MESSAGE_CHARS) {
    throw new TicketInputError(`message is ${message.length} characters; the limit is ${MAX_MESSAGE_CHARS}`);
  }
  const memoryEnabled = req.memoryEnabled ?? true;
  const now = deps.clock.now();

  // 1. identity
  // `user` is a Slack user id or a customer id; the directory knows which.
  const identity = deps.directory.resolve({
    slackUserId: req.user,
    customerId: req.user,
    channelId: req.channelId,
    email: req.email,
  });

  // 2. the ticket: a new one, or the open one this message continues. A turn key makes this
  // idempotent: re-running a turn after a crash finds the ticket it already made or advanced.
  const turnKey = req.turnKey ?? newId('turn', now);
  const resumedNew = !req.ticketId && req.turnKey ? await deps.tickets.getTicket(`tkt_${req.turnKey}`) : undefined;
  let ticket: Ticket;
  if (resumedNew) {
    ticket = resumedNew;
  } else if (req.ticketId) {
    const existing = await deps.tickets.getTicket(req.ticketId);
    if (!existing) throw new TicketInputError(`ticket ${req.ticketId} does not exist`);
    if (existing.customer_id !== identity.customer_id) {
      throw new TicketInputError(`ticket ${req.ticketId} belongs to another customer`);
    }
    ticket =
      existing.state.last_turn_key === turnKey
        ? existing
        : await deps.tickets.updateTicket(existing.ticket_id, {
            state: { ...existing.state, turns: existing.state.turns + 1, last_turn_key: turnKey },
          });
  } else {
    ticket = {
      ticket_id: req.turnKey ? `tkt_${req.turnKey}` : newId('tkt', now),
      trace_id: req.traceId ?? newId('trace', now),
      customer_id: identity.customer_id,
      account_id: identity.account_id,
      status: 'open',
      priority: null,
      issue_type: null,
      sla_due_at: null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      message,
      state: { issue_type: 'other', asked: [], fields: {}, turns: 1, last_action: null, last_turn_key: turnKey },
      slack_channel: req.channelId ?? null,
      slack_thread_ts: req.threadTs ?? null,
    };
    await deps.tickets.createTicket(ticket);
  }
  // Each turn gets its own trace so logs and records of one decision group together.
  const traceId = req.ticketId ? (req.traceId ?? newId('trace', now)) : ticket.trace_id;
  const log = deps.logger.child({ trace_id: traceId, ticket_id: ticket.ticket_id });
  const oplog = (kind: string, detail: Record<string, unknown>) =>
    deps.tickets.log({ trace_id: traceId, ticket_id: ticket.ticket_id, kind, detail });
  await oplog('ticket_received', {
    customer_id: identity.customer_id,
    account_id: identity.account_id,
    resolved_by: identity.resolved_by,
    continued: Boolean(req.ticketId),
    message_chars: message.length,
    message: message.length > 2000 ? `${message.slice(0, 2000)}…` : message,
  });
  log.info({ customer_id: identity.customer_id, account_id: identity.account_id, resolved_by: identity.resolved_by }, 'ticket received');

  // 3. memory: both scopes at once, before any model call, inside a time budget
  let t = performance.now();
  const customerScope: Scope = { kind: 'customer', id: identity.customer_id };
  const accountScope: Scope = { kind: 'account', id: identity.account_id };
  let customerMemories: ScoredMemory[] = [];
  let accountMemories: ScoredMemory[] = [];
  let memoryUnavailable = false;
  if (memoryEnabled) {
    try {
      [customerMemories, accountMemories] = await withinBudget(
        Promise.all([searchScope(deps.memory, customerScope, message), searchScope(deps.memory, accountScope, message)]),
        MEMORY_BUDGET_MS,
      );
    } catch (err) {
      memoryUnavailable = true;
      log.warn({ err: String(err) }, 'memory search failed; deciding without memory');
      await oplog('memory_unavailable', { error: String(err) });
    }
  }
  lap('memory_ms', t);
  await oplog('memory_retrieved', {
    customer: customerMemories.map((m) => m.id),
    account: accountMemories.map((m) => m.id),
    memory_enabled: memoryEnabled,
  });

  // Contradictions: a newer fact (plan changed from Pro to Enterprise) wins in what any decider sees.
  const superseded = supersededMemoryIds(
    toPacketMemories([...customerMemories, ...accountMemories], Infinity),
    deps.policy.rules,
    now.toISOString().slice(0, 10),
  );
  if (superseded.size) {
    customerMemories = customerMemories.filter((m) => !superseded.has(m.id));
    accountMemories = accountMemories.filter((m) => !superseded.has(m.id));
    await oplog('memory_superseded', { memory_ids: [...superseded] });
  }

  // 4. decide
  const packet = buildPacket({
    traceId,
    ticketId: ticket.ticket_id,
    now,
    identity,
    message,
    memoryEnabled,
    memoryUnavailable,
    customerMemories,
    accountMemories,
    ticketState: req.ticketId ? ticket.state : null,
    policyText: deps.policy.text,
  });
  const assessment = assess(packet, deps.policy.rules);
  t = performance.now();
  const proposal = await deps.decider.propose(packet);
  lap('decide_ms', t);
  await oplog('decision_proposed', {
    decider: deps.decider.name,
    calls: proposal.calls.map((c) => ({ id: c.id, name: c.name })),
    usage: proposal.usage ?? null,
  });

  // 5. guardrails + execution
  t = performance.now();
  const state = { ...ticket.state, issue_type: assessment.issue_type, fields: assessment.fields };
  ticket = await deps.tickets.updateTicket(ticket.ticket_id, { issue_type: assessment.issue_type, state });
  const ctx = { ticket, identity, packet, slaHours: assessment.sla_hours, turnKey };
  const outcomes = await executeCalls(deps, proposal, packet, assessment, ctx, oplog);
  let conclusionFrom: { decider: Decider; proposal: Proposal } = { decider: deps.decider, proposal };
  if (!outcomes.some((o) => o.status === 'executed' && customerFacingTools.includes(o.name as never))) {
    // No ticket is ever left without a customer-facing action: the policy engine chooses one.
    log.warn('decider took no allowed customer-facing action; the policy engine decides');
    const net = await deps.safetyNet.propose(packet);
    const taken = new Set(outcomes.filter((o) => o.status === 'executed').map((o) => o.name));
    const netCalls = net.calls.filter((c) => !taken.has(c.name));
    const netOutcomes = await executeCalls(deps, { ...net, calls: netCalls }, packet, assessment, ctx, oplog);
    outcomes.push(...netOutcomes);
    conclusionFrom = { decider: deps.safetyNet, proposal: net };
  }
  lap('tools_ms', t);

  // 6. final reply and brief
  t = performance.now();
  let final: FinalResult & { usage?: unknown };
  try {
    final = await conclusionFrom.decider.conclude(packet, conclusionFrom.proposal, outcomes);
  } catch (err) {
    log.warn({ err: String(err) }, 'conclusion failed; the policy engine writes the reply');
    final = await deps.safetyNet.conclude(packet, await deps.safetyNet.propose(packet), outcomes);
  }
  lap('conclude_ms', t);
  const decidedBy =
    conclusionFrom.decider === deps.decider ? (deps.decider.decidedBy?.(traceId)?.decided_by ?? deps.decider.name) : `${deps.decider.name}+policy (safety net)`;
  const executedNames = outcomes.filter((o) => o.status === 'executed').map((o) => o.name);
  const checked = finalResultSchema.parse({ ...final, tools_executed: executedNames });
  const scrubbed = scrubCustomerText(checked.customer_response, deps.policy.rules);
  if (scrubbed.removed.length) {
    await oplog('customer_text_scrubbed', { removed: scrubbed.removed });
    log.warn({ removed: scrubbed.removed }, 'internal labels scrubbed from the customer reply');
  }
  const customerResponse = scrubbed.text || fallbackReply(outcomes);
  const handoff = checked.handoff_brief && !checked.handoff_brief.includes(traceId)
    ? `${checked.handoff_brief}\n(trace ${traceId})`
    : checked.handoff_brief;
  const notes = [
    decidedBy.includes('fallback') ? `Decided by ${decidedBy}.` : '',
    memoryUnavailable && !/memory was unavailable/i.test(handoff) ? 'memory_unavailable: memory could not be searched for this ticket.' : '',
  ].filter(Boolean);
  const finalHandoff = handoff && notes.length ? `${handoff}\n${notes.join('\n')}` : handoff;

  ticket = (await deps.tickets.getTicket(ticket.ticket_id))!;
  timings.total_ms = Math.round(performance.now() - started);
  await oplog('ticket_finalized', {
    decided_by: decidedBy,
    tools_executed: executedNames,
    status: ticket.status,
    priority: ticket.priority,
    customer_response: customerResponse,
    usage: final.usage ?? proposal.usage ?? null,
    timings_ms: timings,
  });
  log.info({ decided_by: decidedBy, tools_executed: executedNames, status: ticket.status, timings }, 'ticket decided');

  const brief = (m: ScoredMemory) => ({ id: m.id, memory: m.memory, score: m.score });
  return {
    ticket_id: ticket.ticket_id,
    trace_id: traceId,
    customer_id: identity.customer_id,
    account_id: identity.account_id,
    decided_by: decidedBy,
    memory_enabled: memoryEnabled,
    memory_unavailable: memoryUnavailable,
    retrieved: { customer: customerMemories.map(brief), account: accountMemories.map(brief) },
    tool_calls: outcomes.map(
      (o): ToolCallReport => ({
        name: o.name,
        args: o.call.args,
        status: o.status,
        ...(o.reason ? { reason: o.reason } : {}),
        ...(o.result ? { result: o.result } : {}),
      }),
    ),
    customer_response: customerResponse,
    decision_summary: checked.decision_summary,
    handoff_brief: finalHandoff,
    mem0_value: checked.mem0_value,
    tools_executed: executedNames,
    ticket,
    ...((final.usage ?? proposal.usage) ? { usage: (final.usage ?? proposal.usage) as TicketOutcome['usage'] } : {}),
    timings_ms: timings,
  };
}

async function executeCalls(
  deps: LoopDeps,
  proposal: Proposal,
  packet: DecisionPacket,
  assessment: Assessment,
  ctx: Parameters<Tools['execute']>[2],
  oplog: (kind: string, detail: Record<string, unknown>) => Promise<void>,
): Promise<ToolOutcome[]> {
  const outcomes: ToolOutcome[] = [];
  const escalating = proposal.calls.some((c) => c.name === 'create_escalation_ticket');
  let customerFacingTaken = false;
  for (const call of proposal.calls) {
    const verdict = checkCall(call, { packet, assessment, customerFacingTaken, escalating });
    if (!verdict.allowed) {
      outcomes.push({ call, name: verdict.name, status: 'blocked', reason: verdict.reason });
      await oplog('tool_blocked', { call_id: call.id, name: call.name, reason: verdict.reason });
      continue;
    }
    const result = await deps.tools.execute(verdict.name, verdict.args, ctx);
    if (customerFacingTools.includes(verdict.name)) customerFacingTaken = true;
    outcomes.push({ call: { ...call, args: verdict.args }, name: verdict.name, status: 'executed', result });
    await oplog('tool_executed', { call_id: call.id, name: verdict.name, args: verdict.args, result });
  }
  return outcomes;
}

/** What the loop retrieves for one scope: the message's matches and the policy facts, interleaved. */
export async function searchScope(memory: MemoryStore, scope: Scope, message: string): Promise<ScoredMemory[]> {
  const [relevant, policyFacts] = await Promise.all([
    memory.search(scope, message, { limit: 8 }),
    memory.search(scope, POLICY_FACTS_QUERY, { limit: 8 }),
  ]);
  const seen = new Set<string>();
  const merged: ScoredMemory[] = [];
  // Interleave so both the message's matches and the policy facts make the cut.
  for (let i = 0; i < Math.max(relevant.length, policyFacts.length); i++) {
    for (const m of [relevant[i], policyFacts[i]]) if (m && !seen.has(m.id)) (seen.add(m.id), merged.push(m));
  }
  return merged;
}

function withinBudget<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`memory search took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function fallbackReply(outcomes: ToolOutcome[]): string {
  const facing = outcomes.find((o) => o.status === 'executed' && customerFacingTools.includes(o.name as never));
  if (facing?.name === 'create_escalation_ticket') return 'Thanks. I have passed this to our team and they will be in touch.';
  return 'Thanks for reaching out. Could you share a few more details so we can help?';
}
