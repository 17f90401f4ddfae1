// `memdesk seed`: writes memories from a seed file (default: the demo seed), exactly as written.
import { demoSeedPath } from '../compose.js';
import { loadSeedFile } from '../memory/seed-file.js';
import { withMemdesk } from './run.js';
import type { CliIo } from './terminal.js';

export async function seedCommand(opts: { file?: string; json?: boolean }, io: CliIo): Promise<void> {
  const path = opts.file ?? demoSeedPath;
  const memories = loadSeedFile(path);
  await withMemdesk(async (memdesk) => {
    const { written } = await memdesk.seed(memories, { actor: 'cli' });
    if (opts.json) return io.out(JSON.stringify({ file: path, written }));
    io.out(`Seeded ${written} memories from ${path}.`);
  });
}
