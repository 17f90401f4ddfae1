// Which forward pass the sentence model's thread answers with (sentence-model-thread.js): the one written
// out with TensorFlow.js operations (sentence-model-forward.js, about two thirds of the CPU a short query)
// once it has given the graph model's own vectors for two fixed texts, else the graph model, with the
// reason. So a TensorFlow.js or model package that changes under it costs speed, never different vectors.
//
// The graph's vectors for those texts are stored beside this file (sentence-model-reference.json, made
// by `npx tsx scripts/sentence-model-reference.ts` from the graph model in node_modules; a test checks
// they are still the graph's). Running the graph in the thread to compare would leave its own packed
// copies of the weights and its working memory in the WebAssembly heap, which never shrinks: about 50 MB
// of the thread's resident memory for two texts. Once the written-out pass is chosen the graph model is
// disposed (the weights the pass uses stay, held by the pass), so only one model's memory is kept.
import { readFileSync } from 'node:fs';
import { MAX_TOKENS, sentenceModelForward } from './sentence-model-forward.js';

/** Float rounding between the two passes leaves cosines of 1 - 1e-11 or closer; anything less is a different model. */
const MIN_COSINE = 0.9999;

/** The stored texts and the graph model's vectors for them (sentence-model-reference.json). */
export function storedReference() {
  return JSON.parse(readFileSync(new URL('./sentence-model-reference.json', import.meta.url), 'utf8'));
}

export function cosine(a, b) {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return dot / Math.sqrt(aa * bb);
}

/** The graph model's vectors, one row after another. */
async function graphRows(embeddingsModel, texts) {
  const rows = await embeddingsModel.embed(texts);
  const out = new Float32Array(rows.length * (rows[0]?.length ?? 0));
  for (const [i, row] of rows.entries()) out.set(row, i * row.length);
  return out;
}

/** Why `got` (one row after another) is not the reference's vectors, or undefined when it is. */
function mismatch(reference, got) {
  const { texts, vectors } = reference;
  const width = vectors[0].length;
  if (got.length !== texts.length * width) return `it gave ${got.length / width} vectors for ${texts.length} texts`;
  for (const [i, text] of texts.entries()) {
    const similarity = cosine(vectors[i], got.subarray(i * width, (i + 1) * width));
    if (!(similarity >= MIN_COSINE)) return `its vector of "${text}" has cosine ${similarity} with the graph model's`;
  }
  return undefined;
}

/**
 * The written-out pass as the thread calls it. Made outside checkedSentenceModel so that its closure
 * holds the pass and the tokenizer only, not the graph model that function's fallback closes over.
 */
function writtenOut(forward, tokenizer) {
  return { embed: async (texts) => forward.embed(texts.map((text) => tokenizer.encode(text))), tokenCounts: tokenCountsOf(tokenizer) };
}

/** Each text's token count as the model reads it (at most its first 128): what a batch is padded to. */
function tokenCountsOf(tokenizer) {
  return (texts) => Int32Array.from(texts, (text) => Math.min(tokenizer.encode(text).length, MAX_TOKENS));
}

export async function checkedSentenceModel(tf, embeddingsModel, options = {}) {
  const { forwardOf = sentenceModelForward, reference, keepGraph = false } = options;
  let forward;
  try {
    // A missing or unreadable reference is a failed check too: the graph still answers.
    const wanted = reference ?? storedReference();
    forward = forwardOf(tf, embeddingsModel.model);
    const direct = writtenOut(forward, embeddingsModel.tokenizer);
    const wrong = mismatch(wanted, await direct.embed(wanted.texts));
    if (wrong) throw new Error(wrong);
    if (!keepGraph) embeddingsModel.model.dispose();
    return direct;
  } catch (err) {
    forward?.dispose?.();
    return { embed: (texts) => graphRows(embeddingsModel, texts), tokenCounts: tokenCountsOf(embeddingsModel.tokenizer), fallback: err instanceof Error ? err.message : String(err) };
  }
}
