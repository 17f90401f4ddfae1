// Bulk work through the sentence embedder: a call with many texts is shared by two model threads and
// batched by token count, and a re-import does not embed what its scope already holds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/core/ports.js';
import type { Embedder } from '../../src/memory/embedder.js';
import { createLocalMemoryStore, type LocalMemoryStore } from '../../src/memory/local.js';
import { sentenceEmbedder } from '../../src/memory/sentence-embedder.js';

/** A vector that names its text: dimension (text's number mod 512) set. */
const vectorOf = (text: string) => {
  const v = new Float32Array(512);
  v[Number(/\d+/.exec(text)?.[0] ?? 0) % 512] = 1;
  return v;
};

/** Model threads that answer at once and record, per thread, the batches they were sent. */
function fakeThreads() {
  const threads: string[][][] = [];
  return {
    threads,
    load: async () => {
      const batches: string[][] = [];
      threads.push(batches);
      return {
        embed: async (texts: string[]) => {
          batches.push(texts);
          // A later turn, as a thread's reply: the other thread gets its share meanwhile.
          await new Promise((resolve) => setImmediate(resolve));
          return texts.map(vectorOf);
        },
        // Token counts unlike character counts: the number in the text.
        tokenCounts: async (texts: string[]) => Int32Array.from(texts, (t) => Number(/\d+/.exec(t)?.[0] ?? 0)),
      };
    },
  };
}

describe('the sentence embedder with many texts', () => {
  it('shares them between two model threads, batched by token count, and answers in the order asked', async () => {
    const fake = fakeThreads();
    const embedder = sentenceEmbedder(fake.load, undefined, 2);
    // Short numbers in long texts and long ones in short texts: characters would batch them the other way.
    const texts = Array.from({ length: 200 }, (_, i) => (i % 2 ? `memory ${i}` : `a much longer memory about the invoice, number ${i}`));
    const vectors = await embedder.embed(texts);

    expect(vectors.map((v) => v.indexOf(1))).toEqual(texts.map((_, i) => i));
    expect(fake.threads).toHaveLength(2);
    const [first, second] = fake.threads;
    expect(first!.length).toBeGreaterThan(0);
    expect(second!.length).toBeGreaterThan(0);
    // Every batch holds neighbouring token counts, longest first.
    const counts = [...first!, ...second!].map((batch) => batch.map((t) => Number(/\d+/.exec(t)![0])));
    for (const batch of counts) expect(Math.max(...batch) - Math.min(...batch)).toBeLessThan(batch.length);
    expect(counts.flat().sort((a, b) => a - b)).toEqual(texts.map((_, i) => i));
  });

  it('sends a bulk call in batches of at most 256 padded tokens, so a query behind one waits for little', async () => {
    const fake = fakeThreads();
    const embedder = sentenceEmbedder(fake.load, undefined, 2);
    // Token counts 1–200 (the model reads at most 128; the fake counts what it is told), and 100 of 4.
    const texts = [...Array.from({ length: 200 }, (_, i) => `memory ${i + 1}`), ...Array.from({ length: 100 }, () => 'memory 4')];
    await embedder.embed(texts);

    const batches = fake.threads.flat().map((batch) => batch.map((t) => Number(/\d+/.exec(t)![0])));
    // Each batch is padded to its longest text; a text longer than the budget goes alone.
    for (const batch of batches) {
      if (batch.length > 1) expect(batch.length * Math.max(...batch)).toBeLessThanOrEqual(256);
    }
    // Short texts still share calls: 4 tokens fit 64 to a call.
    expect(batches.some((batch) => batch.length >= 32)).toBe(true);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(texts.map((t) => Number(/\d+/.exec(t)![0])).sort((a, b) => a - b));
  });

  it('sends fewer texts than a bulk call in batches of about 256 tokens by their characters', async () => {
    const fake = fakeThreads();
    const embedder = sentenceEmbedder(fake.load, undefined, 2);
    // 40 texts of 200 characters (about 57 tokens each): one call of 40 would hold its thread for 2,300 tokens.
    const texts = Array.from({ length: 40 }, (_, i) => `memory ${String(i).padStart(2, '0')} ${'x'.repeat(190)}`);
    const vectors = await embedder.embed(texts);

    expect(vectors.map((v) => v.indexOf(1))).toEqual(texts.map((_, i) => i));
    // One thread (too few texts to load a second), in calls of 4 texts: 800 characters, under 896.
    expect(fake.threads).toHaveLength(1);
    expect(fake.threads[0]!.map((batch) => batch.length)).toEqual(Array.from({ length: 10 }, () => 4));
  });

  it('embeds a few texts in one thread, without loading a second', async () => {
    const fake = fakeThreads();
    const embedder = sentenceEmbedder(fake.load, undefined, 2);
    await embedder.embed(['one 1', 'two 2']);
    await embedder.embed(['three 3']);
    expect(fake.threads).toEqual([[['one 1', 'two 2'], ['three 3']]]);
  });

  it('does the work in one thread when the second fails to load', async () => {
    let loads = 0;
    const fake = fakeThreads();
    const embedder = sentenceEmbedder(() => (++loads === 2 ? Promise.reject(new Error('out of memory')) : fake.load()), undefined, 2);
    const texts = Array.from({ length: 100 }, (_, i) => `memory ${i}`);
    expect((await embedder.embed(texts)).map((v) => v.indexOf(1))).toEqual(texts.map((_, i) => i));
    expect(fake.threads).toHaveLength(1);
  });
});

describe('a re-import', () => {
  let dir: string;
  const stores: LocalMemoryStore[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'memdesk-bulk-embed-'));
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('embeds only the memories its scope does not hold yet, and they are still found', async () => {
    const embedded: string[] = [];
    const counting: Embedder = {
      model: 'counting',
      dimensions: 512,
      embed: async (texts) => {
        embedded.push(...texts);
        return texts.map(vectorOf);
      },
    };
    const store = await createLocalMemoryStore({ dataDir: dir, namespace: 'test', clock: { now: () => new Date('2026-05-01T09:00:00Z') }, embedder: counting });
    stores.push(store);
    const ben: Scope = { kind: 'customer', id: 'cust_ben' };
    const ana: Scope = { kind: 'customer', id: 'cust_ana' };
    const seed = ['Ben renews on the 3rd', 'Ben pays by card 7', 'Ben is the admin 9'];
    await store.bulkAdd(seed.map((text) => ({ scope: ben, text })));
    embedded.length = 0;

    const again = await store.bulkAdd([...seed, 'Ben asked for SSO 12'].map((text) => ({ scope: ben, text })).concat([{ scope: ana, text: seed[0]! }]));
    expect(again).toEqual({ written: 2, duplicates: 3, empty: 0 });
    // Ana's copy of Ben's text is new in her scope: embedded; Ben's own are not.
    expect(embedded.sort()).toEqual(['Ben asked for SSO 12', 'Ben renews on the 3rd']);
    await store.add(ben, 'Ben pays by card 7');
    expect(embedded).toHaveLength(2);
    expect((await store.search(ben, 'card 7', { limit: 1 }))[0]?.memory).toBe('Ben pays by card 7');
  });
});
