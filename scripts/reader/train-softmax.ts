// Trains a softmax-regression model over hashed features (AdaGrad, L2), deterministically:
// the example order comes from a seeded generator, so the same corpus gives the same weights.
import { LinearModel, softmax } from '../../src/reader/linear-model.js';
import type { FeatureShape, SparseFeatures } from '../../src/reader/text-features.js';
import { seededRandom } from '../../src/seeded-random.js';

export interface TrainingExample {
  features: SparseFeatures;
  label: number;
  weight: number;
}

export interface TrainingOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function trainSoftmax(
  labels: readonly string[],
  shape: FeatureShape,
  examples: readonly TrainingExample[],
  options: TrainingOptions,
): LinearModel {
  const k = labels.length;
  const size = shape.buckets * k + k;
  const weights = new Float64Array(size);
  const squaredGradients = new Float64Array(size).fill(1e-8);
  const random = seededRandom(options.seed);
  const biasAt = shape.buckets * k;
  const step = (at: number, gradient: number) => {
    squaredGradients[at]! += gradient * gradient;
    weights[at]! -= (options.learningRate * gradient) / Math.sqrt(squaredGradients[at]!);
  };
  const scores = new Float64Array(k);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (const example of shuffled(examples, random)) {
      const { indices, values } = example.features;
      for (let c = 0; c < k; c++) scores[c] = weights[biasAt + c]!;
      for (let i = 0; i < indices.length; i++) {
        const row = indices[i]! * k;
        for (let c = 0; c < k; c++) scores[c]! += weights[row + c]! * values[i]!;
      }
      const probabilities = softmax(scores, 1);
      for (let c = 0; c < k; c++) {
        const error = (probabilities[c]! - (c === example.label ? 1 : 0)) * example.weight;
        step(biasAt + c, error);
        for (let i = 0; i < indices.length; i++) {
          const at = indices[i]! * k + c;
          step(at, error * values[i]! + options.l2 * weights[at]!);
        }
      }
    }
  }
  return new LinearModel(labels, shape, Float32Array.from(weights), 1);
}

/** The temperature that minimises the negative log-likelihood on held-out examples. */
export function fitTemperature(model: LinearModel, heldOut: readonly TrainingExample[]): number {
  const scored = heldOut.map((example) => ({ scores: model.scores(example.features), label: example.label }));
  let best = 1;
  let bestLoss = Infinity;
  for (let t = 0.25; t <= 6; t += 0.05) {
    let loss = 0;
    for (const { scores, label } of scored) loss -= Math.log(Math.max(softmax(scores, t)[label]!, 1e-12));
    if (loss < bestLoss) [best, bestLoss] = [Number(t.toFixed(2)), loss];
  }
  return best;
}
