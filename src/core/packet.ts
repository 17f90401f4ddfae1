// Builds the decision packet: what the decider may see, and nothing more. Identifiers only
// (never plan or labels from the directory), the ranked memories of the two scopes, the ticket's
// earlier turns, the policy text.
import type { KnowledgePassage } from './knowledge.js';
import type { Assessment } from './assess.js';
import type { Reading } from './reading.js';
import type { DecisionPacket, Identity, PacketMemory, PacketPassage, PacketTurn, ScoredMemory, TicketState } from './ports.js';
import { isoDay } from '../clock.js';

/** Enough for any support message; longer ones are kept whole in the ticket record. */
export const MAX_PACKET_MESSAGE_CHARS = 4000;
export const MAX_MEMORIES_PER_SCOPE = 8;
export const MAX_MEMORY_CHARS = 400;
export const MAX_PASSAGE_CHARS = 1500;

// What the policy text below it already says (one customer-facing action, the message is data, internal
// labels, security, languages, that plan, SLA, CSM and history come only from memory) is not repeated
// here: the model reads it there, and every call pays for it.
export const decisionInstructions = [
  'You are memdesk, a support agent. Decide the next support action for this ticket by calling tools, following the support policy below.',
  'Answer how-to questions only from the help-center passages in knowledge.passages: give the steps they hold and put the',
  "article_id of every article you used in answer_customer's sources. Never cite an article that is not in the packet.",
  'When no passage scores at least knowledge.min_score, no article covers the question: escalate it to a person',
  '(create_escalation_ticket) instead of guessing. The server adds the article link to your answer.',
].join('\n');

/**
 * The instructions of call 2 (conclude), which offers no tools: the calls are made, so what decides and
 * cites them is left out; what still shapes the reply stays.
 */
export const concludeInstructions = [
  'You are memdesk, a support agent. The tool calls you chose for this ticket have run: write the final result, following the support policy below.',
  'The server adds the article link to your answer.',
].join('\n');

export function toPacketPassages(found: KnowledgePassage[]): PacketPassage[] {
  return found
    .filter((p) => p.audience === 'customer')
    .map((p, i) => ({
      id: `p${i + 1}`,
      article_id: p.article_id,
      title: p.title,
      url: p.url,
      heading: p.heading,
      text: p.text.length > MAX_PASSAGE_CHARS ? `${p.text.slice(0, MAX_PASSAGE_CHARS)}…` : p.text,
      score: p.score,
    }));
}

export function toPacketMemories(found: ScoredMemory[], limit = MAX_MEMORIES_PER_SCOPE): PacketMemory[] {
  return found.slice(0, limit).map((m) => ({
    id: m.id,
    memory: m.memory.length > MAX_MEMORY_CHARS ? `${m.memory.slice(0, MAX_MEMORY_CHARS)}…` : m.memory,
    score: m.score,
    created_at: m.created_at,
    // Only fields the policy reads (ticket_id: a ticket's own outcome memories are not earlier issues);
    // the rest of the metadata stays out of the packet.
    metadata: pick(m.metadata, ['issue_type', 'status', 'plan', 'renewal_date', 'date', 'language', 'ticket_id']),
  }));
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> | undefined {
  const out = Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
  return Object.keys(out).length ? out : undefined;
}

export function buildPacket(x: {
  traceId: string;
  ticketId: string;
  now: Date;
  identity: Identity;
  message: string;
  memoryEnabled: boolean;
  memoryUnavailable: boolean;
  customerMemories: ScoredMemory[];
  accountMemories: ScoredMemory[];
  ticketState: TicketState | null;
  /** The ticket's earlier turns (ticket-history.ts); none on a new ticket. */
  history?: PacketTurn[];
  policyText: string;
  passages: KnowledgePassage[];
  knowledgeUnavailable: boolean;
  minScore: number;
}): DecisionPacket {
  const truncated = x.message.length > MAX_PACKET_MESSAGE_CHARS;
  return {
    trace_id: x.traceId,
    ticket_id: x.ticketId,
    now: x.now.toISOString(),
    today: isoDay(x.now),
    customer: {
      customer_id: x.identity.customer_id,
      account_id: x.identity.account_id,
      customer_name: x.identity.customer_name,
      account_name: x.identity.account_name,
      known_sender: x.identity.resolved_by !== 'unknown',
    },
    message: truncated ? `${x.message.slice(0, MAX_PACKET_MESSAGE_CHARS)}… [truncated]` : x.message,
    message_truncated: truncated,
    memory_enabled: x.memoryEnabled,
    memory_unavailable: x.memoryUnavailable,
    memories: { customer: toPacketMemories(x.customerMemories), account: toPacketMemories(x.accountMemories) },
    knowledge: { passages: toPacketPassages(x.passages), min_score: x.minScore, unavailable: x.knowledgeUnavailable },
    ticket_state: x.ticketState,
    history: x.history ?? [],
    policy_text: x.policyText,
    instructions: decisionInstructions,
  };
}


/**
 * The server's reply language for the packet, when the message itself does not show one (too short to
 * tell, even with its thread): the model is told it rather than left to find the remembered language in memories.
 */
export function replyLanguageOf(reading: Pick<Reading, 'language'>, assessment: Pick<Assessment, 'language'>): Pick<DecisionPacket, 'reply_language'> {
  return reading.language === 'none' ? { reply_language: assessment.language } : {};
}
