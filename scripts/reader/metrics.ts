// Scores a classifier the way the issue asks: per-type precision/recall/F1, macro-F1, a confusion
// matrix and the expected calibration error. A prediction is right when it is among the acceptable labels.

export interface ScoredPrediction {
  predicted: string;
  confidence: number;
  /** Acceptable labels, best first; the first is the row's "true" label in the confusion matrix. */
  acceptable: readonly string[];
}

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Scorecard {
  perType: Record<string, ClassMetrics>;
  macroF1: number;
  accuracy: number;
  ece: number;
  confusion: Record<string, Record<string, number>>;
  count: number;
}

export function scorecard(labels: readonly string[], predictions: readonly ScoredPrediction[]): Scorecard {
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const confusion: Record<string, Record<string, number>> = {};
  for (const label of labels) confusion[label] = Object.fromEntries(labels.map((l) => [l, 0]));
  let correct = 0;
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const p of predictions) {
    const ok = p.acceptable.includes(p.predicted);
    // The label a hit counts for is the predicted one; a miss counts against the best acceptable one.
    const truth = ok ? p.predicted : p.acceptable[0]!;
    confusion[truth]![p.predicted] = (confusion[truth]![p.predicted] ?? 0) + 1;
    if (ok) {
      correct++;
      bump(tp, truth);
    } else {
      bump(fp, p.predicted);
      bump(fn, truth);
    }
  }
  const perType: Record<string, ClassMetrics> = {};
  const present: number[] = [];
  for (const label of labels) {
    const t = tp.get(label) ?? 0;
    const precision = t + (fp.get(label) ?? 0) === 0 ? 0 : t / (t + (fp.get(label) ?? 0));
    const recall = t + (fn.get(label) ?? 0) === 0 ? 0 : t / (t + (fn.get(label) ?? 0));
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    const support = t + (fn.get(label) ?? 0);
    perType[label] = { precision, recall, f1, support };
    // Macro-F1 over the types the set holds: a type with no rows has no F1 to average.
    if (support > 0) present.push(f1);
  }
  return {
    perType,
    macroF1: present.reduce((a, b) => a + b, 0) / Math.max(present.length, 1),
    accuracy: correct / Math.max(predictions.length, 1),
    ece: expectedCalibrationError(predictions),
    confusion,
    count: predictions.length,
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
