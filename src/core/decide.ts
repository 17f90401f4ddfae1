// Stage 5, decide: the decision packet (what a decider may see), the rules' assessment of the
// ticket (made once per turn and handed to the policy engine and the guardrails), and the decider's
// proposed tool calls.
import { assess, type Assessment } from './assess.js';
import type { KnowledgePassage } from './knowledge.js';
import { memoryEffect } from './memory-effect.js';
import type { Turn } from './open-ticket.js';
import { buildPacket, replyLanguageOf } from './packet.js';
import { applicablePolicy, applicableSections } from './policy-sections.js';
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
  deps: { decider: Decider; reader: Reader; policy: Policy; directory: Pick<Directory, 'staffNames'> },
  turn: Turn,
  recalled: Recalled,
  reading: Reading,
): Promise<Decision> {
  const continuedIssueType = turn.continued ? turn.ticket.state.issue_type : null;
  // The policy text comes after the assessment, which does not read it: only the rules this ticket may
  // need (its likely issue types, what its memories hold) are sent, since the model pays for them on every call.
  const unassessed = buildPacket({
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
    policyText: '',
    passages: recalled.passages,
    knowledgeUnavailable: recalled.knowledgeUnavailable,
    minScore: deps.policy.rules.knowledge.min_score,
  });
  const assessed = assess(unassessed, reading, deps.policy.rules, deps.reader, deps.directory.staffNames());
  const assessment = { ...assessed, priority_raise: priorityRaise(turn.ticket, assessed, deps.policy.rules) };
  const packet = {
    ...unassessed,
    ...replyLanguageOf(reading, assessment),
    policy_text: applicablePolicy(deps.policy.text, applicableSections(assessment, deps.policy.rules, continuedIssueType)),
  };
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
