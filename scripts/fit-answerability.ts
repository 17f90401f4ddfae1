// npm run fit:answerability: fits the weights of src/knowledge/answerability.ts and the threshold
// knowledge.min_score on questions that are NOT the knowledge eval's (scripts/answerability-examples.ts:
// covered questions generated from the articles' sections, each searched with its section left out,
// and uncovered public customer questions from support-text), then prints the eval's two halves and
// BANKING77's uncovered questions as checks, never choosing by them. It writes the result to
// src/knowledge/answerability-fit.json (with fingerprints of what it was fitted on) and policy/rules.yml.
// Examples are the first three articles the embedded index ranks for each question, labelled "this
// article answers it" (it is the expected one) or not; the fitted score then both reorders those three
// and decides answer or handoff. The threshold is the middle of the range of thresholds with the best
// balanced accuracy on the fitting set: covered questions answered with their article in the first
// three, and uncovered ones recognised, weigh the same. `--curve` prints every 0.05 of threshold.
// FIT_COVERED_PER_INTENT=N also fits on real covered customer questions: N rows of each intent the public set's
// table maps to an article (answerability-examples.ts mappedSupportText: Bitext, CLINC150, DSTC11; mappedBanking77:
// BANKING77's *train* split), labelled with that article; FIT_COVERED_WEIGHT=w counts each as w of a question;
// FIT_NONE_PER_INTENT=N adds N rows of each intent it maps to "none"; FIT_COVERED_INTENT_HALF=a|b fits on every other
// covered intent only and prints the public even ids of the intents not fitted on. No fitting row is a row of
// eval/knowledge/public.jsonl (either half, by source row id or words) or of questions.jsonl: the script stops if one
// is (evalOverlap). Off by default: measured on 1, 2 and 3 December (eval/knowledge/README.md, "Real covered
// questions in the fit", "… again, with BANKING77 train in the pool", "… with BANKING77's covered categories") no cap
// or weight raised the answers without answering public "none" questions. The public set's halves are printed too.
import { fitLogistic } from './logistic-fit.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTuningQuestion, readKnowledgeQuestions } from '../src/eval/knowledge-eval.js';
import { answerability, answerSignalNames, reorderByAnswerability, type answerabilityWeights } from '../src/knowledge/answerability.js';
import { answerabilityFitInputs } from './answerability-inputs.js';
import { type FitQuestion, fitArticles, type RankedArticle, rankForFit } from './fitting-index.js';
import { articleQuestions, mappedBanking77, mappedSupportText, evalOverlap, uncoveredBanking77, uncoveredSupportText } from './answerability-examples.js';
import { type IntentMapping, intentMap } from './public-intents.js';

const SUPPORT_TEXT = process.env.SUPPORT_TEXT_DIR ?? join('..', 'shared', 'data', 'support-text');

type Weights = typeof answerabilityWeights;

interface Row {
  q: { question: string; expected: string; id?: string; source?: string };
  articles: RankedArticle[];
  /** How much the question counts in the fit and in the threshold's balanced accuracy (1 unless FIT_COVERED_WEIGHT). */
  weight?: number;
}
const rank = (q: FitQuestion): Row => ({ q, articles: rankForFit(q) });

