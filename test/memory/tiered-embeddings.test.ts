// Tiered embeddings in the embedded store (MEMORY_EMBEDDER=tiered): a memory is written with the
// static table's vector (provisional) and the final model's replaces it in the background. The
// static table is the real one; the final model is a stand-in with a model name of its own whose
// vectors rank a different memory first, so each search shows which kind of vector answered it.
// Its background work can be held back, to look at the store before it has caught up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Scope } from '../../src/core/ports.js';
import type { Embedder } from '../../src/memory/embedder.js';
import { createLocalMemoryStore, type LocalMemoryStore, type LocalMemoryStoreOptions } from '../../src/memory/local.js';
import { SENTENCE_MODEL, sentenceEmbedder } from '../../src/memory/sentence-embedder.js';
import { staticEmbedder } from '../../src/memory/static-embedder.js';
import { testMemdesk } from '../support/memdesk-env.js';
import { capturedLogger } from '../support/captured-logger.js';

const table = staticEmbedder();
const ben: Scope = { kind: 'customer', id: 'cust_ben' };
const acme: Scope = { kind: 'account', id: 'acct_acme' };
const stolenLaptop = "Ben's laptop was stolen at the airport last week";
const prefersEmail = 'Ben prefers email for status updates';
const memories = [prefersEmail, 'Ben is on the Enterprise plan; the contract renews in March', stolenLaptop, 'Ben asked how to export the monthly report as CSV'];
/** Shares no word (nor stem) with any memory: only meaning can find one. */
const paraphrase = 'Was his computer taken while travelling?';

const axis = (i: number) => Float32Array.from({ length: 512 }, (_, j) => (j === i ? 1 : 0));

/**
 * The final model's stand-in: it puts the paraphrase next to "prefers email" and every other text
 * away from both, so a search answered by final vectors ranks "prefers email" first where the static
 * table's ranks the stolen laptop first. Queries (texts ending in "?") are answered at once; memories'
 * vectors wait while it is held.
 */
function finalModel() {
  let held = false;
  const waiting: (() => void)[] = [];
  const embedder: Embedder & { hold(): void; release(): void } = {
    model: 'final-test',
    dimensions: 512,
    async embed(texts) {
      while (held && !texts.every((t) => t.endsWith('?'))) await new Promise<void>((resolve) => waiting.push(resolve));
      return texts.map((t) => axis(t === paraphrase || t === prefersEmail ? 0 : 1));
    },
    hold: () => {
      held = true;
    },
    release: () => {
      held = false;
      for (const resume of waiting.splice(0)) resume();
    },
  };
  return embedder;
}

/**
 * A stand-in for USE-lite's thread behind the real sentence embedder: like the thread, it answers the
 * calls sent to it one at a time, in the order sent; the test answers them one by one (answerOne) or
 * lets it answer all from then on (answerAll). It records each answered call's texts. Vectors as
 * finalModel's.
 */
function fakeThread() {
  const sent: { texts: string[]; answer: () => void; fail: (err: Error) => void }[] = [];
  const answered: string[][] = [];
  let auto = false;
  let crashed: Error | undefined;
  const answerOne = () => {
    const call = sent.shift();
    if (!call) return;
    answered.push(call.texts);
    call.answer();
    // The next reply on a later turn, as a thread's replies arrive.
    if (auto && sent.length > 0) setImmediate(answerOne);
  };
  return {
    sent,
    answered,
    answerOne,
    answerAll() {
      auto = true;
      answerOne();
    },
    /** The thread stops: the calls it holds and every later one fail, as the real one's do. */
    crash() {
      crashed = new Error("the sentence model's thread stopped (exit code 1)");
      for (const call of sent.splice(0)) call.fail(crashed);
    },
    load: async () => ({
      embed: (texts: string[]) =>
        new Promise<Float32Array[]>((resolve, reject) => {
          if (crashed) return reject(crashed);
          sent.push({ texts, answer: () => resolve(texts.map((t) => axis(t === paraphrase || t === prefersEmail ? 0 : 1))), fail: reject });
          if (auto && sent.length === 1) setImmediate(answerOne);
        }),
    }),
  };
}

