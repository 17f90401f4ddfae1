// npx tsx scripts/kbanswer-measure.ts: new candidate signals beside the five of src/knowledge/answerability.ts, for
// the cut-off (the right article first, its answerability under knowledge.min_score). Rows are the fit script's
// (scripts/fit-answerability.ts: generated covered questions, each with its section or tag left out; uncovered
// support-text and BANKING77 *train* questions), each with its first three ranked articles; every variant is refitted
// on them with the fit's regression and balanced-accuracy threshold, never on an eval set, and measured on both eval
// sets' odd and even ids and BANKING77's test questions. Candidates (KBANSWER_EXTRAS, a JSON list of lists):
// - passage_share: of the first PASSAGE_K passages of a passage-only ranking (each section searched on its own, its
//   heading as title, no article-level field), the share that belong to the article;
// - passage_first: 1 when that ranking's first passage is the article's;
// - reader_agree: cosine of the reader's issue-type probabilities for the question and the mean of them over the
//   article's title and section headings (what the reader, trained on public support text, reads the article as);
// - reader_feature, reader_other: the reader's probability of feature_request / other for the question;
// - title_share: the share of the article's title terms the question holds (branch kbcut's);
// - heading_rare / heading_rare_any / heading_share: the article's best section in the passage-only ranking (a
//   left-out section is gone): how many of the question's rare terms its heading holds that the title and tags do not
//   (heading_rare) or at all (heading_rare_any), up to 2, as 0–1, and the share of the question's terms it holds.
// KBANSWER_DIAG=1 prints AUCs (first article right and cut off vs first article of an uncovered question) per pool;
// KBANSWER_SWEEP=1 (or a JSON list of thresholds) prints each refit at other thresholds too; KBANSWER_LIST=1 lists the
// written odd ids' "none" questions with their first article's score; KBANSWER_FEATURE_RULE=1 measures the
// feature-request rule below; KBANSWER_SE_FEATURES=1 adds Stack Exchange feature requests to the pool (below). Its five-signal refit reproduces the shipped weights and eval figures. Results:
// eval/knowledge/README.md, "New signals for the cut-off" and "The best section's heading, one word of a tag" (3
// December). Nothing here is used at run time.
import { fitLogistic } from './logistic-fit.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTuningQuestion, readKnowledgeQuestions } from '../src/eval/knowledge-eval.js';
import type { Article } from '../src/knowledge/article.js';
import { termsOf } from '../src/knowledge/analyzer.js';
import { answerability, answerabilityFit, answerSignalNames, RARE_ARTICLE_SHARE, reorderByAnswerability, SINGLE_MATCH_FACTOR, type AnswerSignals } from '../src/knowledge/answerability.js';
import { PassageIndex } from '../src/knowledge/passage-index.js';
import { splitIntoPassages } from '../src/knowledge/passages.js';
import { TrainedReader } from '../src/reader/trained-reader.js';
import { type FitQuestion, fitArticleById, fitArticles, leftOutSection, rankForFit, zeroWeights } from './fitting-index.js';
import { articleQuestions, uncoveredBanking77, uncoveredSupportText, type GeneratedQuestion } from './answerability-examples.js';

const SUPPORT_TEXT = process.env.SUPPORT_TEXT_DIR ?? join('..', 'shared', 'data', 'support-text');
const PASSAGE_K = Number(process.env.KBANSWER_PASSAGE_K ?? 5);
const started = performance.now();
/** The shipped threshold (policy/rules.yml knowledge.min_score is the fitted one). */
const MIN_SCORE = answerabilityFit.min_score;

const zero = zeroWeights;
const articles = fitArticles;
const byId = fitArticleById;

// Passage-only ranking: one pseudo-article per section (heading as its title, its text as body, no tags).
const passageIndex = new PassageIndex({ weights: zero });
const passageOwner = new Map<string, string>();
const sectionId = (a: Article, k: number) => `${a.id}/s${k}`.replace(/[^a-z0-9/_-]/g, '-');
const sectionsOf = new Map<string, { id: string; heading: string }[]>();
for (const a of articles) {
  const list: { id: string; heading: string }[] = [];
  splitIntoPassages(a).forEach((p, k) => {
    const id = sectionId(a, k);
    passageOwner.set(id, a.id);
    list.push({ id, heading: p.heading });
    passageIndex.put({ ...a, id, title: p.heading, tags: [], body: p.text, hash: `${a.hash}-${k}` });
  });
  sectionsOf.set(a.id, list);
}

