// Two embedded stores on one data dir, as two processes have them (`npm start` beside `memdesk`
// CLI calls, or two bot instances): what one writes or rebuilds, the other's searches see.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/core/ports.js';
import { POLICY_FACTS_QUERY } from '../../src/core/recall.js';
import { createLocalMemoryStore, type LocalMemoryStore } from '../../src/memory/local.js';

const globex: Scope = { kind: 'account', id: 'acct_globex' };
const acme: Scope = { kind: 'account', id: 'acct_acme' };
const germanCsm = 'Ihre Kundenbetreuerin ist Dana Lee.';

let dir: string;
let now: number;
const clock = { now: () => new Date(now) };
const opened: LocalMemoryStore[] = [];
const open = async (reindexBatch?: number) => {
  const store = await createLocalMemoryStore({ dataDir: dir, namespace: 'test', clock, ...(reindexBatch ? { reindexBatch } : {}) });
  opened.push(store);
  return store;
};
const policyFacts = async (store: LocalMemoryStore, scope: Scope) => (await store.search(scope, POLICY_FACTS_QUERY, { limit: 8 })).map((m) => m.memory);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'memdesk-shared-'));
  now = Date.parse('2026-05-01T09:00:00Z');
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('a re-index by another process', () => {
  it('is what the next search of a process that searched the older index finds, for a scope rebuilt at once and one rebuilt beside its live postings', async () => {
    const writer = await open();
    await writer.add(globex, 'Globex Corporation is on the Enterprise plan.', { infer: false });
    await writer.bulkAdd(Array.from({ length: 30 }, (_, n) => ({ scope: acme, text: `Acme ticket ${n} was about the invoice export` })));
    now += 24 * 3600_000;
    await writer.add(globex, germanCsm, { infer: false });
    await writer.add(acme, germanCsm, { infer: false });
    await writer.close();
    opened.length = 0;

    const bot = await open();
    // The index as analyzer version 1 wrote it: no CSM term for a memory without an English CSM word.
    const older = new Database(join(dir, 'memory.db'));
    older.prepare("DELETE FROM memory_postings WHERE term = '#csm'").run();
    older.prepare("UPDATE memory_meta SET value = '1' WHERE key = 'analyzer_version'").run();
    older.close();
    expect(await policyFacts(bot, globex)).toEqual(['Globex Corporation is on the Enterprise plan.']);
    expect(await policyFacts(bot, acme)).not.toContain(germanCsm);

    // Another process re-indexes: globex fits one step (replaced in place), acme takes several
    // (built beside its live postings and swapped in). Neither scope's memory count moves.
    const cli = await open(10);
    expect(cli.indexState()).toBe('reindexing');
    await cli.reindexed();
    expect(await policyFacts(cli, globex)).toContain(germanCsm);
    expect(await policyFacts(cli, acme)).toContain(germanCsm);

    expect(await policyFacts(bot, globex)).toContain(germanCsm);
    expect(await policyFacts(bot, acme)).toContain(germanCsm);
  });
});
