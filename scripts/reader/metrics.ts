// Scores a classifier the way the issue asks: per-type precision/recall/F1, macro-F1, a confusion
// matrix and the expected calibration error. A prediction is right when it is among the acceptable labels.
import { scoreTypes, type TypeScore } from '../../src/eval/scorecard.js';

export interface ScoredPrediction {
  predicted: string;
  confidence: number;
  /** Acceptable labels, best first; the first is the row's "true" label in the confusion matrix. */
  acceptable: readonly string[];
}

export type ClassMetrics = TypeScore;

export interface Scorecard {
  perType: Record<string, ClassMetrics>;
  macroF1: number;
  accuracy: number;
  ece: number;
  confusion: Record<string, Record<string, number>>;
  count: number;
}

/** The product's type scoring (the one `eval --set real` prints) plus the calibration error training watches. */
export function scorecard(labels: readonly string[], predictions: readonly ScoredPrediction[]): Scorecard {
  const types = scoreTypes(
    labels,
    predictions.map((p) => ({ read: p.predicted, acceptable: p.acceptable })),
  );
  return {
    perType: types.per_type,
    macroF1: types.macro_f1,
    accuracy: types.accuracy,
    ece: expectedCalibrationError(predictions),
    confusion: types.confusion,
    count: types.count,
  };
}

/** ECE with 10 equal-width confidence bins: how far stated confidence is from observed accuracy. */
export function expectedCalibrationError(predictions: readonly ScoredPrediction[], bins = 10): number {
  const count = new Array<number>(bins).fill(0);
  const confidence = new Array<number>(bins).fill(0);
  const hits = new Array<number>(bins).fill(0);
  for (const p of predictions) {
    const bin = Math.min(bins - 1, Math.floor(p.confidence * bins));
    count[bin]!++;
    confidence[bin]! += p.confidence;
    if (p.acceptable.includes(p.predicted)) hits[bin]!++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    ece += (count[b]! / predictions.length) * Math.abs(hits[b]! / count[b]! - confidence[b]! / count[b]!);
  }
  return ece;
}

export function formatScorecard(title: string, labels: readonly string[], card: Scorecard): string {
  const pct = (x: number) => x.toFixed(3);
  const lines = [`${title}: ${card.count} messages, macro-F1 ${pct(card.macroF1)}, accuracy ${pct(card.accuracy)}, ECE ${pct(card.ece)}`];
  lines.push(`  ${'type'.padEnd(16)}${'P'.padStart(7)}${'R'.padStart(7)}${'F1'.padStart(7)}${'n'.padStart(6)}`);
  for (const label of labels) {
    const m = card.perType[label]!;
    lines.push(`  ${label.padEnd(16)}${pct(m.precision).padStart(7)}${pct(m.recall).padStart(7)}${pct(m.f1).padStart(7)}${String(m.support).padStart(6)}`);
  }
  const short = (l: string) => l.slice(0, 7);
  lines.push(`  confusion (rows: expected, columns: read as)`);
  lines.push(`  ${''.padEnd(16)}${labels.map((l) => short(l).padStart(8)).join('')}`);
  for (const label of labels) {
    lines.push(`  ${label.padEnd(16)}${labels.map((l) => String(card.confusion[label]![l]).padStart(8)).join('')}`);
  }
  return lines.join('\n');
}
