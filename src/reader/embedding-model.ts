// The reader's second opinion: a softmax regression over a message's sentence embedding (USE-lite,
// 512-d), trained on the same rows as the n-gram model by scripts/reader-cascade.ts. Its file format
// and the arithmetic from an embedding to calibrated probabilities.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { softmax } from './linear-model.js';

/** `issue-type-embed.json` beside `issue-type-embed.bin` (little-endian float32, dimension-major, then one bias per label). */
const embeddingModelFileSchema = z.object({
  format: z.literal('memdesk-dense-v1'),
  /** The embedder the model reads; a different one would put vectors in another space. */
  embedder: z.string(),
  labels: z.array(z.string()).min(2),
  dimensions: z.number().int().positive(),
  temperature: z.number().positive(),
});

export interface EmbeddingModel {
  readonly embedder: string;
  readonly labels: readonly string[];
  /** Probabilities per label, in the order of `labels`. */
  probabilities(vector: Float32Array): Float64Array;
}

export function loadEmbeddingModel(dir: string, name = 'issue-type-embed'): EmbeddingModel {
  const metaPath = join(dir, `${name}.json`);
  const parsed = embeddingModelFileSchema.safeParse(JSON.parse(readFileSync(metaPath, 'utf8')));
  if (!parsed.success) throw new Error(`${metaPath} is not a reader embedding model (see scripts/reader-cascade.ts): ${parsed.error.message}`);
  const { labels, dimensions, temperature, embedder } = parsed.data;
  const bytes = readFileSync(join(dir, `${name}.bin`));
  const weights = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(weights.buffer).set(bytes);
  const k = labels.length;
  if (weights.length !== dimensions * k + k) throw new Error(`${name}.bin holds ${weights.length} numbers, expected ${dimensions * k + k}`);
  return {
    embedder,
    labels,
    probabilities(vector) {
      const scores = new Float64Array(k);
      for (let c = 0; c < k; c++) scores[c] = weights[dimensions * k + c]!;
      for (let d = 0; d < dimensions; d++) {
        const v = vector[d]!;
        for (let c = 0; c < k; c++) scores[c]! += weights[d * k + c]! * v;
      }
      return softmax(scores, temperature);
    },
  };
}
