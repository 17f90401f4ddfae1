// The answerability's logistic regression, shared by `npm run fit:answerability` and the offline
// measuring scripts that try candidate signals (kbsem, kbanswer), so a candidate is fitted exactly as the
// shipped weights are.

/** One fitting question: its signals by name, whether the article answers it, and how much it counts (1 by default). */
export interface FitExample {
  s: Readonly<Record<string, number>>;
  answers: boolean;
  weight?: number;
}

/** Plain logistic regression by gradient descent, with a little L2 so correlated signals cannot run away.
 * Covered and uncovered questions weigh the same in total, however many of each there are. Returns the
 * bias and one weight per name, rounded to 0.01. */
export function fitLogistic(examples: readonly FitExample[], names: readonly string[]): Record<string, number> {
  const w = names.map(() => 0);
  let b = 0;
  const l2 = 0.003;
  const total = examples.reduce((n, e) => n + (e.weight ?? 1), 0);
  const pos = examples.reduce((n, e) => n + (e.answers ? (e.weight ?? 1) : 0), 0);
  const weightOf = (answers: boolean) => (answers ? total / (2 * pos) : total / (2 * (total - pos)));
  for (let it = 0; it < 5000; it++) {
    const gw = w.map(() => 0);
    let gb = 0;
    for (const { s, answers, weight = 1 } of examples) {
      const x = names.map((n) => s[n] ?? 0);
      const p = 1 / (1 + Math.exp(-(b + x.reduce((z, xi, i) => z + w[i]! * xi, 0))));
      const e = (p - (answers ? 1 : 0)) * weightOf(answers) * weight;
      for (let i = 0; i < x.length; i++) gw[i]! += e * x[i]!;
      gb += e;
    }
    for (let i = 0; i < w.length; i++) w[i] = w[i]! - (gw[i]! / total + l2 * w[i]!);
    b -= gb / total;
  }
  const round = (v: number) => Number(v.toFixed(2));
  return { bias: round(b), ...Object.fromEntries(names.map((n, i) => [n, round(w[i]!)])) };
}
