// `memdesk memory list|forget`: what memdesk remembers for a scope, and erasing it.
import type { Scope } from '../core/ports.js';
import { newId } from '../ids.js';
import { withMemdesk } from './run.js';
import type { CliIo } from './terminal.js';
import { renderTable, clip } from './table.js';
import { memdeskError } from '../errors.js';
import type { Memdesk } from '../memdesk.js';
import { unknownScopeError } from './unknown-id.js';

export function scopeFromOptions(opts: { customer?: string; account?: string }): Scope {
  if (Boolean(opts.customer) === Boolean(opts.account)) throw memdeskError('usage', 'give exactly one of --customer ID or --account ID');
  return opts.customer ? { kind: 'customer', id: opts.customer } : { kind: 'account', id: opts.account! };
}

/** A scope's memories, or a usage error when the id is neither in the directory nor remembered (a typo). */
async function knownScopeMemories(memdesk: Memdesk, scope: Scope, directoryFile: string) {
  const memories = await memdesk.memory.list(scope);
  const unknown = unknownScopeError(memdesk.directory, scope, memories.length, directoryFile);
  if (unknown) throw unknown;
  return memories;
}

export async function memoryListCommand(opts: { customer?: string; account?: string; json?: boolean }, io: CliIo, env: NodeJS.ProcessEnv): Promise<void> {
  const scope = scopeFromOptions(opts);
  await withMemdesk(async (memdesk, config) => {
    const memories = await knownScopeMemories(memdesk, scope, config.DIRECTORY_FILE);
    if (opts.json) return io.out(JSON.stringify(memories, null, 2));
    if (!memories.length) return io.out(`Nothing remembered for ${scope.kind} ${scope.id}.`);
    io.out(renderTable(['id', 'created', 'memory'], memories.map((m) => [m.id, m.created_at.slice(0, 10), clip(m.memory, 100)])));
  }, { io, env });
}

export async function memoryForgetCommand(opts: { customer?: string; account?: string; json?: boolean }, io: CliIo, env: NodeJS.ProcessEnv): Promise<void> {
  const scope = scopeFromOptions(opts);
  await withMemdesk(async (memdesk, config) => {
    await knownScopeMemories(memdesk, scope, config.DIRECTORY_FILE);
    const removed = await memdesk.memory.deleteScope(scope);
    const traceId = newId('trace', memdesk.clock.now());
    await memdesk.operationLog.append({ trace_id: traceId, ticket_id: null, kind: 'memory_erased', detail: { scope: `${scope.kind}:${scope.id}`, removed, store: memdesk.memory.kind } });
    if (opts.json) return io.out(JSON.stringify({ scope: `${scope.kind}:${scope.id}`, removed, trace_id: traceId }));
    io.out(`Erased ${removed} memories of ${scope.kind} ${scope.id} (trace ${traceId}).`);
  }, { io, env });
}
