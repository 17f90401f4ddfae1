// Keeps a ticket moving when the primary decider (Gemini or an OpenAI-compatible model) fails or
// is too busy: the fallback (the policy engine) takes over, and what it hands back says so in
// `decided_by`, with the reason (http_429, timeout, model_busy, …).
import type { Conclusion, Decider, DecisionPacket } from '../core/ports.js';
import { hasCode } from '../errors.js';
import type { Logger } from '../log.js';

export function withFallback(primary: Decider, fallback: Decider, logger?: Logger): Decider {
  const fellBack = (packet: DecisionPacket, step: 'propose' | 'conclude', err: unknown): string => {
    const reason = hasCode(err, 'decider_failed') ? err.detail.reason : 'unexpected_error';
    logger?.warn({ trace_id: packet.trace_id, step, reason, err }, `${primary.name} failed; ${fallback.name} decides`);
    return `${fallback.name} (fallback: ${reason})`;
  };

  return {
    name: primary.name,
    ...(primary.model !== undefined ? { model: primary.model } : {}),

    async propose(packet, assessment) {
      try {
        return await primary.propose(packet, assessment);
      } catch (err) {
        const decided_by = fellBack(packet, 'propose', err);
        return { ...(await fallback.propose(packet, assessment)), decided_by };
      }
    },

    async conclude(packet, proposal, outcomes, assessment): Promise<Conclusion> {
      // A proposal the fallback made is one only the fallback can conclude.
      if (proposal.decided_by !== undefined) {
        return { ...(await fallback.conclude(packet, proposal, outcomes, assessment)), decided_by: proposal.decided_by };
      }
      try {
        return await primary.conclude(packet, proposal, outcomes, assessment);
      } catch (err) {
        const decided_by = fellBack(packet, 'conclude', err);
        // Proposal.state is private to the decider that made it; the fallback must not misread it.
        const { state: _primaryState, ...forFallback } = proposal;
        return { ...(await fallback.conclude(packet, forFallback, outcomes, assessment)), decided_by };
      }
    },
  };
}
