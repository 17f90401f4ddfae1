// Which forward pass the sentence model's thread answers with (sentence-model-thread.js): the one written
// out with TensorFlow.js operations (sentence-model-forward.js, about two thirds of the CPU a short query) once it has
// given the graph model's own vectors for a fixed batch at load, else the graph model, with the reason.
// So a TensorFlow.js or model package that changes under it costs speed, never different vectors.
import { sentenceModelForward } from './sentence-model-forward.js';

/** Two texts of different lengths: one batch checks the padding and its masks as well as a lone text. */
const CHECKED_TEXTS = [
  'Hi, I was charged twice for my subscription this month. Can you sort this out?',
  'My webhook stopped firing after the upgrade',
];
/** Float rounding between the two passes leaves cosines of 1 - 1e-11 or closer; anything less is a different model. */
const MIN_COSINE = 0.9999;

function cosine(a, b) {
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

export async function checkedSentenceModel(tf, embeddingsModel, forwardOf = sentenceModelForward) {
  const graph = { embed: (texts) => graphRows(embeddingsModel, texts) };
  let direct;
  try {
    const forward = forwardOf(tf, embeddingsModel.model);
    direct = { embed: async (texts) => forward.embed(texts.map((text) => embeddingsModel.tokenizer.encode(text))) };
    const expected = await graph.embed(CHECKED_TEXTS);
    const got = await direct.embed(CHECKED_TEXTS);
    const width = expected.length / CHECKED_TEXTS.length;
    if (got.length !== expected.length) throw new Error(`it gave ${got.length / width} vectors for ${CHECKED_TEXTS.length} texts`);
    for (let i = 0; i < CHECKED_TEXTS.length; i++) {
      const similarity = cosine(expected.subarray(i * width, (i + 1) * width), got.subarray(i * width, (i + 1) * width));
      if (!(similarity >= MIN_COSINE)) throw new Error(`its vector of "${CHECKED_TEXTS[i]}" has cosine ${similarity} with the graph model's`);
    }
  } catch (err) {
    return { ...graph, fallback: err instanceof Error ? err.message : String(err) };
  }
  return direct;
}
