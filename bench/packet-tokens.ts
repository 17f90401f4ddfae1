// Input tokens per model call (issue 15, point 6): everything a model call receives, counted as
// characters / 4 over the texts sent (model-prompt.ts), p50/p95 over the two calls of 100 turns.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assess } from '../src/core/assess.js';
import { buildPacket, concludeInstructions, replyLanguageOf } from '../src/core/packet.js';
import { loadPolicy } from '../src/core/policy.js';
import type { DecisionPacket, PacketTurn, Scope, TicketState, ToolOutcome } from '../src/core/ports.js';
import { MAX_HISTORY_MESSAGE_CHARS, MAX_HISTORY_REPLY_CHARS } from '../src/core/ticket-history.js';
import { applicablePolicy, applicableSections } from '../src/core/policy-sections.js';
import { searchScope, withoutSuperseded } from '../src/core/recall.js';
import { inputTokens, modelCallInputs } from '../src/decide/model-prompt.js';
import { createPolicyEngine } from '../src/decide/policy-engine.js';
import { createEmbeddedKnowledgeBase } from '../src/knowledge/embedded.js';
import { syncKnowledgeDir } from '../src/knowledge/open-knowledge-base.js';
import { createLocalMemoryStore } from '../src/memory/local.js';
import { TrainedReader } from '../src/reader/trained-reader.js';
import { createSupportData } from './support-data.js';
import { quantile } from './quantile.js';

export interface PacketTokens {
  p50: number;
  p95: number;
  max: number;
  calls: number;
  passages_per_packet: number;
  memories_per_scope: number;
  /** Where the tokens of the call at p95 go, by part (they add up to its total, give or take rounding). */
  p95_by_part: Record<CallPart, number>;
}

/** The p95 call's parts as one line: "instructions 48, policy 1719, …" (parts it does not carry left out). */
export function tokensByPart(t: Pick<PacketTokens, 'p95_by_part'>): string {
  return Object.entries(t.p95_by_part)
    .filter(([, n]) => n > 0)
    .map(([part, n]) => `${part} ${n}`)
    .join(', ');
}

type CallPart = 'instructions' | 'policy' | 'tools' | 'memories' | 'passages' | 'history' | 'packet_rest' | 'call_2_outcomes';

/**
 * One call's texts (modelCallInputs) split by what they carry: the system text into instructions and
 * policy, the packet by its keys (memories; knowledge passages; ticket_state and history; the rest:
 * customer, message, flags), and call 2's calls, outcomes, ask and schema. Counted as inputTokens counts.
 */
function byPart(texts: string[], packet: DecisionPacket, call: 'propose' | 'conclude'): Record<CallPart, number> {
  const [system = '', ...rest] = texts;
  const packetText = call === 'propose' ? rest[1]! : rest[0]!;
  const model = JSON.parse(packetText.slice(packetText.indexOf('{'))) as Record<string, unknown>;
  const len = (v: unknown) => (v === undefined ? 0 : JSON.stringify(v).length);
  const memories = len(model.memories);
  const passages = len(model.knowledge);
  const history = len(model.history) + len(model.ticket_state);
  const instructions = call === 'propose' ? packet.instructions : concludeInstructions;
  const chars: Record<CallPart, number> = {
    instructions: instructions.length,
    policy: system.length - instructions.length,
    tools: call === 'propose' ? rest[0]!.length : 0,
    memories,
    passages,
    history,
    packet_rest: packetText.length - memories - passages - history,
    call_2_outcomes: call === 'conclude' ? rest.slice(1).reduce((n, t) => n + t.length, 0) : 0,
  };
  return Object.fromEntries(Object.entries(chars).map(([k, n]) => [k, Math.round(n / 4)])) as Record<CallPart, number>;
}

const at = (sorted: number[], q: number) => quantile(sorted, q)!;

/**
 * What each model call of a turn receives (model-prompt.ts): system text with the policy as decide.ts cuts
 * it for the ticket (policy-sections.ts), the offered tools' declarations, the packet with a customer's and an account's memories (500 each, searched as the
 * loop does), the shipped help center's passages for the message, and, for every other ticket, the
 * state and history of two earlier turns (an answer citing an article, then a question); memories a newer one replaces are left out, as recall.ts leaves them out; call 2 adds the calls the policy engine proposed for that packet and their
 * outcomes. Tokens are characters / 4, as the call scheduler counts them.
 */
