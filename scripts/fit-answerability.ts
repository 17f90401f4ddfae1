// npm run fit:answerability: fits the weights of src/knowledge/answerability.ts and the threshold
// knowledge.min_score on the tuning half of eval/knowledge/questions.jsonl (odd-numbered questions),
// and prints the held-out half (even-numbered) and the whole set separately, never choosing by them.
// Examples are the first three articles the embedded index ranks for each tuning question, labelled
// "this article answers it" (it is the expected one) or not; the fitted score then both reorders
// those three and decides answer or handoff. The threshold is the middle of the range of thresholds
// with the highest correct @1 (then @3) on the tuning half while "none" recognised stays >= 0.9 there.
import { isTuningQuestion, readKnowledgeQuestions } from '../src/eval/knowledge-eval.js';
import { answerability, answerSignalNames, reorderByAnswerability, type AnswerSignals, type answerabilityWeights } from '../src/knowledge/answerability.js';
import { readKnowledgeDir } from '../src/knowledge/knowledge-dir.js';
import { PassageIndex } from '../src/knowledge/passage-index.js';

type Weights = typeof answerabilityWeights;
const zero: Weights = { bias: 0, coverage: 0, rare_title_words: 0, word_share: 0, foreign: 0, title_phrases: 0 };
// With all weights 0 every article scores the same, so the index returns the ranking's own order.
const index = new PassageIndex({ weights: zero });
for (const a of readKnowledgeDir('knowledge')) index.put(a);
const rows = readKnowledgeQuestions('eval/knowledge/questions.jsonl').map((q) => {
  const articles: { id: string; signals: AnswerSignals }[] = [];
  for (const p of index.search(q.question, { limit: 10 })) if (!articles.some((a) => a.id === p.article_id)) articles.push({ id: p.article_id, signals: p.signals });
  return { q, articles, tuning: isTuningQuestion(q) };
});
type Row = (typeof rows)[number];

/** Plain logistic regression by gradient descent, with a little L2 so correlated signals cannot run away. */
function fit(examples: { s: AnswerSignals; answers: boolean }[]): Weights {
  const w = answerSignalNames.map(() => 0);
  let b = 0;
  const l2 = 0.003;
  for (let it = 0; it < 5000; it++) {
    const gw = w.map(() => 0);
    let gb = 0;
    for (const { s, answers } of examples) {
      const x = answerSignalNames.map((n) => s[n]);
      const p = 1 / (1 + Math.exp(-(b + x.reduce((z, xi, i) => z + w[i]! * xi, 0))));
      const e = p - (answers ? 1 : 0);
      for (let i = 0; i < x.length; i++) gw[i]! += e * x[i]!;
      gb += e;
    }
    for (let i = 0; i < w.length; i++) w[i] = w[i]! - (gw[i]! / examples.length + l2 * w[i]!);
    b -= gb / examples.length;
  }
  const round = (v: number) => Number(v.toFixed(2));
  return { bias: round(b), ...Object.fromEntries(answerSignalNames.map((n, i) => [n, round(w[i]!)])) } as Weights;
}

function measure(subset: Row[], w: Weights, threshold: number) {
  const score = (a: Row['articles'][number]) => Number(answerability(a.signals, w).toFixed(4));
  let at1 = 0;
  let at3 = 0;
  let none = 0;
  for (const r of subset) {
    const ordered = reorderByAnswerability(r.articles, score);
    const answered = ordered.length > 0 && score(ordered[0]!) >= threshold;
    if (r.q.expected === 'none') none += answered ? 0 : 1;
    else {
      at1 += answered && ordered[0]!.id === r.q.expected ? 1 : 0;
      at3 += answered && ordered.slice(0, 3).some((a) => a.id === r.q.expected) ? 1 : 0;
    }
  }
  const covered = subset.filter((r) => r.q.expected !== 'none').length;
  const share = (n: number, of: number) => Number((n / of).toFixed(3));
  return { 'correct@1': share(at1, covered), 'correct@3': share(at3, covered), none_recognised: share(none, subset.length - covered) };
}

const tuning = rows.filter((r) => r.tuning);
const heldOut = rows.filter((r) => !r.tuning);
const examples = tuning.flatMap((r) => r.articles.slice(0, 3).map((a) => ({ s: a.signals, answers: a.id === r.q.expected })));
const weights = fit(examples);
const thresholds = Array.from({ length: 91 }, (_, i) => Number((0.05 + i / 100).toFixed(2)));
const ok = thresholds.map((t) => ({ t, m: measure(tuning, weights, t) })).filter((x) => x.m.none_recognised >= 0.9);
const key = (m: ReturnType<typeof measure>) => m['correct@1'] * 1000 + m['correct@3'];
const top = Math.max(...ok.map((x) => key(x.m)));
const best = ok.filter((x) => key(x.m) === top).map((x) => x.t);
const minScore = best[Math.floor((best.length - 1) / 2)]!;
// Mean log-loss on the tuning examples: how well calibrated the fitted score is (lower is better).
const logLoss = examples.reduce((sum, e) => {
  const p = Math.min(1 - 1e-9, Math.max(1e-9, answerability(e.s, weights)));
  return sum - (e.answers ? Math.log(p) : Math.log(1 - p));
}, 0) / examples.length;
console.log(
  JSON.stringify(
    { weights, min_score: minScore, best_range: [best[0], best.at(-1)], tuning_log_loss: Number(logLoss.toFixed(4)), tuning: measure(tuning, weights, minScore), held_out: measure(heldOut, weights, minScore), all: measure(rows, weights, minScore) },
    null,
    2,
  ),
);
