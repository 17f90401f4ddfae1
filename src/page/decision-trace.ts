// A ticket's decision trace, read back from the operation log: for each turn, what memdesk
// retrieved, what the decider proposed, which tool calls ran or were blocked and why, who decided,
// what the customer was told and how long each step took; then what staff did with the ticket.
import type { LoggedOperation } from '../core/events.js';

export interface TracedMemory {
  scope: 'customer' | 'account';
  id: string;
  /** The memory's text when it is still in the store. */
  text?: string;
}

export interface TracedToolCall {
  name: string;
  status: 'executed' | 'blocked';
  reason?: string;
  args?: unknown;
}

/** What the reader made of the turn's message (and, when a model read it otherwise, what the model made of it). */
export interface TracedReading {
  issue_type: string;
  confidence: number;
  language: string;
  /** Severity signals that were present, e.g. production blocked. */
  signals: string[];
  asks_for_human: boolean;
  /** The decider's own reading when it differed; the ticket records this one. */
  decider?: { issue_type: string; language: string; signals: string[] };
}

export interface TicketTurnTrace {
  kind: 'turn';
  trace_id: string;
  at: string;
  message?: string;
  resolved_by?: string;
  continued: boolean;
  memory_enabled: boolean;
  memories: TracedMemory[];
  /** Memories a newer fact replaced, so the decider never saw them. */
  superseded: string[];
  /** Help-center passages retrieved (internal ones are staff's: the brief names those its issue type lists), and the articles the reply cited. */
  passages: { article_id: string; heading: string; score: number; audience: string }[];
  min_score?: number;
  cited: string[];
  reading?: TracedReading;
  decider?: string;
  proposed: string[];
  tool_calls: TracedToolCall[];
  decided_by?: string;
  customer_response?: string;
  status?: string;
  priority?: string | null;
  timings_ms: Record<string, number>;
  notes: string[];
}

export interface StaffActionTrace {
  kind: 'staff';
  trace_id: string;
  at: string;
  action: 'taken' | 'resolved';
  actor: string;
  note: string | null;
}

export interface FeedbackTrace {
  kind: 'feedback';
  trace_id: string;
  at: string;
  helpful: boolean;
  actor: string;
  articles: string[];
}

export interface GapTrace {
  kind: 'gap';
  trace_id: string;
  at: string;
  reason: 'no_article' | 'not_helpful';
  accepted_as?: string;
}

export type TraceStep = TicketTurnTrace | StaffActionTrace | FeedbackTrace | GapTrace;

/** Groups a ticket's operations by trace (one per turn or staff action), oldest first. */
export function decisionTrace(operations: LoggedOperation[], memoryText: (id: string) => string | undefined): TraceStep[] {
  const byTrace = new Map<string, LoggedOperation[]>();
  for (const op of [...operations].sort((a, b) => a.seq - b.seq)) {
    const list = byTrace.get(op.trace_id) ?? [];
    list.push(op);
    byTrace.set(op.trace_id, list);
  }
  const steps: TraceStep[] = [];
  for (const [traceId, ops] of byTrace) {
    const first = ops[0] as LoggedOperation;
    if (first.kind === 'answer_feedback') {
      steps.push({ kind: 'feedback', trace_id: traceId, at: first.at, helpful: first.detail.helpful, actor: first.detail.actor, articles: first.detail.articles });
      continue;
    }
    if (first.kind === 'knowledge_gap_accepted') {
      const gap = steps.find((s): s is GapTrace => s.kind === 'gap');
      if (gap) gap.accepted_as = first.detail.article_id;
      continue;
    }
    if (first.kind === 'ticket_taken' || first.kind === 'ticket_resolved') {
      steps.push({
        kind: 'staff',
        trace_id: traceId,
        at: first.at,
        action: first.kind === 'ticket_taken' ? 'taken' : 'resolved',
        actor: first.detail.actor,
        note: first.detail.note,
      });
      // A resolution's memory write-back shares the staff action's trace; so does a gap it revealed.
      const gap = ops.find((op) => op.kind === 'knowledge_gap_found');
      if (gap?.kind === 'knowledge_gap_found') steps.push({ kind: 'gap', trace_id: traceId, at: gap.at, reason: gap.detail.reason });
      continue;
    }
    steps.push(turnTrace(traceId, ops, memoryText));
  }
  return steps;
}

function presentSignals(severity: Record<string, boolean>): string[] {
  return Object.entries(severity)
    .filter(([, present]) => present)
    .map(([signal]) => signal.replace(/_/g, ' '));
}