export async function runPacketTokens(seed: number): Promise<PacketTokens> {
  const dir = mkdtempSync(join(tmpdir(), 'memdesk-bench-packet-'));
  try {
    const store = await createLocalMemoryStore({ dataDir: dir, namespace: 'bench', clock: { now: () => new Date('2026-11-25T09:00:00Z') } });
    const data = createSupportData(seed);
    const customer: Scope = { kind: 'customer', id: 'cust_packet' };
    const account: Scope = { kind: 'account', id: 'acct_packet' };
    const start = Date.parse('2025-01-01T00:00:00Z');
    await store.bulkAdd([...data.memories([customer], 500, start), ...data.memories([account], 500, start)]);
    const policy = loadPolicy(resolve(import.meta.dirname, '../policy'));
    const knowledge = createEmbeddedKnowledgeBase();
    await syncKnowledgeDir(knowledge, resolve(import.meta.dirname, '../knowledge'));
    const reader = TrainedReader.load();
    const engine = createPolicyEngine(policy);
    const tokens: number[] = [];
    const parts: Record<CallPart, number>[] = [];
    const earlierMessages: string[] = [];
    /** Two earlier turns cut as ticket-history.ts cuts them: an answer from the help center, then a question. */
    const earlierTurns = async (first: string, second: string): Promise<PacketTurn[]> => {
      const [best] = await knowledge.search(first, { limit: 1, audience: 'customer' });
      const cited = best ? [{ article_id: best.article_id, title: best.title, url: best.url }] : [];
      const answer = `Good question, Packet. Here is what our help center says: ${best?.text ?? ''}`;
      return [
        { customer: first.slice(0, MAX_HISTORY_MESSAGE_CHARS), action: 'answer_customer', reply: answer.slice(0, MAX_HISTORY_REPLY_CHARS), cited, asked: [], feedback: null },
        { customer: second.slice(0, MAX_HISTORY_MESSAGE_CHARS), action: 'ask_for_missing_info', reply: 'Thanks, Packet. Could you share the invoice ID (it starts with INV-) so billing can look into it?', cited: [], asked: ['invoice_id'], feedback: null },
      ];
    };
    let passagesSent = 0;
    for (let i = 0; i < 100; i++) {
      const message = data.ticketMessage();
      const passages = await knowledge.search(message, { limit: 5, audience: 'customer' });
      const reading = reader.read({ text: message });
      // Every other ticket continues two earlier turns (their state and history are in the packet).
      const ticketState: TicketState | null = i % 2 ? { issue_type: 'billing', asked: ['invoice_id'], fields: { workspace: 'acme-prod' }, turns: 3, last_action: 'ask_for_missing_info' } : null;
      // The earlier turns' words are the previous tickets' (drawing new ones would change the tickets measured).
      const history = ticketState ? await earlierTurns(earlierMessages.at(-1) ?? message, earlierMessages.at(-2) ?? message) : [];
      earlierMessages.push(message);
      // As recall.ts hands them on: a memory a newer one replaces (a plan changed since) is left out.
      const { customerMemories, accountMemories } = withoutSuperseded(
        ...(await Promise.all([searchScope(store, customer, message), searchScope(store, account, message)])),
        policy.rules,
        '2026-11-25',
        reader,
      );
      const unassessed = buildPacket({
        traceId: `trace_${i}`,
        ticketId: `tkt_${i}`,
        now: new Date('2026-11-25T09:00:00Z'),
        identity: { customer_id: customer.id, account_id: account.id, customer_name: 'Packet Customer', account_name: 'Packet Account', resolved_by: 'directory' },
        message,
        memoryEnabled: true,
        memoryUnavailable: false,
        customerMemories,
        accountMemories,
        ticketState,
        history,
        policyText: '',
        passages,
        knowledgeUnavailable: false,
        minScore: policy.rules.knowledge.min_score,
      });
      const assessment = assess(unassessed, reading, policy.rules, reader, []);
      // As decide.ts sends it: the rules this ticket may need, by its likely issue types and its memories.
      const packet = { ...unassessed, ...replyLanguageOf(reading, assessment), policy_text: applicablePolicy(policy.text, applicableSections(assessment, policy.rules, ticketState?.issue_type)) };
      passagesSent += packet.knowledge.passages.filter((p) => p.score >= packet.knowledge.min_score).length;
      const proposal = await engine.propose(packet, assessment);
      const outcomes: ToolOutcome[] = proposal.calls.map((call) => ({ call, name: call.name, status: 'executed', result: { ok: true, id: `${call.name}_${i}` } }));
      const inputs = modelCallInputs(packet, assessment, proposal.calls, outcomes);
      tokens.push(inputTokens(inputs.propose), inputTokens(inputs.conclude));
      parts.push(byPart(inputs.propose, packet, 'propose'), byPart(inputs.conclude, packet, 'conclude'));
    }
    await store.close();
    const sorted = [...tokens].sort((a, b) => a - b);
    const p95 = at(sorted, 0.95);
    return {
      p50: at(sorted, 0.5),
      p95,
      max: Math.max(...tokens),
      calls: tokens.length,
      passages_per_packet: passagesSent / 100,
      memories_per_scope: 500,
      p95_by_part: parts[tokens.indexOf(p95)]!,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

