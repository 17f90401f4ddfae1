// Did memory change the action? The same message, assessed again as if nothing were remembered (no
// customer or account memories: no plan, no history, no promises, no CSM), and compared on what a
// person would notice: whether it goes to a person, at which priority, and whether the CSM hears of
// it. Each difference is one reason, named by its kind first ("open promise: …", "priority: …"),
// so the report can group them. Empty when memory changed nothing, or memory was off this turn.
import { assess, type Assessment } from './assess.js';
import type { Rules } from './policy.js';
import type { DecisionPacket } from './ports.js';
import type { Reader, Reading } from './reading.js';

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
  const without = assess({ ...packet, memories: { customer: [], account: [] } }, reading, rules, reader);
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