function turnTrace(traceId: string, ops: LoggedOperation[], memoryText: (id: string) => string | undefined): TicketTurnTrace {
  const turn: TicketTurnTrace = {
    kind: 'turn',
    trace_id: traceId,
    at: (ops[0] as LoggedOperation).at,
    continued: false,
    memory_enabled: true,
    memories: [],
    superseded: [],
    passages: [],
    cited: [],
    proposed: [],
    tool_calls: [],
    timings_ms: {},
    notes: [],
  };
  const at: Record<string, number> = {};
  for (const op of ops) {
    at[op.kind] ??= Date.parse(op.at);
    switch (op.kind) {
      case 'ticket_received':
        turn.message = op.detail.message;
        turn.resolved_by = op.detail.resolved_by;
        turn.continued = op.detail.continued;
        break;
      case 'memory_retrieved':
        turn.memory_enabled = op.detail.memory_enabled;
        for (const scope of ['customer', 'account'] as const) {
          for (const id of op.detail[scope]) turn.memories.push({ scope, id, ...withText(memoryText(id)) });
        }
        break;
      case 'memory_superseded':
        turn.superseded = op.detail.memory_ids;
        break;
      case 'knowledge_retrieved':
        turn.passages = op.detail.passages;
        turn.min_score = op.detail.min_score;
        break;
      case 'knowledge_unavailable':
        turn.notes.push(`help center unavailable: ${op.detail.error}`);
        break;
      case 'answer_cited':
        turn.cited = op.detail.articles.map((a) => a.article_id);
        break;
      case 'message_read':
        turn.reading = {
          issue_type: op.detail.issue_type,
          confidence: op.detail.confidence,
          language: op.detail.language,
          signals: presentSignals(op.detail.severity),
          asks_for_human: op.detail.asks_for_human,
        };
        break;
      case 'reading_disagreed':
        if (turn.reading) {
          const theirs = op.detail.decider_reading;
          turn.reading.decider = { issue_type: theirs.issue_type, language: theirs.language, signals: presentSignals(theirs.severity) };
        }
        break;
      case 'memory_unavailable':
        turn.notes.push(`memory unavailable: ${op.detail.error}`);
        break;
      case 'decision_proposed':
        turn.decider = op.detail.decider;
        turn.proposed = op.detail.calls.map((c) => c.name);
        break;
      case 'tool_executed':
        at.last_tool = Date.parse(op.at);
        turn.tool_calls.push({ name: op.detail.name, status: 'executed', args: op.detail.args });
        break;
      case 'tool_blocked':
        at.last_tool = Date.parse(op.at);
        turn.tool_calls.push({ name: op.detail.name, status: 'blocked', reason: op.detail.reason });
        break;
      case 'reply_blocked':
        turn.tool_calls.push({ name: 'customer_response', status: 'blocked', reason: op.detail.reason });
        break;
      case 'customer_text_scrubbed':
        turn.notes.push('internal labels were scrubbed from the reply');
        break;
      case 'memory_written':
        turn.notes.push('outcome written to memory');
        break;
      case 'memory_write_deferred':
        turn.notes.push(`memory write deferred: ${op.detail.error}`);
        break;
      case 'ticket_finalized':
        turn.decided_by = op.detail.decided_by;
        turn.customer_response = op.detail.customer_response;
        turn.status = op.detail.status;
        turn.priority = op.detail.priority;
        if (op.detail.timings_ms) turn.timings_ms = { ...op.detail.timings_ms };
        break;
    }
  }
  // The loop's own timings when the log carries them; otherwise the gaps between its log entries.
  if (Object.keys(turn.timings_ms).length === 0) turn.timings_ms = gaps(at);
  return turn;
}

function gaps(at: Record<string, number>): Record<string, number> {
  const between = (from: string, to: string) =>
    at[from] !== undefined && at[to] !== undefined ? Math.max(0, (at[to] as number) - (at[from] as number)) : undefined;
  const timings: Record<string, number | undefined> = {
    memory_ms: between('ticket_received', 'memory_retrieved'),
    decide_ms: between('memory_retrieved', 'decision_proposed'),
    tools_ms: between('decision_proposed', 'last_tool'),
    total_ms: between('ticket_received', 'ticket_finalized'),
  };
  return Object.fromEntries(Object.entries(timings).filter((e): e is [string, number] => e[1] !== undefined));
}

function withText(text: string | undefined): { text?: string } {
  return text === undefined ? {} : { text };
}
