// Scores issue types the way issue 12 asks: per-type precision/recall/F1, macro-F1 over the types
// the set holds, and a confusion matrix. A reading is right when it is among a row's acceptable
// types; a miss counts against the row's best acceptable type.
export interface TypeScore {
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose counted type is this one. */
  support: number;
}

export interface Scorecard {
  per_type: Record<string, TypeScore>;
  macro_f1: number;
  accuracy: number;
  /** confusion[expected][read]: how often a row of one type was read as each type. */
  confusion: Record<string, Record<string, number>>;
  count: number;
}

export function scoreTypes(labels: readonly string[], rows: readonly { read: string; acceptable: readonly string[] }[]): Scorecard {
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const confusion: Record<string, Record<string, number>> = Object.fromEntries(labels.map((l) => [l, Object.fromEntries(labels.map((r) => [r, 0]))]));
  let correct = 0;
  for (const row of rows) {
    const hit = row.acceptable.includes(row.read);
    const expected = hit ? row.read : row.acceptable[0]!;
    confusion[expected]![row.read] = (confusion[expected]![row.read] ?? 0) + 1;
    if (hit) {
      correct++;
      bump(tp, expected);
    } else {
      bump(fp, row.read);
      bump(fn, expected);
    }
  }
  const per_type: Record<string, TypeScore> = {};
  const present: number[] = [];
  for (const label of labels) {
    const t = tp.get(label) ?? 0;
    const p = fp.get(label) ?? 0;
    const n = fn.get(label) ?? 0;
    const precision = t + p === 0 ? 0 : t / (t + p);
    const recall = t + n === 0 ? 0 : t / (t + n);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    per_type[label] = { precision, recall, f1, support: t + n };
    // A type the set does not hold has no F1 to average.
    if (t + n > 0) present.push(f1);
  }
  return {
    per_type,
    macro_f1: present.reduce((a, b) => a + b, 0) / Math.max(present.length, 1),
    accuracy: correct / Math.max(rows.length, 1),
    confusion,
    count: rows.length,
  };
}
