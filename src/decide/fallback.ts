// Keeps a ticket moving when the primary decider (Gemini) fails: the fallback (the policy
// engine) takes over, and the wrapper remembers per ticket turn who decided and why.
import type { Decider, DecisionPacket, Proposal, ToolOutcome, Usage } from '../agent/ports.js';
import type { FinalResult } from '../agent/tools.js';
import type { Logger } from '../log.js';
import { DeciderError } from './decider-error.js';

export type Decided = { decided_by: string; fallback_reason?: string };

export interface FallbackDecider extends Decider {
  /** Who decided the turn with this trace id; undefined if the wrapper never saw it. */
  decidedBy(traceId: string): Decided | undefined;
}

// A long-running Slack server sees endless traces; the loop reads decidedBy right after
// conclude, so remembering the latest few hundred is plenty.
const tracesKept = 500;

export function withFallback(primary: Decider, fallback: Decider, logger?: Logger): FallbackDecider {
  const decided = new Map<string, Decided>();

  const record = (traceId: string, value: Decided) => {
    decided.delete(traceId); // re-insert so the newest trace is the last to be evicted
    decided.set(traceId, value);
    if (decided.size > tracesKept) decided.delete(decided.keys().next().value as string);
  };

  const fellBack = (packet: DecisionPacket, step: 'propose' | 'conclude', err: unknown) => {
    const reason = err instanceof DeciderError ? err.reason : 'unexpected_error';
    logger?.warn({ trace_id: packet.trace_id, step, reason, err }, `${primary.name} failed; ${fallback.name} decides`);
    record(packet.trace_id, { decided_by: `${fallback.name} (fallback: ${reason})`, fallback_reason: reason });
  };

  return {
    name: primary.name,

    async propose(packet: DecisionPacket): Promise<Proposal> {
      try {
        const proposal = await primary.propose(packet);
        record(packet.trace_id, { decided_by: primary.name });
        return proposal;
      } catch (err) {
        fellBack(packet, 'propose', err);
        return fallback.propose(packet);
      }
    },

    async conclude(packet: DecisionPacket, proposal: Proposal, outcomes: ToolOutcome[]): Promise<FinalResult & { usage?: Usage }> {
      // A proposal the fallback made is one only the fallback can conclude.
      if (decided.get(packet.trace_id)?.fallback_reason !== undefined) {
        return fallback.conclude(packet, proposal, outcomes);
      }
      try {
        const result = await primary.conclude(packet, proposal, outcomes);
        record(packet.trace_id, { decided_by: primary.name });
        return result;
      } catch (err) {
        fellBack(packet, 'conclude', err);
        // Proposal.state is private to the decider that made it; the fallback must not misread it.
        const { state: _primaryState, ...forFallback } = proposal;
        return fallback.conclude(packet, forFallback, outcomes);
      }
    },

    decidedBy: (traceId) => decided.get(traceId),
  };
}
