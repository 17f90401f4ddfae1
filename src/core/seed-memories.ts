// Use case: staff seed memory with facts memdesk should start with (a seed file, `/seed-memory`).
// Seeds are written exactly as given (infer: false); an exact duplicate in a scope is stored once.
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';
import type { OperationLog } from './events.js';
import type { MemoryStore, ScopeKind } from './ports.js';

export interface SeedMemory {
  scope: ScopeKind;
  id: string;
  text: string;
  metadata?: Record<string, unknown>;
}

export async function seedMemories(
  deps: { memory: MemoryStore; operationLog: OperationLog; clock: Clock; namespace: string },
  memories: SeedMemory[],
  by: { traceId?: string; actor?: string },
): Promise<{ written: number }> {
  const traceId = by.traceId ?? newId('trace', deps.clock.now());
  let written = 0;
  for (const m of memories) {
    await deps.memory.add({ kind: m.scope, id: m.id }, m.text, {
      infer: false,
      metadata: { ...(m.metadata ?? {}), app: 'memdesk', namespace: deps.namespace, scope: m.scope, source: 'seed' },
    });
    written++;
  }
  await deps.operationLog.append({ trace_id: traceId, ticket_id: null, kind: 'memory_seeded', detail: { count: written, actor: by.actor ?? 'cli' } });
  return { written };
}
