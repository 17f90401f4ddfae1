// A softmax-regression model over hashed features: the file format of its weights and the
// arithmetic that turns a message's features into calibrated probabilities.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { extractFeatures, type FeatureShape, type SparseFeatures } from './text-features.js';

export const featureShapeSchema = z.object({
  buckets: z.number().int().positive(),
  wordNgrams: z.number().int().min(0),
  charMin: z.number().int().positive(),
  charMax: z.number().int().positive(),
  fold: z.boolean(),
  lead: z.number().min(0).optional(),
  length: z.number().min(0).optional(),
});

/** `<name>.json` beside `<name>.bin` (little-endian float32, bucket-major, then one bias per label). */
export const linearModelFileSchema = z.object({
  format: z.literal('memdesk-linear-v1'),
  labels: z.array(z.string()).min(2),
  shape: featureShapeSchema,
  /** Divides the scores before the softmax; fitted on a held-out split so confidences are calibrated. */
  temperature: z.number().positive(),
  trained_at_commit: z.string().optional(),
  metrics: z.record(z.string(), z.number()).optional(),
});
export type LinearModelFile = z.infer<typeof linearModelFileSchema>;

export class LinearModel {
  constructor(
    readonly labels: readonly string[],
    readonly shape: FeatureShape,
    /** [bucket * labels + label], then labels.length biases. */
    readonly weights: Float32Array,
    readonly temperature: number,
  ) {
    const expected = shape.buckets * labels.length + labels.length;
    if (weights.length !== expected) {
      throw new Error(`model weights hold ${weights.length} numbers, expected ${expected}`);
    }
  }

  scores(features: SparseFeatures): Float64Array {
    const k = this.labels.length;
    const out = new Float64Array(k);
    const biasAt = this.shape.buckets * k;
    for (let c = 0; c < k; c++) out[c] = this.weights[biasAt + c]!;
    for (let i = 0; i < features.indices.length; i++) {
      const row = features.indices[i]! * k;
      const value = features.values[i]!;
      for (let c = 0; c < k; c++) out[c]! += this.weights[row + c]! * value;
    }
    return out;
  }

  /** Probabilities per label, in the order of `labels`. */
  probabilities(text: string, temperature = this.temperature): Float64Array {
    return softmax(this.scores(extractFeatures(text, this.shape)), temperature);
  }
}

export function softmax(scores: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s / temperature);
  const out = new Float64Array(scores.length);
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    out[i] = Math.exp(scores[i]! / temperature - max);
    sum += out[i]!;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

export function loadLinearModel(dir: string, name: string): LinearModel {
  const metaPath = join(dir, `${name}.json`);
  const parsed = linearModelFileSchema.safeParse(JSON.parse(readFileSync(metaPath, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${metaPath} is not a reader model (run npm run train:reader): ${parsed.error.message}`);
  }
  const bytes = readFileSync(join(dir, `${name}.bin`));
  // Copy into an aligned buffer: a Buffer from readFileSync may start at any byte offset.
  const weights = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(weights.buffer).set(bytes);
  return new LinearModel(parsed.data.labels, parsed.data.shape, weights, parsed.data.temperature);
}
