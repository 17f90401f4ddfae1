// The same behaviour suite the Mem0 platform adapter passes, run against the embedded store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalMemoryStore } from '../../src/memory/local.js';
import { systemClock } from '../../src/clock.js';
import { memoryStoreContract } from './store-contract.js';

memoryStoreContract('local (SQLite)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'memdesk-mem-'));
  const store = await createLocalMemoryStore({ dataDir: dir, namespace: 'contract', clock: systemClock() });
  return {
    store,
    async cleanup() {
      await store.close?.();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