// The reader's issue-type probabilities.
const reader = TrainedReader.load();
const labels = ['billing', 'outage', 'security', 'access', 'how_to', 'cancellation', 'feature_request', 'other'];
const readerCache = new Map<string, number[]>();
function readerProbs(text: string): number[] {
  let v = readerCache.get(text);
  if (!v) {
    const r = reader.read({ text });
    const m = new Map(r.issue_types.map((t) => [t.type as string, t.confidence]));
    v = labels.map((l) => m.get(l) ?? 0);
    readerCache.set(text, v);
  }
  return v;
}
const cosine = (a: number[], b: number[]) => {
  let d = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? d / Math.sqrt(na * nb) : 0;
};
/** The mean reading of the article's title and headings (without a left-out heading). */
function articleProfile(id: string, leaveOut?: string): number[] {
  const a = byId.get(id)!;
  const texts = [a.title, ...splitIntoPassages(a).map((p) => p.heading).filter((h) => h !== a.title && h !== leaveOut)];
  const sum = labels.map(() => 0);
  for (const t of texts)
    readerProbs(t).forEach((p, i) => {
      sum[i]! += p / texts.length;
    });
  return sum;
}

interface Extras {
  passage_share: number;
  passage_first: number;
  reader_agree: number;
  reader_feature: number;
  reader_other: number;
  title_share: number;
  heading_rare: number;
  heading_share: number;
  heading_rare_any: number;
}
// The best section's heading (the passage-only ranking's first section of the article; a left-out one is gone):
// heading_rare, how many of the question's rare terms (in at most RARE_ARTICLE_SHARE of the articles) it holds that
// the article's title and tags do not, up to 2, as 0–1; heading_share, the share of the question's terms it holds.
const articleDf = new Map<string, number>();
for (const a of articles) if (a.audience !== 'internal') for (const t of new Set(termsOf(`${a.title} ${a.tags.join(' ')} ${a.body}`))) articleDf.set(t, (articleDf.get(t) ?? 0) + 1);
const customerArticles = articles.filter((a) => a.audience !== 'internal').length;
function headingSignals(heading: string | undefined, qTerms: Set<string>, id: string): { heading_rare: number; heading_share: number; heading_rare_any: number } {
  if (!heading || qTerms.size === 0) return { heading_rare: 0, heading_share: 0, heading_rare_any: 0 };
  const a = byId.get(id)!;
  const titleTags = new Set(termsOf(`${a.title} ${a.tags.join(' ')}`));
  const h = new Set(termsOf(heading));
  const held = [...qTerms].filter((t) => h.has(t));
  const rare = held.filter((t) => !titleTags.has(t) && (articleDf.get(t) ?? 0) <= RARE_ARTICLE_SHARE * customerArticles);
  const rareAny = held.filter((t) => (articleDf.get(t) ?? 0) <= RARE_ARTICLE_SHARE * customerArticles);
  return { heading_rare: Math.min(rare.length, 2) / 2, heading_share: held.length / qTerms.size, heading_rare_any: Math.min(rareAny.length, 2) / 2 };
}
interface Row {
  q: { question: string; expected: string; id?: string; source?: string };
  tuning?: boolean;
  articles: { id: string; parts: AnswerSignals[]; x: Extras }[];
}
let extraMs = 0;
function rank(q: FitQuestion): Row {
  const leaveOut = leftOutSection(q);
  const original = leaveOut ? byId.get(q.expected) : undefined;
  const found = rankForFit(q);
  const t0 = performance.now();
  // Passage-only ranking, the left-out section removed.
  const removed = leaveOut ? sectionsOf.get(q.expected)!.filter((s) => s.heading === leaveOut) : [];
  for (const s of removed) passageIndex.remove(s.id);
  const passageHits = passageIndex.search(q.question, { limit: 40, perArticle: 1 });
  const passages = passageHits.slice(0, PASSAGE_K).map((p) => passageOwner.get(p.article_id)!);
  if (original) for (const [k, p] of splitIntoPassages(original).entries()) if (p.heading === leaveOut) passageIndex.put({ ...original, id: sectionId(original, k), title: p.heading, tags: [], body: p.text, hash: `${original.hash}-${k}` });
  const qp = readerProbs(q.question);
  const qTerms = new Set(termsOf(q.question));
  const out = found.slice(0, 3).map((a) => {
    const titleTerms = [...new Set(termsOf(byId.get(a.id)!.title))];
    const x: Extras = {
      passage_share: passages.length ? passages.filter((o) => o === a.id).length / PASSAGE_K : 0,
      passage_first: passages[0] === a.id ? 1 : 0,
      reader_agree: cosine(qp, articleProfile(a.id, a.id === q.expected ? leaveOut : undefined)),
      reader_feature: qp[labels.indexOf('feature_request')]!,
      reader_other: qp[labels.indexOf('other')]!,
      title_share: titleTerms.length ? titleTerms.filter((t) => qTerms.has(t)).length / titleTerms.length : 0,
      ...headingSignals(passageHits.find((p) => passageOwner.get(p.article_id) === a.id)?.heading, qTerms, a.id),
    };
    return { ...a, x };
  });
  extraMs += performance.now() - t0;
  return { q, articles: out };
}

