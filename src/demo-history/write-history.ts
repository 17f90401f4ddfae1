// `memdesk demo --history 90d`: plays the demo history's script (history-script.ts) through the same
// use cases a live ticket goes through — the turn, staff taking, answering and resolving, the
// customer's "Was this helpful?" — on a clock set to each past moment in turn. So every record the
// report reads (tickets, SLA clocks, escalations, the operation log, memory write-backs) is written
// as it would have been then. What memdesk decides is not scripted: the people react to it (staff
// pick up what it escalated, the customer answers what it asked, marks what it answered).
import type { MovableClock } from '../clock.js';
import type { Memdesk } from '../memdesk.js';
import type { TicketOutcome } from '../core/ports.js';
import { historyAccounts, historyScript, type ScriptedTicket } from './history-script.js';

const MINUTE = 60_000;
/** The history's fixed seed: the same days always get the same tickets. */
export const HISTORY_SEED = 20_261_125;

export interface HistorySummary {
  from: string;
  to: string;
  /** Tickets opened now; a ticket a previous run already wrote is skipped (so is everything after it). */
  tickets: number;
  skipped: number;
  escalated: number;
  resolved_by_staff: number;
  /** Answers nobody came back to, closed by staff. */
  closed_by_staff: number;
  feedback: number;
}

/** A later move in one ticket's story, due at `at` (ms). */
interface Move {
  at: number;
  order: number;
  run(): Promise<void>;
}

/** Where the history starts, for `days` whole UTC days ending at the start of `now`'s UTC day. */
export function historyWindow(days: number, now: Date): { start: number; end: number } {
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { start: end - days * 86_400_000, end };
}

/**
 * Writes the history into `memdesk`, whose clock must be `clock` (a stepped clock at or before the
 * window's start); moves due after the window's end are left undone, as the backlog of today.
 */
export async function writeHistory(memdesk: Memdesk, clock: MovableClock, x: { days: number; now: Date }): Promise<HistorySummary> {
  const { start, end } = historyWindow(x.days, x.now);
  const script = historyScript(HISTORY_SEED, x.days, end);
  const summary: HistorySummary = { from: new Date(start).toISOString(), to: new Date(end).toISOString(), tickets: 0, skipped: 0, escalated: 0, resolved_by_staff: 0, closed_by_staff: 0, feedback: 0 };
  const moveTo = (at: number) => clock.advance(at - clock.now().getTime());

  moveTo(start);
  await memdesk.seed(
    historyAccounts.map((a) => ({ scope: 'account' as const, id: a.id, text: a.planFact })),
    { actor: 'demo-history' },
  );

  // One queue of everything due, earliest first: the clock only ever moves forward.
  const queue: Move[] = script.map((t, order) => ({ at: t.at, order, run: () => openTicket(t) }));
  let order = queue.length;
  const later = (afterMin: number, run: () => Promise<void>) => {
    const at = clock.now().getTime() + afterMin * MINUTE;
    if (at < end) insert(queue, { at, order: order++, run });
  };

  async function openTicket(t: ScriptedTicket): Promise<void> {
    if (await memdesk.tickets.get(`tkt_${t.key}`)) {
      summary.skipped++;
      return;
    }
    summary.tickets++;
    react(t, await memdesk.handleTicket({ user: t.customer_id, message: t.message, turnKey: t.key }), { firstTurn: true });
  }

  /** What people do next depends on what memdesk did. */
  function react(t: ScriptedTicket, outcome: TicketOutcome, x: { firstTurn: boolean }): void {
    const id = outcome.ticket_id;
    const status = outcome.ticket.status;
    if (status === 'escalated') {
      staffTakeOver(t, id);
      return;
    }
    if (status === 'waiting_on_customer' && outcome.ticket.state.last_action === 'ask_for_missing_info' && x.firstTurn) {
      later(t.followUpAfterMin, async () => {
        react(t, await memdesk.handleTicket({ user: t.customer_id, message: t.followUp, ticketId: id, turnKey: `${t.key}_2` }), { firstTurn: false });
      });
      return;
    }
    if (status === 'resolved') return;
    const cited = outcome.tool_calls.some((c) => c.name === 'answer_customer' && c.status === 'executed' && Array.isArray((c.args as { sources?: unknown }).sources) && (c.args as { sources: unknown[] }).sources.length > 0);
    if (cited && t.feedback !== 'none') {
      later(t.feedbackAfterMin, async () => {
        const marked = await memdesk.answerFeedback(id, t.feedback === 'helpful', { actor: t.customer_id });
        if (marked.kind !== 'recorded') return;
        summary.feedback++;
        // "No, I need a person": a person takes it from there.
        if (marked.escalation) staffTakeOver(t, id);
      });
      return;
    }
    // An answer nobody came back to (a feature request noted, a how-to without a mark): staff close it.
    later(t.closeAfterMin, async () => {
      if ((await memdesk.tickets.get(id))?.status === 'resolved') return;
      await memdesk.updateTicketStatus(id, 'resolved', { actor: t.staff, note: t.resolutionNote });
      summary.closed_by_staff++;
    });
  }

  function staffTakeOver(t: ScriptedTicket, ticketId: string): void {
    summary.escalated++;
    later(t.pickUpAfterMin, async () => {
      await memdesk.takeTicket(ticketId, { actor: t.staff });
      await memdesk.recordHumanReply(ticketId, t.staff, clock.now());
      later(t.resolveAfterMin, async () => {
        await memdesk.updateTicketStatus(ticketId, 'resolved', { actor: t.staff, note: t.resolutionNote });
        summary.resolved_by_staff++;
      });
    });
  }

  for (let move = queue.shift(); move; move = queue.shift()) {
    moveTo(move.at);
    await move.run();
  }
  await memdesk.drainWritebacks();
  return summary;
}

/** Inserts in time order (ties keep the order they were scheduled in). */
function insert(queue: Move[], move: Move): void {
  let lo = 0;
  let hi = queue.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = queue[mid]!;
    if (m.at < move.at || (m.at === move.at && m.order < move.order)) lo = mid + 1;
    else hi = mid;
  }
  queue.splice(lo, 0, move);
}
