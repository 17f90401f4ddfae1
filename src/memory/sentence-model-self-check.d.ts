// Types of sentence-model-self-check.js (plain JavaScript: it runs in the model's thread).
import type { EmbeddingsModel } from '@energetic-ai/embeddings';

interface SentenceModelForward {
  /** One row of 512 per text's token ids, one after another. */
  embed(encodings: number[][]): Float32Array;
  /** Lets go of the weights it holds. */
  dispose?(): void;
}

/** Texts and the graph model's vectors for them, which the written-out pass must give. */
export interface SentenceModelReference {
  /** Where the vectors came from: the model package and its version. */
  model: string;
  texts: string[];
  vectors: number[][];
}

/** The stored reference, sentence-model-reference.json beside the module. */
export function storedReference(): SentenceModelReference;

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number;

export function checkedSentenceModel(
  tf: typeof import('@energetic-ai/core'),
  embeddingsModel: EmbeddingsModel,
  options?: {
    forwardOf?: (tf: typeof import('@energetic-ai/core'), graphModel: EmbeddingsModel['model']) => SentenceModelForward;
    /** What the written-out pass must give (default: the stored reference). */
    reference?: SentenceModelReference;
    /** Keep the graph model usable after the written-out pass is chosen (to compare the two); by default it is disposed. */
    keepGraph?: boolean;
  },
): Promise<{
  /** The texts' vectors, one row of 512 after another. */
  embed(texts: string[]): Promise<Float32Array>;
  /** Each text's token count as the model reads it (at most 128): what a batch of texts is padded to. */
  tokenCounts(texts: string[]): Int32Array;
  /** Why the thread answers with the graph model: the written-out pass failed its check at load. */
  fallback?: string;
}>;