const covered = articleQuestions(fitArticles).map(rank);
// The uncovered pool also holds 12 questions of each uncovered BANKING77 category from its *train* split
// (../shared/data/banking77; the check below reads the test split): the same cap as each support-text intent.
// Bank cards that arrive by post, ATMs and top-ups share words with the billing articles ("new card") that no
// support-text intent does; without them each analyzer change since 30 November moved the fitted threshold
// down (0.46 → 0.45 → 0.44) and BANKING77 "none" with it (0.825 → 0.767). FIT_BANKING77_PER_CATEGORY=0 leaves them out.
const BANKING77_PER_CATEGORY = Number(process.env.FIT_BANKING77_PER_CATEGORY ?? 12);
const uncovered = [...uncoveredSupportText(SUPPORT_TEXT), ...(BANKING77_PER_CATEGORY > 0 ? uncoveredBanking77(join(SUPPORT_TEXT, '..', 'banking77', 'train.csv'), BANKING77_PER_CATEGORY) : [])].map(rank);
const publicSet = readKnowledgeQuestions('eval/knowledge/public.jsonl');
const writtenSet = readKnowledgeQuestions('eval/knowledge/questions.jsonl');
// The public set's rows carry their source row's id as the note's second word ("bitext bitext-02611 (…): get_invoice").
const publicNotes = readFileSync('eval/knowledge/public.jsonl', 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { question: string; note: string });
/** Each public question's `<source>:<intent>`, from its note ("bitext bitext-02611 (…): get_invoice"). */
const publicIntents = publicNotes.map((q) => `${q.note.split(' ')[0]}:${q.note.split(': ').at(-1)}`);
const excludedRows = [...publicNotes.map((q) => ({ id: q.note.split(' ')[1], question: q.question })), ...writtenSet];
const PER_INTENT = Number(process.env.FIT_COVERED_PER_INTENT ?? 0);
// FIT_COVERED_WEIGHT=w (default 1) counts each such row as w of a question, so more rows (more wordings) can
// weigh no more in total than fewer would.
const COVERED_WEIGHT = Number(process.env.FIT_COVERED_WEIGHT ?? 1);
// FIT_COVERED_INTENT_HALF=a|b fits on every other covered intent of public-intents.ts (a: the 1st, 3rd, … in the
// table's order; b: the others), a stricter check than the public set's halves, whose odd and even ids both hold
// rows of every intent: the check "public even ids, intents not fitted on" is judged only on intents whose wording
// the fit never saw (and the uncovered intents, never fitted as covered).
const HALF = process.env.FIT_COVERED_INTENT_HALF;
const coveredIntents = intentMap.filter((m) => m.expected !== 'none').map((m) => `${m.source}:${m.intent}`);
const fittedIntents = new Set(coveredIntents.filter((_, i) => HALF === undefined || (i % 2 === 0) === (HALF === 'a')));
const B77_TRAIN = join(SUPPORT_TEXT, '..', 'banking77', 'train.csv');
const fitsCovered = (m: IntentMapping) => m.expected !== 'none' && fittedIntents.has(`${m.source}:${m.intent}`);
const coveredPublicQuestions = PER_INTENT > 0 ? [...mappedSupportText(SUPPORT_TEXT, excludedRows, PER_INTENT, fitsCovered), ...mappedBanking77(B77_TRAIN, excludedRows, PER_INTENT, fitsCovered)] : [];
// FIT_NONE_PER_INTENT=N also fits on N other rows of each intent the table maps to "none" (Bitext complaints and
// reviews, CLINC150 application status, DSTC11 credit reports, stocks and wires, BANKING77 failed top-ups and
// transfers; CLINC150 `oos` is in the uncovered pool already, Stack Exchange has no rows beyond the set's): real
// customer wording of an uncovered question beside the covered one, so the fit does not learn "customer wording
// means covered". Like the covered rows, never a row of either eval set.
const NONE_PER_INTENT = Number(process.env.FIT_NONE_PER_INTENT ?? 0);
const fitsNone = (m: IntentMapping) => m.expected === 'none' && m.intent !== 'oos';
const nonePublicQuestions = NONE_PER_INTENT > 0 ? [...mappedSupportText(SUPPORT_TEXT, excludedRows, NONE_PER_INTENT, fitsNone), ...mappedBanking77(B77_TRAIN, excludedRows, NONE_PER_INTENT, fitsNone)] : [];
// No fitting row may be an eval question or its source row (by id or by words): checked here, not assumed.
const overlap = evalOverlap([...coveredPublicQuestions, ...nonePublicQuestions, ...uncovered.map((r) => r.q)], excludedRows);
if (overlap.length > 0) throw new Error(`fitting rows that are eval questions: ${overlap.map((q) => q.id ?? q.question).join('; ')}`);
const coveredPublic = coveredPublicQuestions.map((q) => ({ ...rank(q), weight: COVERED_WEIGHT }));
const nonePublic = nonePublicQuestions.map(rank);
const fitting = [...covered, ...coveredPublic, ...uncovered, ...nonePublic];
const banking = uncoveredBanking77('eval/banking77/test.csv').map(rank);
const evalRows = writtenSet.map((q) => ({ ...rank(q), tuning: isTuningQuestion(q) }));
const publicRows = publicSet.map((q) => ({ ...rank(q), tuning: isTuningQuestion(q) }));


