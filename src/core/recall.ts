// Stage 3, recall: both memory scopes at once, before any model call, inside a time budget. A
// newer fact (plan changed from Pro to Enterprise) wins: the memory it replaces is left out.
import type { Rules } from './policy.js';
import { supersededMemoryIds } from './memory-facts.js';
import type { Turn } from './open-ticket.js';
import { toPacketMemories } from './packet.js';
import type { MemoryStore, Scope, ScoredMemory } from './ports.js';
import type { Reader } from './reading.js';
import { isoDay } from '../clock.js';

/** Memory search must not eat Slack's 3-second budget. */
const MEMORY_BUDGET_MS = 1500;
/** A second query per scope for the facts policy depends on, whatever the message says. */
export const POLICY_FACTS_QUERY = 'plan tier SLA contract renews renewal CSM customer success manager promised credit refund reported issue';

export interface Recalled {
  memoryEnabled: boolean;
  /** Memory was asked for but could not be searched; the turn goes on without it. */
  memoryUnavailable: boolean;
  customerMemories: ScoredMemory[];
  accountMemories: ScoredMemory[];
}

export async function recall(
  deps: { memory: MemoryStore; reader: Reader; rules: Rules },
  turn: Turn,
  memoryEnabled: boolean,
): Promise<Recalled> {
  const { identity, message } = turn;
  const customerScope: Scope = { kind: 'customer', id: identity.customer_id };
  const accountScope: Scope = { kind: 'account', id: identity.account_id };
  let customerMemories: ScoredMemory[] = [];
  let accountMemories: ScoredMemory[] = [];
  let memoryUnavailable = false;
  if (memoryEnabled) {
    try {
      [customerMemories, accountMemories] = await withinBudget(
        Promise.all([searchScope(deps.memory, customerScope, message), searchScope(deps.memory, accountScope, message)]),
        MEMORY_BUDGET_MS,
      );
    } catch (err) {
      memoryUnavailable = true;
      turn.log.warn({ err: String(err) }, 'memory search failed; deciding without memory');
      await turn.record({ kind: 'memory_unavailable', detail: { error: String(err) } });
    }
  }
  await turn.record({
    kind: 'memory_retrieved',
    detail: { customer: customerMemories.map((m) => m.id), account: accountMemories.map((m) => m.id), memory_enabled: memoryEnabled },
  });

  const superseded = supersededMemoryIds(
    toPacketMemories([...customerMemories, ...accountMemories], Infinity),
    deps.rules,
    isoDay(turn.now),
    deps.reader,
  );
  if (superseded.size) {
    customerMemories = customerMemories.filter((m) => !superseded.has(m.id));
    accountMemories = accountMemories.filter((m) => !superseded.has(m.id));
    await turn.record({ kind: 'memory_superseded', detail: { memory_ids: [...superseded] } });
  }
  return { memoryEnabled, memoryUnavailable, customerMemories, accountMemories };
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

function withinBudget<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`memory search took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
