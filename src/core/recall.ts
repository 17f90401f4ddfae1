// Stage 3, recall: both memory scopes and the help center at once, before any model call, inside one
// time budget, and beside them a continued ticket's own earlier turns (ticket-history.ts). A newer
// fact (plan changed from Pro to Enterprise) wins: the memory it replaces is left out. A help-center
// outage degrades like a memory outage: logged, and the ticket goes on without it.
import type { KnowledgePassage, KnowledgeSearch } from './knowledge.js';
import { asksForMore } from './asks-more.js';
import type { Rules } from './policy.js';
import { supersededMemoryIds } from './memory-facts.js';
import type { Turn } from './open-ticket.js';
import { MAX_PACKET_MESSAGE_CHARS, toPacketMemories } from './packet.js';
import type { Identity, MemoryStore, PacketTurn, Scope, ScoredMemory } from './ports.js';
import type { OperationLog } from './events.js';
import { earlierTurns } from './ticket-history.js';
import type { Reader } from './reading.js';
import { isoDay } from '../clock.js';
import { withinBudget } from './within-budget.js';

/** Memory and help-center search must not eat Slack's 3-second budget; both run inside this one. */
const MEMORY_BUDGET_MS = 1500;
/** Passages the decider sees, and internal ones (runbooks) for the trace; a brief names those its ticket's type lists (briefed-runbooks.ts). */
const CUSTOMER_PASSAGES = 5;
const INTERNAL_PASSAGES = 2;
/** A second query per scope for the facts policy depends on, whatever the message says. */
export const POLICY_FACTS_QUERY = 'plan tier SLA contract renews renewal CSM customer success manager promised credit refund reported issue language writes speaks prefers';

export interface Recalled {
  memoryEnabled: boolean;
  /** Memory was asked for but could not be searched; the turn goes on without it. */
  memoryUnavailable: boolean;
  customerMemories: ScoredMemory[];
  accountMemories: ScoredMemory[];
  /** Customer-audience passages for this message, best first (empty when none or the help center is down). */
  passages: KnowledgePassage[];
  /** Internal articles (audience: internal): for the trace and the handoff brief (briefed-runbooks.ts), never a customer or a decider. */
  internalPassages: KnowledgePassage[];
  knowledgeUnavailable: boolean;
  /** A continued ticket's earlier turns, oldest first (empty on a new ticket, or when the log could not be read). */
  history: PacketTurn[];
}

export async function recall(
  deps: { memory: MemoryStore; reader: Reader; rules: Rules; operationLog: OperationLog; knowledge?: KnowledgeSearch },
  turn: Turn,
  memoryEnabled: boolean,
): Promise<Recalled> {
  const { identity } = turn;
  // Searched with what the decider will see of the message (packet.ts cuts it there): memories and
  // passages about words past the cut would answer text no one reads, and a 40,000-character message
  // searched whole spent seconds of CPU in the help-center analyzer for nothing.
  const message = turn.message.slice(0, MAX_PACKET_MESSAGE_CHARS);
  let customerMemories: ScoredMemory[] = [];
  let accountMemories: ScoredMemory[] = [];
  let memoryUnavailable = false;
  const memorySearch = memoryEnabled
    ? searchCustomerAndAccount(deps.memory, identity, message)
    : Promise.resolve<[ScoredMemory[], ScoredMemory[]]>([[], []]);
  // "Tell me more" under an answer asks nothing the help center can be searched for: the ticket's own question is
  // searched again, for more of its article than the answer showed.
  const more = turn.continued && asksForMore(message);
  const knowledgeSearch = deps.knowledge
    ? searchKnowledge(deps.knowledge, more ? turn.ticket.message : message, more ? 2 * CUSTOMER_PASSAGES : CUSTOMER_PASSAGES)
    : Promise.resolve<[KnowledgePassage[], KnowledgePassage[]]>([[], []]);
  const historyRead = turn.continued ? earlierTurns(deps.operationLog, turn.ticket.ticket_id, turn.traceId) : Promise.resolve([]);
  const [memoryFound, knowledgeFound, historyFound] = await Promise.allSettled([memorySearch, knowledgeSearch, historyRead]);
  if (memoryFound.status === 'fulfilled') {
    [customerMemories, accountMemories] = memoryFound.value;
  } else {
    const err = memoryFound.reason as unknown;
    memoryUnavailable = true;
    turn.log.warn({ err: String(err) }, 'memory search failed; deciding without memory');
    turn.record({ kind: 'memory_unavailable', detail: { error: String(err) } });
  }
  let passages: KnowledgePassage[] = [];
  let internalPassages: KnowledgePassage[] = [];
  let knowledgeUnavailable = false;
  if (knowledgeFound.status === 'fulfilled') {
    [passages, internalPassages] = knowledgeFound.value;
    if (deps.knowledge) {
      turn.record({
        kind: 'knowledge_retrieved',
        detail: {
          passages: [...passages, ...internalPassages].map((p) => ({ article_id: p.article_id, heading: p.heading, score: p.score, audience: p.audience })),
          min_score: deps.rules.knowledge.min_score,
        },
      });
    }
  } else {
    const err = knowledgeFound.reason as unknown;
    knowledgeUnavailable = true;
    turn.log.warn({ err: String(err) }, 'help-center search failed; deciding without articles');
    turn.record({ kind: 'knowledge_unavailable', detail: { error: String(err) } });
  }
  turn.record({
    kind: 'memory_retrieved',
    detail: { customer: customerMemories.map((m) => m.id), account: accountMemories.map((m) => m.id), memory_enabled: memoryEnabled },
  });

  const current = withoutSuperseded(customerMemories, accountMemories, deps.rules, isoDay(turn.now), deps.reader);
  if (current.superseded.size) {
    ({ customerMemories, accountMemories } = current);
    turn.record({ kind: 'memory_superseded', detail: { memory_ids: [...current.superseded] } });
  }
  // Without its history a follow-up is still decided, as it was before the packet carried one.
  if (historyFound.status === 'rejected') turn.log.warn({ err: String(historyFound.reason) }, "the ticket's earlier turns could not be read; deciding without them");
  const history = historyFound.status === 'fulfilled' ? historyFound.value : [];
  return { memoryEnabled, memoryUnavailable, customerMemories, accountMemories, passages, internalPassages, knowledgeUnavailable, history };
}