function measure(subset: Row[], w: Weights, threshold: number) {
  // An article scores the best of the question's parts, as the engines do (question-terms.ts bestAnswer).
  const score = (a: Row['articles'][number]) => Math.max(...a.parts.map((s) => Number(answerability(s, w).toFixed(4))));
  let at1 = 0;
  let at3 = 0;
  let none = 0;
  let withArticle = 0;
  let without = 0;
  for (const r of subset) {
    const ordered = reorderByAnswerability(r.articles, score);
    const answered = ordered.length > 0 && score(ordered[0]!) >= threshold;
    const weight = r.weight ?? 1;
    if (r.q.expected === 'none') {
      without += weight;
      none += answered ? 0 : weight;
    } else {
      withArticle += weight;
      at1 += answered && ordered[0]!.id === r.q.expected ? weight : 0;
      at3 += answered && ordered.slice(0, 3).some((a) => a.id === r.q.expected) ? weight : 0;
    }
  }
  const share = (n: number, of: number) => (of ? Number((n / of).toFixed(3)) : null);
  return { questions: subset.length, 'correct@1': share(at1, withArticle), 'correct@3': share(at3, withArticle), none_recognised: share(none, without) };
}

/** Mean cost per question of answering at `threshold`: 1 a hand-off, `wrongCost` a wrong answer, 0 a right one. */
function handoffCost(subset: Row[], w: Weights, threshold: number, wrongCost: number): number {
  const score = (a: Row['articles'][number]) => Math.max(...a.parts.map((s) => Number(answerability(s, w).toFixed(4))));
  let total = 0;
  let weights = 0;
  for (const r of subset) {
    const ordered = reorderByAnswerability(r.articles, score);
    const answered = ordered.length > 0 && score(ordered[0]!) >= threshold;
    const weight = r.weight ?? 1;
    weights += weight;
    if (r.q.expected === 'none') total += answered ? wrongCost * weight : 0;
    else total += (answered ? (ordered[0]!.id === r.q.expected ? 0 : wrongCost) : 1) * weight;
  }
  return weights ? total / weights : 0;
}

const examples = fitting.flatMap((r) => r.articles.slice(0, 3).map((a) => ({ s: a.signals, answers: a.id === r.q.expected, weight: r.weight ?? 1 })));
const weights = fitLogistic(examples, answerSignalNames) as Weights;
const thresholds = Array.from({ length: 91 }, (_, i) => Number((0.05 + i / 100).toFixed(2)));
const scored = thresholds.map((t) => ({ t, m: measure(fitting, weights, t) }));
// Balanced accuracy: covered questions answered with their article in the first three, and uncovered ones recognised, weigh the same.
const key = (m: ReturnType<typeof measure>) => Math.round(((m['correct@3'] ?? 0) + (m.none_recognised ?? 0)) * 1000);
// FIT_WRONG_COST=c (an experiment) picks the threshold with the least cost on the fitting set instead: a hand-off
// (a covered question not answered) costs 1, a wrong answer (an uncovered question answered, or a covered one
// answered with another article first) costs c. Measured on 3 December with c = 2 (eval/knowledge/README.md).
const WRONG_COST = process.env.FIT_WRONG_COST === undefined ? undefined : Number(process.env.FIT_WRONG_COST);
const cost = (t: number) => -Math.round(handoffCost(fitting, weights, t, WRONG_COST ?? 1) * 1000);
const choice = (t: number, m: ReturnType<typeof measure>) => (WRONG_COST === undefined ? key(m) : cost(t));
const top = Math.max(...scored.map((x) => choice(x.t, x.m)));
const best = scored.filter((x) => choice(x.t, x.m) === top).map((x) => x.t);
const minScore = best[Math.floor((best.length - 1) / 2)]!;
// Mean log-loss on the fitting examples: how well calibrated the fitted score is (lower is better).
const logLoss =
  examples.reduce((sum, e) => {
    const p = Math.min(1 - 1e-9, Math.max(1e-9, answerability(e.s, weights)));
    return sum - (e.answers ? Math.log(p) : Math.log(1 - p));
  }, 0) / examples.length;
