// Stage 5, decide: the decision packet (what a decider may see), the rules' assessment of the
// ticket (made once per turn and handed to the policy engine and the guardrails), and the decider's
// proposed tool calls.
import { assess, type Assessment } from './assess.js';
import type { KnowledgePassage } from './knowledge.js';
import { memoryEffect } from './memory-effect.js';
import type { Turn } from './open-ticket.js';
import { buildPacket } from './packet.js';
import { applicableIssueTypes, applicablePolicy } from './policy-sections.js';
import type { Policy } from './policy.js';
import { priorityRaise } from './priority-raise.js';
import type { Decider, DecisionPacket, Directory, Proposal } from './ports.js';
import type { Reader, Reading } from './reading.js';
import type { Recalled } from './recall.js';

export interface Decision {
  packet: DecisionPacket;
  /** Every passage retrieved for the turn (customer and internal): what an answer may cite, checked. */
  retrieved: KnowledgePassage[];
  reading: Reading;
  assessment: Assessment;
  proposal: Proposal;
}

export async function decide(
  deps: { decider: Decider; reader: Reader; policy: Policy; directory: Pick<Directory, 'staff'> },
  turn: Turn,
  recalled: Recalled,
  reading: Reading,
): Promise<Decision> {
  const packet = buildPacket({
    traceId: turn.traceId,
    ticketId: turn.ticket.ticket_id,
    now: turn.now,
    identity: turn.identity,
    message: turn.message,
    memoryEnabled: recalled.memoryEnabled,
    memoryUnavailable: recalled.memoryUnavailable,
    customerMemories: recalled.customerMemories,
    accountMemories: recalled.accountMemories,
    ticketState: turn.continued ? turn.ticket.state : null,
    history: recalled.history,
    // Only the issue-type rules this ticket may need: the model pays for the policy on every call.
    policyText: applicablePolicy(deps.policy.text, applicableIssueTypes(reading, turn.continued ? turn.ticket.state.issue_type : null)),
    passages: recalled.passages,
    knowledgeUnavailable: recalled.knowledgeUnavailable,
    minScore: deps.policy.rules.knowledge.min_score,
  });
  const assessed = assess(packet, reading, deps.policy.rules, deps.reader, deps.directory.staff().map((s) => s.name));
  const assessment = { ...assessed, priority_raise: priorityRaise(turn.ticket, assessed, deps.policy.rules) };
  const proposal = await deps.decider.propose(packet, assessment);
  turn.record({
    kind: 'decision_proposed',
    detail: { decider: deps.decider.name, calls: proposal.calls.map((c) => ({ id: c.id, name: c.name })), usage: proposal.usage ?? null },
  });
  // The report counts the tickets where memory changed the action (escalation, priority or CSM
  // notice differ from the same message without memory), and why.
  const csmNoticeProposed = proposal.calls.some((c) => c.name === 'notify_customer_success_manager');
  const memoryReasons = memoryEffect(assessment, packet, reading, deps.policy.rules, deps.reader, csmNoticeProposed);
  if (memoryReasons.length > 0) turn.record({ kind: 'memory_changed_action', detail: { reasons: memoryReasons } });
  return { packet, retrieved: [...recalled.passages, ...recalled.internalPassages], reading, assessment, proposal };
}
