// `memdesk seed`: writes memories from a seed file (default: the demo seed), exactly as written.
import { demoSeedPath } from '../compose.js';
import { loadSeedFile } from '../memory/seed-file.js';
import { withMemdesk } from './run.js';
import type { CliIo } from './terminal.js';
import { unknownScopeError } from './unknown-id.js';
import { memdeskError } from '../errors.js';

export async function seedCommand(opts: { file?: string; json?: boolean }, io: CliIo, env: NodeJS.ProcessEnv): Promise<void> {
  const path = opts.file ?? demoSeedPath;
  const memories = loadSeedFile(path);
  await withMemdesk(async (memdesk, config) => {
    // A seed for an id memdesk has never heard of (a typo) would be stored where no ticket reads it:
    // the file is refused, naming the id, and nothing of it is written.
    const scopes = new Map(memories.map((m) => [`${m.scope}:${m.id}`, { kind: m.scope, id: m.id }]));
    for (const scope of scopes.values()) {
      const unknown = unknownScopeError(memdesk.directory, scope, (await memdesk.memory.list(scope)).length, config.DIRECTORY_FILE);
      if (unknown) throw memdeskError('usage', `${path}: ${unknown.message}`);
    }
    const { written } = await memdesk.seed(memories, { actor: 'cli' });
    if (opts.json) return io.out(JSON.stringify({ file: path, written }));
    io.out(`Seeded ${written} memories from ${path}.`);
  }, { io, env });
}