if (process.argv.includes('--curve'))
  for (const t of thresholds.filter((x) => Math.round(x * 100) % 5 === 0)) {
    const f = measure(fitting, weights, t);
    const e = measure(evalRows, weights, t);
    const bySource = (src: string) => measure(fitting.filter((r) => r.q.source === src), weights, t)['correct@3'];
    console.log(t, 'fitting', f['correct@3'], f.none_recognised, 'tag/heading/sentence', bySource('tag'), bySource('heading'), bySource('sentence'), 'banking77', measure(banking, weights, t).none_recognised, '| eval', e['correct@1'], e['correct@3'], e.none_recognised);
  }
console.log(
  JSON.stringify(
    {
      weights,
      min_score: minScore,
      best_range: [best[0], best.at(-1)],
      fitting: { covered: covered.length, covered_public: coveredPublic.length, uncovered: uncovered.length, uncovered_public: nonePublic.length, log_loss: Number(logLoss.toFixed(4)), ...measure(fitting, weights, minScore) },
      checks: {
        'banking77 uncovered': measure(banking, weights, minScore),
        'eval tuning half': measure(evalRows.filter((r) => r.tuning), weights, minScore),
        'eval held-out half': measure(evalRows.filter((r) => !r.tuning), weights, minScore),
        'eval all': measure(evalRows, weights, minScore),
        'public odd ids': measure(publicRows.filter((r) => r.tuning), weights, minScore),
        'public even ids (held out)': measure(publicRows.filter((r) => !r.tuning), weights, minScore),
        ...(HALF === undefined
          ? {}
          : { 'public even ids, intents not fitted on': measure(publicRows.filter((r, i) => !r.tuning && !fittedIntents.has(publicIntents[i]!)), weights, minScore) }),
      },
    },
    null,
    2,
  ),
);

// The committed artifact is what this script produces: it writes the weights, the threshold and what they were
// fitted on (test/knowledge/answerability-fit.test.ts compares those fingerprints with the repository's files), and
// the shipped policy's knowledge.min_score. A run with a FIT_* switch is an experiment and writes nothing.
const experiment = Object.keys(process.env).filter((k) => k.startsWith('FIT_'));
if (experiment.length > 0) console.log(`Not written (${experiment.join(', ')} set: an experiment).`);
else {
  const record = { weights, min_score: minScore, fitted_on: answerabilityFitInputs() };
  writeFileSync('src/knowledge/answerability-fit.json', `${JSON.stringify(record, null, 2)}\n`);
  const rules = readFileSync('policy/rules.yml', 'utf8');
  const minScoreLine = /^(knowledge:\n {2}min_score: )[\d.]+$/m;
  if (!minScoreLine.test(rules)) throw new Error('policy/rules.yml: no "knowledge:" followed by "  min_score: <number>" to update');
  writeFileSync('policy/rules.yml', rules.replace(minScoreLine, `$1${minScore}`));
  console.log('Written: src/knowledge/answerability-fit.json and policy/rules.yml knowledge.min_score.');
}