let dir: string;
const stores: LocalMemoryStore[] = [];
const clock = { now: () => new Date('2026-05-01T09:00:00Z') };
async function open(extra: Partial<LocalMemoryStoreOptions>): Promise<LocalMemoryStore> {
  const store = await createLocalMemoryStore({ dataDir: dir, namespace: 'test', clock, ...extra });
  stores.push(store);
  return store;
}
async function reopen(store: LocalMemoryStore, extra: Partial<LocalMemoryStoreOptions>) {
  await store.close();
  stores.splice(stores.indexOf(store), 1);
  return open(extra);
}
async function remember(store: LocalMemoryStore, scope: Scope, texts: string[]) {
  for (const text of texts) await store.add(scope, text, { infer: false });
}
const first = async (store: LocalMemoryStore, query: string) => (await store.search(ben, query, { limit: 3 }))[0]?.memory;

/** What memory.db holds: the texts each kind of vector belongs to ("<none>" for a vector whose memory is gone), and each kind's model. */
function stored(dataDir = dir) {
  const db = new Database(join(dataDir, 'memory.db'), { readonly: true });
  sqliteVec.load(db);
  try {
    const has = (name: string) => db.prepare('SELECT 1 FROM sqlite_master WHERE name = ?').get(name) !== undefined;
    const texts = (name: string) =>
      has(name)
        ? (db.prepare(`SELECT coalesce(m.text, '<none>') FROM ${name} v LEFT JOIN memories m ON m.seq = v.rowid`).pluck().all() as string[]).sort()
        : undefined;
    const meta = (key: string) => db.prepare('SELECT value FROM memory_meta WHERE key = ?').pluck().get(key) as string | undefined;
    return {
      final: texts('memory_vectors'),
      provisional: texts('memory_provisional_vectors'),
      finalModel: meta('embedding_model'),
      provisionalModel: meta('provisional_embedding_model'),
    };
  } finally {
    db.close();
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'memdesk-tiered-'));
});
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tiered embeddings', () => {
  it('finds a memory by meaning as soon as it is written, and by its final vector once the background has replaced the provisional one', async () => {
    const final = finalModel();
    final.hold();
    const store = await open({ embedder: final, provisional: table });
    await remember(store, ben, memories);
    // Before the background: the static table's vectors, compared with the query as the table embeds it.
    expect(await first(store, paraphrase)).toBe(stolenLaptop);
    expect(stored()).toMatchObject({ final: [], provisional: [...memories].sort(), finalModel: 'final-test', provisionalModel: table.model });

    final.release();
    await store.embedMissing();
    // After: one vector per memory, the final model's, and search answers with it.
    expect(stored()).toMatchObject({ final: [...memories].sort(), provisional: [] });
    expect(await first(store, paraphrase)).toBe(prefersEmail);
    expect(await store.embedMissing()).toBe(0);
  });

  it('gives memories written later their final vector in the background, without being asked', async () => {
    const store = await open({ embedder: finalModel(), provisional: table });
    await store.bulkAdd(memories.map((text) => ({ scope: ben, text })));
    await vi.waitFor(() => expect(stored()).toMatchObject({ final: [...memories].sort(), provisional: [] }));
    await remember(store, ben, ['Ben moved to the Berlin office']);
    await vi.waitFor(() => expect(stored()).toMatchObject({ final: [...memories, 'Ben moved to the Berlin office'].sort(), provisional: [] }));
  });

  it('keeps searching by the provisional vectors when the final model fails, with one logged warning', async () => {
    const broken: Embedder = { model: 'final-test', dimensions: 512, embed: () => Promise.reject(new Error('wasm backend failed')) };
    const { logger, lines } = capturedLogger();
    const store = await open({ embedder: broken, provisional: table, logger });
    await remember(store, ben, memories);
    expect(await store.embedMissing()).toBe(0);
    expect(await first(store, paraphrase)).toBe(stolenLaptop);
    expect(await first(store, 'Does he like email updates?')).toBe(prefersEmail);
    expect(stored()).toMatchObject({ final: [], provisional: [...memories].sort() });
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toMatch(/sentence embeddings unavailable.*ranking memories by their words and static-use-lite.*provisional vectors/);
  });

  it('re-embeds when switching from static to tiered and back, never comparing one model with another', async () => {
    let store = await open({ embedder: table });
    await remember(store, ben, memories);
    expect(stored()).toMatchObject({ final: [...memories].sort(), finalModel: table.model, provisional: undefined });

    const final = finalModel();
    final.hold();
    store = await reopen(store, { embedder: final, provisional: table });
    // The static vectors were written by another model than tiered's final one: gone, not compared
    // with the final model's queries; the memories get provisional vectors at once, final ones later.
    expect(stored()).toMatchObject({ final: [], finalModel: 'final-test', provisionalModel: table.model });
    await vi.waitFor(() => expect(stored()).toMatchObject({ final: [], provisional: [...memories].sort() }));
    expect(await first(store, paraphrase)).toBe(stolenLaptop);
    final.release();
    await store.embedMissing();
    expect(stored()).toMatchObject({ final: [...memories].sort(), provisional: [] });
    expect(await first(store, paraphrase)).toBe(prefersEmail);

    store = await reopen(store, { embedder: table });
    await store.embedMissing();
    expect(stored()).toMatchObject({ final: [...memories].sort(), finalModel: table.model, provisional: undefined });
    expect(await first(store, paraphrase)).toBe(stolenLaptop);
  });

  it('re-embeds memories that only had provisional vectors when switching from tiered to one model', async () => {
    const broken: Embedder = { model: 'final-test', dimensions: 512, embed: () => Promise.reject(new Error('down')) };
    let store = await open({ embedder: broken, provisional: table });
    await remember(store, ben, memories);
    expect(stored()).toMatchObject({ final: [], provisional: [...memories].sort() });

    // use-lite alone (here the stand-in under its name): the provisional table goes, the final model embeds all.
    store = await reopen(store, { embedder: finalModel() });
    await store.embedMissing();
    expect(stored()).toMatchObject({ final: [...memories].sort(), provisional: undefined, provisionalModel: undefined });
    expect(await first(store, paraphrase)).toBe(prefersEmail);
  });

  it('leaves no vector of either kind behind a deleted memory or an erased scope', async () => {
    const final = finalModel();
    const store = await open({ embedder: final, provisional: table });
    const [kept, deletedFinal] = ['Ben moved to the Berlin office', 'Ben asked for a refund of the March invoice'];
    await remember(store, ben, [kept!, deletedFinal!]);
    await store.embedMissing();
    final.hold();
    await remember(store, ben, [stolenLaptop]);
    await remember(store, acme, ['Acme renews in June', 'Acme pays by invoice']);
    // Both kinds at once: two final vectors, three provisional ones with their final ones under way.
    expect(stored()).toMatchObject({ final: [deletedFinal, kept].sort(), provisional: ['Acme pays by invoice', 'Acme renews in June', stolenLaptop].sort() });

    const byText = new Map((await store.list(ben)).map((m) => [m.memory, m.id]));
    await store.delete(byText.get(deletedFinal!)!);
    await store.delete(byText.get(stolenLaptop)!);
    expect(await store.deleteScope(acme)).toBe(2);
    expect(stored()).toMatchObject({ final: [kept], provisional: [] });

    // The final vectors computed meanwhile for the deleted memories are not stored.
    final.release();
    await store.embedMissing();
    expect(stored()).toMatchObject({ final: [kept], provisional: [] });
  });
});

