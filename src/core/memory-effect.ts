// Did memory change the action? The same message, assessed again as if nothing were remembered (no
// customer or account memories: no plan, no history, no promises, no CSM), and compared on what a
// person would notice: whether it goes to a person, at which priority, and whether the CSM hears of
// it. Each difference is one reason, named by its kind first ("open promise: …", "priority: …"),
// so the report can group them. Empty when memory changed nothing, or memory was off this turn.
import { assess, type Assessment } from './assess.js';
import type { Rules } from './policy.js';
import type { DecisionPacket } from './ports.js';
import type { Reader, Reading } from './reading.js';

/**
 * The memories the decision rested on: those carrying a fact the rules used (plan, SLA, renewal date,
 * CSM), the earlier issues that made this a repeat, and the open promises that bear on the request.
 * What staff see under "Memories that changed the action"; a promise about another matter is left out
 * there as it is left out of the reply and the brief (the decision trace still shows every memory).
 */
export function memoriesThatBore(assessment: Pick<Assessment, 'facts' | 'is_repeat' | 'repeats' | 'open_promises'>): Set<string> {
  const ids = new Set(assessment.facts.used);
  if (assessment.is_repeat) for (const r of assessment.repeats) ids.add(r.memory_id);
  for (const p of assessment.open_promises) ids.add(p.memory_id);
  return ids;
}

export function memoryEffect(
  withMemory: Assessment,
  packet: DecisionPacket,
  reading: Reading,
  rules: Rules,
  reader: Reader,
  /** Whether this turn's decider proposed a CSM notice: the rules allow one on an answered ticket too, but only a sent one changes anything. */
  csmNoticeProposed: boolean,
): string[] {
  if (!packet.memory_enabled || packet.memory_unavailable) return [];
  const remembered = packet.memories.customer.length + packet.memories.account.length;
  if (remembered === 0) return [];
  const without = assess({ ...packet, memories: { customer: [], account: [] } }, reading, rules, reader, []);
  const reasons: string[] = [];
  const escalates = withMemory.action === 'escalate';
  if (escalates !== (without.action === 'escalate')) {
    // The rules' own reasons say what in memory did it (a repeat issue, an open promise, the plan).
    const why = withMemory.memory_reasons.filter((r) => !r.startsWith('priority '));
    reasons.push(...(why.length ? why : [escalates ? `escalation: ${withMemory.plan_key} plan from memory` : `no escalation: ${withMemory.plan_key} plan from memory`]));
  }
  if (escalates && withMemory.priority !== without.priority) {
    reasons.push(`priority: ${withMemory.priority} instead of ${without.priority} (${withMemory.plan_key} plan from memory)`);
  }
  const notifies = withMemory.csm_notice.qualifies && csmNoticeProposed;
  if (notifies !== without.csm_notice.qualifies) {
    reasons.push(notifies ? `CSM notice: ${withMemory.csm_notice.reason}` : 'CSM notice withheld');
  }
  return reasons;
}