/** Both scopes' memories without those a newer memory replaces (a plan, SLA, renewal date or CSM stated again), and the ids left out. */
export function withoutSuperseded(
  customerMemories: ScoredMemory[],
  accountMemories: ScoredMemory[],
  rules: Rules,
  today: string,
  reader: Reader,
): { customerMemories: ScoredMemory[]; accountMemories: ScoredMemory[]; superseded: Set<string> } {
  const superseded = supersededMemoryIds(toPacketMemories([...customerMemories, ...accountMemories], Infinity), rules, today, reader);
  return {
    customerMemories: customerMemories.filter((m) => !superseded.has(m.id)),
    accountMemories: accountMemories.filter((m) => !superseded.has(m.id)),
    superseded,
  };
}

/** Customer passages for the decider and internal ones for the brief, searched side by side. */
function searchKnowledge(knowledge: KnowledgeSearch, message: string, limit: number): Promise<[KnowledgePassage[], KnowledgePassage[]]> {
  return withinBudget(
    Promise.all([
      knowledge.search(message, { limit, audience: 'customer' }),
      knowledge.search(message, { limit: INTERNAL_PASSAGES, audience: 'internal' }),
    ]),
    MEMORY_BUDGET_MS,
    'help-center search',
  );
}

/** The customer's and the account's memories for a message, within the memory budget: rejects when the store is slower. */
export function searchCustomerAndAccount(memory: MemoryStore, identity: Pick<Identity, 'customer_id' | 'account_id'>, message: string): Promise<[ScoredMemory[], ScoredMemory[]]> {
  return withinBudget(
    Promise.all([searchScope(memory, { kind: 'customer', id: identity.customer_id }, message), searchScope(memory, { kind: 'account', id: identity.account_id }, message)]),
    MEMORY_BUDGET_MS,
    'memory search',
  );
}

/** The customer's and the account's policy facts alone (plan, SLA, CSM, promises, language), within the memory budget. */
export function searchPolicyFacts(memory: MemoryStore, identity: Pick<Identity, 'customer_id' | 'account_id'>): Promise<[ScoredMemory[], ScoredMemory[]]> {
  return withinBudget(
    Promise.all([
      memory.search({ kind: 'customer', id: identity.customer_id }, POLICY_FACTS_QUERY, { limit: 8 }),
      memory.search({ kind: 'account', id: identity.account_id }, POLICY_FACTS_QUERY, { limit: 8 }),
    ]),
    MEMORY_BUDGET_MS,
    'memory search',
  );
}

/** What the loop retrieves for one scope: the message's matches and the policy facts, interleaved. */
export async function searchScope(memory: MemoryStore, scope: Scope, message: string): Promise<ScoredMemory[]> {
  const [relevant, policyFacts] = await Promise.all([
    memory.search(scope, message, { limit: 8 }),
    memory.search(scope, POLICY_FACTS_QUERY, { limit: 8 }),
  ]);
  const seen = new Set<string>();
  const merged: ScoredMemory[] = [];
  // Interleave so both the message's matches and the policy facts make the cut.
  for (let i = 0; i < Math.max(relevant.length, policyFacts.length); i++) {
    for (const m of [relevant[i], policyFacts[i]]) if (m && !seen.has(m.id)) (seen.add(m.id), merged.push(m));
  }
  return merged;
}
