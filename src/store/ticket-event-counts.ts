// The operation-log events `memdesk report` counts, kept per ticket as the log appends them, so the
// report sums columns instead of scanning the log (migrations 006 and 010 back-fill older tickets).
import type { OperationEvent } from '../core/events.js';

export const ticketEventCounts = ['fallbacks', 'blocked_calls', 'blocked_replies', 'feedback', 'helpful', 'knowledge_gaps'] as const;
type TicketEventCount = (typeof ticketEventCounts)[number];

/** What one event adds to its ticket's counts, and the memory reasons it records (first change wins). */
export function countsOf(event: OperationEvent): { add: TicketEventCount[]; memoryReasons?: string[] } {
  switch (event.kind) {
    case 'ticket_finalized':
      return { add: event.detail.decided_by.includes('fallback') ? ['fallbacks'] : [] };
    case 'tool_blocked':
      return { add: ['blocked_calls'] };
    case 'reply_blocked':
      return { add: ['blocked_replies'] };
    case 'answer_feedback':
      return { add: event.detail.helpful ? ['feedback', 'helpful'] : ['feedback'] };
    case 'knowledge_gap_found':
      return { add: ['knowledge_gaps'] };
    case 'memory_changed_action':
      return { add: [], memoryReasons: event.detail.reasons };
    default:
      return { add: [] };
  }
}