const BANKING77_PER_CATEGORY = 12;
// KBANSWER_SE_FEATURES=1: in-domain uncovered questions for the pool, feature requests about a software product that
// the help center does not cover: the titles of the reader's Stack Exchange meta rows tagged feature-request
// (data/reader/se-*-meta.jsonl), never a row the public set holds (its notes name their row ids).
function seFeatureRequests(): GeneratedQuestion[] {
  const publicIds = new Set(readFileSync('eval/knowledge/public.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { note: string }).note.split(' ')[1]));
  return readdirSync('data/reader')
    .filter((f) => /^se-.*-meta\.jsonl$/.test(f))
    .flatMap((f) => readFileSync(join('data/reader', f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; text: string; native_label: string }))
    .filter((r) => r.native_label === 'feature-request' && !publicIds.has(r.id))
    .map((r) => ({ question: r.text.split(/(?<=[.?!])\s/)[0]!, expected: 'none', source: `se:${r.id}` }));
}
const fitting = [
  ...articleQuestions(articles),
  ...uncoveredSupportText(SUPPORT_TEXT),
  ...uncoveredBanking77(join(SUPPORT_TEXT, '..', 'banking77', 'train.csv'), BANKING77_PER_CATEGORY),
  ...(process.env.KBANSWER_SE_FEATURES ? seFeatureRequests() : []),
].map(rank);
console.log(`fitting pool: ${fitting.length} questions${process.env.KBANSWER_SE_FEATURES ? ` (${seFeatureRequests().length} Stack Exchange feature requests)` : ''}`);
const banking = uncoveredBanking77('eval/banking77/test.csv').map(rank);
const written = readKnowledgeQuestions('eval/knowledge/questions.jsonl').map((q) => ({ ...rank(q), tuning: isTuningQuestion(q) }));
const publicRows = readKnowledgeQuestions('eval/knowledge/public.jsonl').map((q) => ({ ...rank(q), tuning: isTuningQuestion(q) }));
const rowsRanked = fitting.length + banking.length + written.length + publicRows.length;
console.log(`${rowsRanked} rows ranked in ${((performance.now() - started) / 1000).toFixed(0)} s; extra signals ${(extraMs / rowsRanked).toFixed(2)} ms a question (passage-only search, reader, title share)`);

type W = Record<string, number>;
const sig = (p: AnswerSignals, x: Extras, names: readonly string[]): Record<string, number> => ({ ...(p as unknown as Record<string, number>), ...Object.fromEntries(names.map((n) => [n, x[n as keyof Extras]])) });
function scoreWith(w: W, all: readonly string[], s: Record<string, number>): number {
  let z = w.bias!;
  for (const n of all) z += (w[n] ?? 0) * (s[n] ?? 0);
  const p = 1 / (1 + Math.exp(-z));
  return Number((s.single_match ? p * SINGLE_MATCH_FACTOR : p).toFixed(4));
}
type Scorer = (r: Row, a: Row['articles'][number]) => number;
function measure(subset: Row[], score: Scorer, threshold: number) {
  let at1 = 0;
  let at3 = 0;
  let none = 0;
  let withArticle = 0;
  for (const r of subset) {
    const ordered = reorderByAnswerability(r.articles, (a) => score(r, a));
    const answered = ordered.length > 0 && score(r, ordered[0]!) >= threshold;
    if (r.q.expected === 'none') none += answered ? 0 : 1;
    else {
      withArticle++;
      at1 += answered && ordered[0]!.id === r.q.expected ? 1 : 0;
      at3 += answered && ordered.some((a) => a.id === r.q.expected) ? 1 : 0;
    }
  }
  const f = (n: number, of: number) => (of ? (n / of).toFixed(3) : '-');
  return { at1: f(at1, withArticle), at3: f(at3, withArticle), none: f(none, subset.length - withArticle) };
}
function threshold(score: Scorer): number {
  const ts = Array.from({ length: 91 }, (_, i) => Number((0.05 + i / 100).toFixed(2)));
  const keys = ts.map((t) => {
    const m = measure(fitting, score, t);
    return Math.round((Number(m.at3) + Number(m.none)) * 1000);
  });
  const top = Math.max(...keys);
  const best = ts.filter((_, i) => keys[i] === top);
  return best[Math.floor((best.length - 1) / 2)]!;
}
const cell = (m: ReturnType<typeof measure>) => `${m.at1} / ${m.at3} / ${m.none}`;
function line(name: string, score: Scorer, t: number) {
  const halves = [written.filter((r) => r.tuning), written.filter((r) => !r.tuning), publicRows.filter((r) => r.tuning), publicRows.filter((r) => !r.tuning)];
  console.log(`| ${name} | ${[written, ...halves.slice(0, 2), publicRows, ...halves.slice(2)].map((s) => cell(measure(s, score, t))).join(' | ')} | ${measure(banking, score, t).none} |`);
}
console.log('| variant | written all | written odd | written even | public all | public odd | public even | B77 none |');
console.log('|---|---|---|---|---|---|---|---|');
const shipped: Scorer = (_r, a) => Math.max(...a.parts.map((s) => Number(answerability(s).toFixed(4))));
line(`shipped weights, min_score ${MIN_SCORE}`, shipped, MIN_SCORE);

function variant(names: readonly string[]) {
  const all = [...answerSignalNames, ...names];
  const w = fitLogistic(
    fitting.flatMap((r) => r.articles.map((a) => ({ s: sig(a.parts[0]!, a.x, names), answers: a.id === r.q.expected }))),
    all,
  );
  const score: Scorer = (_r, a) => Math.max(...a.parts.map((p) => scoreWith(w, all, sig(p, a.x, names))));
  const t = threshold(score);
  line(`${names.length ? `+ ${names.join(' + ')}` : 'five refitted here'} (${t}) ${JSON.stringify(w)}`, score, t);
  if (process.env.KBANSWER_LIST)
    for (const r of written.filter((x) => x.tuning && x.q.expected === 'none')) {
      const first = reorderByAnswerability(r.articles, (a) => score(r, a))[0];
      if (first) console.log(`  ${r.q.id} none: ${first.id} ${score(r, first).toFixed(2)} (shipped ${shipped(r, first).toFixed(2)}) | ${r.q.question.slice(0, 70)}`);
    }
  if (process.env.KBANSWER_SWEEP) for (const t2 of (process.env.KBANSWER_SWEEP.startsWith('[') ? JSON.parse(process.env.KBANSWER_SWEEP) : [0.5, 0.53, 0.56]) as number[]) if (t2 !== t) line(`  same at ${t2}`, score, t2);
  return score;
}
const candidateLists = (process.env.KBANSWER_EXTRAS ? JSON.parse(process.env.KBANSWER_EXTRAS) : [[], ['passage_share'], ['passage_first'], ['reader_agree'], ['reader_feature', 'reader_other'], ['title_share']]) as string[][];
for (const names of candidateLists) variant(names);
// KBANSWER_FEATURE_RULE=1: the shipped score scaled by a factor when the reader reads the question as a feature request
// at or above a probability (a rule like single_match, not a fitted weight: the fitting pool's generated questions read
// as feature requests far more often than its uncovered ones, so a fit gives it the opposite sign).
if (process.env.KBANSWER_FEATURE_RULE)
  for (const [p, factor] of [[0.5, 0.5], [0.5, 0.25], [0.7, 0.5], [0.7, 0.25]] as const) {
    const score: Scorer = (r, a) => shipped(r, a) * (a.x.reader_feature >= p ? factor : 1);
    line(`shipped, × ${factor} when the reader's feature_request ≥ ${p}`, score, MIN_SCORE);
  }

if (process.env.KBANSWER_DIAG) {
  const auc = (pos: number[], neg: number[]) => {
    let s = 0;
    for (const p of pos) for (const n of neg) s += p > n ? 1 : p === n ? 0.5 : 0;
    return pos.length && neg.length ? (s / (pos.length * neg.length)).toFixed(3) : '-';
  };
  const values: [string, (a: Row['articles'][number]) => number][] = [
    ['answerability', (a) => shipped({} as Row, a)],
    ...(['passage_share', 'passage_first', 'reader_agree', 'reader_feature', 'reader_other', 'title_share', 'heading_rare', 'heading_share', 'heading_rare_any'] as const).map((n): [string, (a: Row['articles'][number]) => number] => [n, (a) => a.x[n]]),
  ];
  const pools: [string, Row[]][] = [
    ['fitting', fitting],
    ['written odd', written.filter((r) => r.tuning)],
    ['public odd', publicRows.filter((r) => r.tuning)],
  ];
  for (const [pool, rs] of pools) {
    const firsts = rs.map((r) => ({ r, a: reorderByAnswerability(r.articles, (a) => shipped(r, a))[0] })).filter((x) => x.a);
    const right = firsts.filter((x) => x.r.q.expected === x.a!.id);
    const cut = right.filter((x) => shipped(x.r, x.a!) < MIN_SCORE);
    const neg = firsts.filter((x) => x.r.q.expected === 'none');
    for (const [name, f] of values) {
      const v = (xs: typeof firsts) => xs.map((x) => f(x.a!));
      console.log(`${pool} (${right.length} right first, ${cut.length} cut off, ${neg.length} none): ${name}: AUC right vs none ${auc(v(right), v(neg))}, cut-off vs none ${auc(v(cut), v(neg))}`);
    }
  }
}
process.exit(0);
