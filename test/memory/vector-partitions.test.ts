// The embedded store's vectors are kept per scope (sqlite-vec partitions, in chunks of 32): a scope
// spread over many chunks, written between other scopes' memories, is searched by meaning over all
// of its own vectors and none of the others'; a data dir from before the chunks' partition index
// gets the index when it opens and finds the same memories.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/core/ports.js';
import { createLocalMemoryStore, type LocalMemoryStore } from '../../src/memory/local.js';
import { staticEmbedder } from '../../src/memory/static-embedder.js';

const model = staticEmbedder();
const clock = { now: () => new Date('2026-05-01T09:00:00Z') };
const customers: Scope[] = Array.from({ length: 6 }, (_, i) => ({ kind: 'customer', id: `cust_${i}` }));
const ben = customers[0]!;
const stolenLaptop = "Ben's laptop was stolen at the airport last week";
const paraphrase = 'Was his computer taken while travelling?';

let dir: string;
let store: LocalMemoryStore | undefined;
const open = async () => (store = await createLocalMemoryStore({ dataDir: dir, namespace: 'test', clock, embedder: model }));

function partitionIndexes(): string[] {
  const db = new Database(join(dir, 'memory.db'), { readonly: true });
  sqliteVec.load(db);
  try {
    return db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'memory_vectors_chunks'").pluck().all() as string[];
  } finally {
    db.close();
  }
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'memdesk-vector-partitions-'));
  await open();
  // 100 memories per customer, interleaved: each scope fills several chunks, none of them contiguous.
  const items = Array.from({ length: 100 }, (_, n) =>
    customers.map((scope) => ({ scope, text: `${scope.id} renewal note ${n}: the invoice for seat batch ${n} was sent to finance`, infer: false })),
  ).flat();
  await store!.bulkAdd([...items, { scope: customers[3]!, text: stolenLaptop, infer: false }]);
  await store!.add(ben, stolenLaptop, { infer: false });
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('vectors kept per scope', () => {
  it("finds a scope's memory by meaning among its many chunks, and never another scope's", async () => {
    const found = await store!.search(ben, paraphrase, { limit: 5 });
    expect(found[0]?.memory).toBe(stolenLaptop);
    expect(found.every((m) => m.scope.id === ben.id)).toBe(true);
    expect((await store!.search(customers[5]!, paraphrase, { limit: 5 })).map((m) => m.memory)).not.toContain(stolenLaptop);
  });

  it('gives a data dir written before the partition index the index, and finds the same memories', async () => {
    const before = (await store!.search(ben, paraphrase, { limit: 5 })).map((m) => m.id);
    expect(partitionIndexes()).toContain('memory_vectors_chunks_by_partition');
    await store!.close();
    const db = new Database(join(dir, 'memory.db'));
    sqliteVec.load(db);
    db.exec('DROP INDEX memory_vectors_chunks_by_partition');
    db.close();
    expect(partitionIndexes()).not.toContain('memory_vectors_chunks_by_partition');
    await open();
    expect(partitionIndexes()).toContain('memory_vectors_chunks_by_partition');
    expect((await store!.search(ben, paraphrase, { limit: 5 })).map((m) => m.id)).toEqual(before);
  });
});