describe('tiered embeddings sharing the sentence model with searches', () => {
  it("embeds searches' queries before the background's remaining memories, and the background still finishes", async () => {
    const thread = fakeThread();
    const store = await open({ embedder: sentenceEmbedder(thread.load), provisional: table });
    const many = [...memories, ...Array.from({ length: 20 }, (_, i) => `Ben filed ticket number ${i} about the billing page`)];
    await store.bulkAdd(many.map((text) => ({ scope: ben, text })));
    // The background has sent the model its first call, which the model is working on.
    await vi.waitFor(() => expect(thread.sent).toHaveLength(1));
    const searching = store.search(ben, paraphrase, { limit: 3 });
    await vi.waitFor(() => expect(thread.sent).toHaveLength(2));
    // The background's call is answered while the first query is in the model; a second search comes.
    thread.answerOne();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const searchingAgain = store.search(ben, 'Does he like email updates?', { limit: 3 });
    await vi.waitFor(() => expect(thread.sent.some((call) => call.texts.includes('Does he like email updates?'))).toBe(true));
    thread.answerAll();
    const [found, foundAgain] = await Promise.all([searching, searchingAgain]);

    // Both queries went straight after the one background call in progress, which held two memories.
    expect(thread.answered.slice(1, 3)).toEqual([[paraphrase], ['Does he like email updates?']]);
    expect(thread.answered[0]!.length).toBeLessThanOrEqual(2);
    // Answered while most memories still had only their provisional vector.
    expect(found[0]?.memory).toBe(stolenLaptop);
    expect(foundAgain[0]?.memory).toBe(prefersEmail);

    await store.embedMissing();
    expect(stored()).toMatchObject({ final: [...many].sort(), provisional: [] });
    expect(await first(store, paraphrase)).toBe(prefersEmail);
  });

  it('keeps answering searches by the provisional vectors when the thread stops while the background waits behind a query', async () => {
    const thread = fakeThread();
    const { logger, lines } = capturedLogger();
    const store = await open({ embedder: sentenceEmbedder(thread.load), provisional: table, logger });
    await store.bulkAdd(memories.map((text) => ({ scope: ben, text })));
    await vi.waitFor(() => expect(thread.sent).toHaveLength(1));
    const searching = store.search(ben, paraphrase, { limit: 3 });
    await vi.waitFor(() => expect(thread.sent).toHaveLength(2));
    thread.crash();

    expect((await searching)[0]?.memory).toBe(stolenLaptop);
    // The background's held calls fail too instead of waiting for good: it stops, and close does not hang.
    expect(await store.embedMissing()).toBe(0);
    expect(stored()).toMatchObject({ final: [], provisional: [...memories].sort() });
    expect(lines.filter((l) => l.level === 40)).toHaveLength(1);
  });
});

describe('MEMORY_EMBEDDER=tiered', () => {
  it('writes with the static table and replaces its vectors with USE-lite ones in the background', { timeout: 60_000 }, async () => {
    const m = await testMemdesk({ MEMORY_EMBEDDINGS: 'on', MEMORY_EMBEDDER: 'tiered' });
    try {
      await m.memory.add(ben, stolenLaptop, { infer: false });
      expect((await m.memory.search(ben, paraphrase, { limit: 1 }))[0]?.memory).toBe(stolenLaptop);
      expect(stored(m.dataDir)).toMatchObject({ finalModel: SENTENCE_MODEL, provisionalModel: table.model });
      // USE-lite loads in its thread (about 2 s) and then replaces the static vector.
      await vi.waitFor(() => expect(stored(m.dataDir)).toMatchObject({ final: [stolenLaptop], provisional: [] }), { timeout: 30_000, interval: 200 });
      expect((await m.memory.search(ben, paraphrase, { limit: 1 }))[0]?.memory).toBe(stolenLaptop);
    } finally {
      await m.cleanup();
    }
  });
});
