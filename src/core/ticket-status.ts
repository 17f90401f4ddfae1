// Use case: staff resolve a ticket (the Resolve button; Take it is ownership.ts). A resolution
// is written to the customer's memory, with who resolved it and their note, so the next ticket
// starts from it. A resolved question the help center could not answer (no article above
// knowledge.min_score, or an answer marked "No") becomes a knowledge gap, with the note as its resolution.
import { isoDay, type Clock } from '../clock.js';
import { memdeskError } from '../errors.js';
import { newId } from '../ids.js';
import type { LoggedOperation, OperationLog } from './events.js';
import type { Rules } from './policy.js';
import { stopAll } from './sla-clocks.js';
import type { Directory, MemoryWriteback, Ticket, TicketRepository } from './ports.js';

export async function updateTicketStatus(
  deps: { tickets: TicketRepository; operationLog: OperationLog; writeback: MemoryWriteback; directory: Directory; clock: Clock; rules: Rules },
  ticketId: string,
  status: 'resolved',
  by: { actor: string; note?: string },
): Promise<Ticket> {
  const { tickets, clock } = deps;
  const ticket = await tickets.get(ticketId);
  if (!ticket) throw memdeskError('ticket_input', `ticket ${ticketId} does not exist`);
  // Resolving a ticket stops every clock.
  const clocks = ticket.state.clocks && stopAll(ticket.state.clocks, clock.now());
  const updated = await tickets.update(ticketId, { status, state: { ...ticket.state, ...(clocks ? { clocks } : {}) } });
  const traceId = newId('trace', clock.now());
  await deps.operationLog.append({
    trace_id: traceId,
    ticket_id: ticketId,
    kind: 'ticket_resolved',
    detail: { actor: by.actor, note: by.note ?? null },
  });
  if (status === 'resolved') {
    const gap = knowledgeGapOf(await deps.operationLog.read({ ticketId }), ticket, deps.rules);
    if (gap) {
      await deps.operationLog.append({ trace_id: traceId, ticket_id: ticketId, kind: 'knowledge_gap_found', detail: { gap_id: `gap_${ticketId}`, ...gap, question: ticket.message.slice(0, 2000), resolution: by.note ?? '' } });
    }
    const day = isoDay(clock.now());
    // Staff act with their Slack id; memory reads better with their name.
    const staffName = deps.directory.staff().find((s) => s.slack_user_id === by.actor)?.name ?? by.actor;
    await deps.writeback.write({
      scope: { kind: 'customer', id: ticket.customer_id },
      text: `On ${day} the ${ticket.issue_type ?? 'support'} ticket ${ticketId} was resolved by ${staffName}${by.note ? `: ${by.note}` : '.'}`,
      infer: true,
      ticketId,
      traceId,
      metadata: { app: 'memdesk', scope: 'customer', issue_type: ticket.issue_type, status: 'resolved', ticket_id: ticketId, trace_id: traceId, date: day },
    });
  }
  return updated;
}

/** Why this ticket is a gap in the help center, if it is: an answer marked "No", or a how-to no article covered. */
function knowledgeGapOf(operations: LoggedOperation[], ticket: Ticket, rules: Rules): { reason: 'no_article' | 'not_helpful'; topic: string; articles: string[] } | undefined {
  if (operations.some((op) => op.kind === 'knowledge_gap_found')) return undefined;
  const folder = (id: string | undefined) => (id?.includes('/') ? id.split('/')[0]! : 'general');
  const notHelpful = operations.find((op): op is Extract<LoggedOperation, { kind: 'answer_feedback' }> => op.kind === 'answer_feedback' && !op.detail.helpful);
  if (notHelpful) return { reason: 'not_helpful', topic: folder(notHelpful.detail.articles[0]), articles: notHelpful.detail.articles };
  if (ticket.issue_type !== 'how_to') return undefined;
  const searched = operations.find((op): op is Extract<LoggedOperation, { kind: 'knowledge_retrieved' }> => op.kind === 'knowledge_retrieved');
  if (!searched) return undefined;
  const customer = searched.detail.passages.filter((p) => p.audience === 'customer').sort((a, b) => b.score - a.score);
  if ((customer[0]?.score ?? 0) >= rules.knowledge.min_score) return undefined;
  return { reason: 'no_article', topic: folder(customer[0]?.article_id), articles: [...new Set(customer.map((p) => p.article_id))].slice(0, 3) };
}
