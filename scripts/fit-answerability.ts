// npm run fit:answerability: fits the weights of src/knowledge/answerability.ts and the threshold
// knowledge.min_score on the tuning half of eval/knowledge/questions.jsonl (odd-numbered questions),
// and prints the held-out half (even-numbered) separately. The label is "some article answers this"
// (expected is not "none"); the signals are those of the top article the embedded index returns.
// The threshold is the highest correct @1 on the tuning half with "none" recognised ≥ 0.9 there.
import { readKnowledgeQuestions, isTuningQuestion } from '../src/eval/knowledge-eval.js';
import { answerability, type AnswerSignals, type answerabilityWeights } from '../src/knowledge/answerability.js';
import { readKnowledgeDir } from '../src/knowledge/knowledge-dir.js';
import { PassageIndex } from '../src/knowledge/passage-index.js';

const index = new PassageIndex();
for (const a of readKnowledgeDir('knowledge')) index.put(a);
const rows = readKnowledgeQuestions('eval/knowledge/questions.jsonl').map((q) => {
  const top = index.search(q.question, { limit: 10 });
  const articles = [...new Set(top.map((p) => p.article_id))];
  return { q, top: top[0], articles, tuning: isTuningQuestion(q) };
});

type Weights = typeof answerabilityWeights;
const features = (s: AnswerSignals) => [s.coverage, s.rare_title_words];

/** Plain logistic regression by gradient descent, with a little L2 so two signals cannot run away. */
function fit(examples: { s: AnswerSignals; covered: boolean }[]): Weights {
  let w = [0, 0];
  let b = 0;
  const l2 = 0.003;
  for (let it = 0; it < 20_000; it++) {
    const gw = [0, 0];
    let gb = 0;
    for (const { s, covered } of examples) {
      const x = features(s);
      const p = 1 / (1 + Math.exp(-(b + w[0]! * x[0]! + w[1]! * x[1]!)));
      const e = p - (covered ? 1 : 0);
      gw[0]! += e * x[0]!;
      gw[1]! += e * x[1]!;
      gb += e;
    }
    w = w.map((wi, i) => wi - (gw[i]! / examples.length + l2 * wi));
    b -= gb / examples.length;
  }
  const round = (v: number) => Number(v.toFixed(2));
  return { bias: round(b), coverage: round(w[0]!), rare_title_words: round(w[1]!) };
}

function measure(subset: typeof rows, w: Weights, threshold: number) {
  const covered = subset.filter((r) => r.q.expected !== 'none');
  const none = subset.filter((r) => r.q.expected === 'none');
  const answered = (r: (typeof rows)[number]) => r.top !== undefined && answerability(r.top.signals, w) >= threshold;
  const share = (n: number, of: number) => Number((n / of).toFixed(3));
  return {
    'correct@1': share(covered.filter((r) => answered(r) && r.articles[0] === r.q.expected).length, covered.length),
    'correct@3': share(covered.filter((r) => answered(r) && r.articles.slice(0, 3).includes(r.q.expected)).length, covered.length),
    none_recognised: share(none.filter((r) => !answered(r)).length, none.length),
  };
}

const tuning = rows.filter((r) => r.tuning);
const heldOut = rows.filter((r) => !r.tuning);
const weights = fit(tuning.filter((r) => r.top).map((r) => ({ s: r.top!.signals, covered: r.q.expected !== 'none' })));
let best = { threshold: 0.5, at1: -1 };
for (let t = 0.3; t <= 0.97; t += 0.01) {
  const m = measure(tuning, weights, t);
  if (m.none_recognised >= 0.9 && m['correct@1'] > best.at1) best = { threshold: Number(t.toFixed(2)), at1: m['correct@1'] };
}
// Mean log-loss on the tuning half: how well calibrated the fitted score is (lower is better).
const examples = tuning.filter((r) => r.top);
const logLoss = examples.reduce((sum, r) => {
  const p = Math.min(1 - 1e-9, Math.max(1e-9, answerability(r.top!.signals, weights)));
  return sum - (r.q.expected !== 'none' ? Math.log(p) : Math.log(1 - p));
}, 0) / examples.length;
console.log(JSON.stringify({ weights, min_score: best.threshold, tuning_log_loss: Number(logLoss.toFixed(4)), tuning: measure(tuning, weights, best.threshold), held_out: measure(heldOut, weights, best.threshold) }, null, 2));
