// The ticket's own history for the decision packet: its earlier turns as the operation log recorded
// them (what the customer wrote, what memdesk did and said, the articles it cited, the fields it asked
// for, the customer's "Was this helpful?" press), cut short so a follow-up costs a few hundred tokens
// more, not a transcript. Without it, "that didn't work" is decided as if nothing had been said.
import type { LoggedOf, OperationLog } from './events.js';
import type { PacketTurn } from './ports.js';
import { customerFacingTools, toolSchemas } from './tools.js';

/** The latest turns a packet carries: a follow-up rarely needs more than the last answer and its question. */
export const MAX_HISTORY_TURNS = 3;
export const MAX_HISTORY_MESSAGE_CHARS = 200;
export const MAX_HISTORY_REPLY_CHARS = 160;

const kinds = ['ticket_received', 'tool_executed', 'answer_cited', 'ticket_finalized', 'answer_feedback'] as const;

/**
 * The ticket's finalized turns before the one under `traceId`, oldest first. A turn that never
 * finalized (this one, or an attempt a crash cut short and this one re-runs) is left out.
 */
export async function earlierTurns(operationLog: OperationLog, ticketId: string, traceId: string): Promise<PacketTurn[]> {
  const turns: (PacketTurn & { trace: string; finalized: boolean })[] = [];
  for (const op of await operationLog.read({ ticketId, kinds })) {
    if (op.trace_id === traceId) continue;
    if (op.kind === 'answer_feedback') {
      // A press answers the latest answer before it; it has a trace of its own.
      const answered = turns.filter((t) => t.cited.length > 0).at(-1);
      if (answered) answered.feedback = op.detail.helpful ? 'helpful' : 'not_helpful';
      continue;
    }
    if (op.kind === 'ticket_received') {
      turns.push({ trace: op.trace_id, finalized: false, customer: clip(op.detail.message, MAX_HISTORY_MESSAGE_CHARS), action: null, reply: '', cited: [], asked: [], feedback: null });
      continue;
    }
    const turn = turns.filter((t) => t.trace === op.trace_id).at(-1);
    if (turn) addTo(turn, op);
  }
  return turns
    .filter((t) => t.finalized)
    .slice(-MAX_HISTORY_TURNS)
    .map(({ trace: _trace, finalized: _finalized, ...turn }) => turn);
}

function addTo(turn: PacketTurn & { finalized: boolean }, op: LoggedOf<'tool_executed' | 'answer_cited' | 'ticket_finalized'>): void {
  if (op.kind === 'answer_cited') turn.cited = op.detail.articles;
  else if (op.kind === 'ticket_finalized') (turn.reply = clip(op.detail.customer_response, MAX_HISTORY_REPLY_CHARS)), (turn.finalized = true);
  else if (turn.action === null && customerFacingTools.includes(op.detail.name as never)) {
    turn.action = op.detail.name;
    const asked = toolSchemas.ask_for_missing_info.safeParse(op.detail.args);
    if (op.detail.name === 'ask_for_missing_info' && asked.success) turn.asked = asked.data.missing_fields;
  }
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
