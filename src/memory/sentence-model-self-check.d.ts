// Types of sentence-model-self-check.js (plain JavaScript: it runs in the model's thread).
import type { EmbeddingsModel } from '@energetic-ai/embeddings';

interface SentenceModelForward {
  /** One row of 512 per text's token ids, one after another. */
  embed(encodings: number[][]): Float32Array;
}

export function checkedSentenceModel(
  tf: typeof import('@energetic-ai/core'),
  embeddingsModel: EmbeddingsModel,
  forwardOf?: (tf: typeof import('@energetic-ai/core'), graphModel: EmbeddingsModel['model']) => SentenceModelForward,
): Promise<{
  /** The texts' vectors, one row of 512 after another. */
  embed(texts: string[]): Promise<Float32Array>;
  /** Why the thread answers with the graph model: the written-out pass failed its check at load. */
  fallback?: string;
}>;
