// npx tsx scripts/kbsem-measure.ts [static|use-lite]: what sentence embeddings of the help center's passages add to
// its lexical search (eval/knowledge/README.md, "Sentence embeddings of passages and of generated questions").
// Each customer passage is embedded as "title: heading. first sentences"; an article's semantic score for a
// question is the best cosine of its passages. Prints one table row per variant with @1 / @3 / "none" on the
// written set's odd ids (chosen on) and even ids (held out), the public set's odd and even ids, and BANKING77's
// uncovered questions recognised, all at main's weights and knowledge.min_score 0.46 unless a refit is named.
// Refits are the fit script's (scripts/fit-answerability.ts) logistic regression and balanced-accuracy threshold
// on its own rows (covered questions generated from the articles, each searched with its section or tag left out
// of the index AND of the vectors; uncovered support-text questions), never on an eval set.
// Switches: KBSEM_SENTENCES=N first sentences per passage (2; 0 = title and heading only); KBSEM_TAGS=1 adds one
// "title: tags" vector per article; KBSEM_PASSAGE_EMBEDDER=static embeds passages with another model than the
// questions; KBSEM_EXTRAS=1 or a JSON list of signal lists (cosine, margin, semantic_first, nearest_question,
// nearest_question_margin, nearest_question_first) refits with those beside the five; KBSEM_SWEEP=1 prints other
// thresholds; KBSEM_RESCUE=1 searches the rescue rule on the fitting rows, KBSEM_RULES='[[low, margin, cosine,
// nearest?]]' measures given ones; KBSEM_DIAG=1 prints AUCs; KBSEM_LIST=1 lists the odd ids' cut-off questions.
// Vectors are cached under $TMPDIR by model and text, so a second run embeds nothing new.
import { fitLogistic } from './logistic-fit.js';
import { cachedVectors, dot } from './cached-vectors.js';
import { join } from 'node:path';
import { isTuningQuestion, readKnowledgeQuestions } from '../src/eval/knowledge-eval.js';
import type { Article } from '../src/knowledge/article.js';
import { answerability, answerSignalNames, type answerabilityWeights, reorderByAnswerability, type AnswerSignals } from '../src/knowledge/answerability.js';
import { readKnowledgeDir } from '../src/knowledge/knowledge-dir.js';
import { PassageIndex } from '../src/knowledge/passage-index.js';
import { splitIntoPassages } from '../src/knowledge/passages.js';
import type { Embedder } from '../src/memory/embedder.js';
import { sentenceEmbedder } from '../src/memory/sentence-embedder.js';
import { staticEmbedder } from '../src/memory/static-embedder.js';
import { articleQuestions, type GeneratedQuestion, plain, uncoveredBanking77, uncoveredSupportText, withoutSection, withoutTag } from './answerability-examples.js';

const SUPPORT_TEXT = process.env.SUPPORT_TEXT_DIR ?? join('..', 'shared', 'data', 'support-text');
const which = process.argv[2] ?? 'static';
const embedderOf = (name: string): Embedder => (name === 'use-lite' ? sentenceEmbedder() : staticEmbedder());
const embedder = embedderOf(which);
// KBSEM_PASSAGE_EMBEDDER=static with use-lite questions: cheap passage vectors at sync, the question's vector from the better model.
const passageEmbedder = process.env.KBSEM_PASSAGE_EMBEDDER ? embedderOf(process.env.KBSEM_PASSAGE_EMBEDDER) : embedder;
const MIN_SCORE = 0.46;
const SENTENCES = Number(process.env.KBSEM_SENTENCES ?? 2);

// ---- vectors, cached by model and text
const vectors = (texts: string[], by: Embedder = embedder): Promise<Float32Array[]> => cachedVectors(by, texts, 'kbsem');

// ---- passages of the customer articles
const articles = readKnowledgeDir('knowledge');
const customer = articles.filter((a) => a.audience === 'customer');
const byId = new Map(articles.map((a) => [a.id, a]));
interface PassageVector {
  article: string;
  heading: string;
  v: Float32Array;
}
const passageTexts = customer.flatMap((a) =>
  splitIntoPassages(a).map((p) => {
    const first = plain(p.text).split(/(?<=[.!?])\s+/).slice(0, SENTENCES).join(' ');
    const head = p.heading === a.title ? a.title : `${a.title}: ${p.heading}`;
    return { article: a.id, heading: p.heading, text: SENTENCES > 0 ? `${head}. ${first}` : head };
  }),
);
const extra = process.env.KBSEM_TAGS === '1' ? customer.map((a) => ({ article: a.id, heading: '#tags', text: `${a.title}: ${a.tags.join(', ')}` })) : [];
const allPassages = [...passageTexts, ...extra];
const pv = await vectors(allPassages.map((p) => p.text), passageEmbedder);
const passageVectors: PassageVector[] = allPassages.map((p, i) => ({ article: p.article, heading: p.heading, v: pv[i]! }));

// ---- lexical rows: the ranking's own order (zero weights) with each article's signals, as the fit script reads them
const zero = Object.fromEntries(['bias', ...answerSignalNames].map((n) => [n, 0])) as typeof answerabilityWeights;
const index = new PassageIndex({ weights: zero });
for (const a of articles) index.put(a);
interface Q {
  id?: string;
  question: string;
  expected: string;
  leaveOut?: string;
  leaveOutTag?: string;
  tuning?: boolean;
}
interface Row {
  q: Q;
  lexical: { id: string; parts: AnswerSignals[] }[];
  sem: Map<string, number>;
  /** Best cosine of each article's generated questions (articleQuestions), its own section's and its own text left out. */
  nn: Map<string, number>;
}
const generated = articleQuestions(articles);
const generatedVectors = await vectors(generated.map((g) => g.question));
async function rows(questions: Q[]): Promise<Row[]> {
  const qv = await vectors(questions.map((q) => q.question));
  return questions.map((q, i) => {
    const original: Article | undefined = q.leaveOut || q.leaveOutTag ? byId.get(q.expected) : undefined;
    if (original && q.leaveOut) index.put(withoutSection(original, q.leaveOut));
    if (original && q.leaveOutTag) index.put(withoutTag(original, q.leaveOutTag));
    const lexical: Row['lexical'] = [];
    for (const p of index.search(q.question, { limit: 40, perArticle: 1 })) if (!lexical.some((a) => a.id === p.article_id)) lexical.push({ id: p.article_id, parts: p.partSignals });
    if (original) index.put(original);
    const sem = new Map<string, number>();
    for (const p of passageVectors) {
      if (q.leaveOut && p.article === q.expected && p.heading === q.leaveOut) continue;
      const c = dot(qv[i]!, p.v);
      if (c > (sem.get(p.article) ?? -1)) sem.set(p.article, c);
    }
    const nn = new Map<string, number>();
    generated.forEach((g, k) => {
      if (g.question === q.question) return;
      if (g.expected === q.expected && ((q.leaveOut && g.leaveOut === q.leaveOut) || (q.leaveOutTag && g.leaveOutTag === q.leaveOutTag))) return;
      const c = dot(qv[i]!, generatedVectors[k]!);
      if (c > (nn.get(g.expected) ?? -1)) nn.set(g.expected, c);
    });
    return { q, lexical, sem, nn };
  });
}

const evalSet = readKnowledgeQuestions('eval/knowledge/questions.jsonl').map((q) => ({ ...q, tuning: isTuningQuestion(q) }));
const publicSet = readKnowledgeQuestions('eval/knowledge/public.jsonl').map((q) => ({ ...q, tuning: isTuningQuestion(q) }));
const evalRows = await rows(evalSet);
const publicRows = await rows(publicSet);
const bankingRows = await rows(uncoveredBanking77('eval/banking77/test.csv'));
const fittingRows = await rows([...articleQuestions(articles), ...uncoveredSupportText(SUPPORT_TEXT)] as GeneratedQuestion[]);

// ---- variants: each gives, for a row, the articles in final order and the first one's score
type Weights = Record<string, number>;
const semOf = (r: Row, id: string) => r.sem.get(id) ?? 0;
const signalsWith = (s: AnswerSignals, r: Row, id: string, f: (c: number) => number) => ({ ...s, semantic: f(semOf(r, id)) });
function scorer(w: Weights, names: readonly string[]) {
  return (s: Record<string, number>) => {
    let z = w.bias!;
    for (const n of names) z += (w[n] ?? 0) * (s[n] ?? 0);
    return Number((1 / (1 + Math.exp(-z))).toFixed(4));
  };
}
type Ordered = { order: string[]; score: (id: string) => number };
type Variant = (r: Row) => Ordered;

const mainScore = (r: Row) => {
  const m = new Map(r.lexical.map((a) => [a.id, Math.max(...a.parts.map((s) => Number(answerability(s).toFixed(4))))]));
  return (id: string) => m.get(id) ?? 0;
};
const main: Variant = (r) => {
  const score = mainScore(r);
  return { order: reorderByAnswerability(r.lexical.map((a) => a.id), score), score };
};
const semanticAlone: Variant = (r) => ({ order: [...r.sem.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id), score: mainScore(r) });
/** Reciprocal-rank fusion of the lexical order and the semantic order (its first `semTop`), then main's reorder of the first three. */
const rrf =
  (k: number, semTop: number, semWeight = 1): Variant =>
  (r) => {
    const score = mainScore(r);
    const fused = new Map<string, number>();
    r.lexical.forEach((a, i) => {
      fused.set(a.id, 1 / (k + i + 1));
    });
    [...r.sem.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, semTop)
      .forEach(([id], i) => {
        fused.set(id, (fused.get(id) ?? 0) + semWeight / (k + i + 1));
      });
    const order = [...fused.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
    return { order: reorderByAnswerability(order, score), score };
  };
/** Main's order, but the reorder of the first three by answerability + λ × cosine. */
const reorderWith =
  (lambda: number): Variant =>
  (r) => {
    const score = mainScore(r);
    const order = reorderByAnswerability(
      r.lexical.map((a) => a.id),
      (id) => score(id) + lambda * semOf(r, id),
    );
    return { order, score };
  };
/** A six-signal model: the answerability with the semantic score, reordering the lexical first three. */
const sixSignals =
  (w: Weights, f: (c: number) => number): Variant =>
  (r) => {
    const s = scorer(w, [...answerSignalNames, 'semantic']);
    const m = new Map(r.lexical.map((a) => [a.id, Math.max(...a.parts.map((p) => s(signalsWith(p, r, a.id, f))))]));
    const score = (id: string) => m.get(id) ?? 0;
    return { order: reorderByAnswerability(r.lexical.map((a) => a.id), score), score };
  };

function measure(subset: Row[], v: Variant, threshold = MIN_SCORE, ignoreThreshold = false) {
  let at1 = 0;
  let at3 = 0;
  let none = 0;
  for (const r of subset) {
    const { order, score } = v(r);
    const answered = order.length > 0 && (ignoreThreshold || score(order[0]!) >= threshold);
    if (r.q.expected === 'none') none += answered ? 0 : 1;
    else {
      at1 += answered && order[0] === r.q.expected ? 1 : 0;
      at3 += answered && order.slice(0, 3).includes(r.q.expected) ? 1 : 0;
    }
  }
  const withArticle = subset.filter((r) => r.q.expected !== 'none').length;
  const f = (n: number, of: number) => (of ? (n / of).toFixed(3) : '-');
  return { at1: f(at1, withArticle), at3: f(at3, withArticle), none: f(none, subset.length - withArticle) };
}
const cell = (m: ReturnType<typeof measure>) => `${m.at1} / ${m.at3} / ${m.none}`;
function line(name: string, v: Variant, threshold = MIN_SCORE, ignoreThreshold = false) {
  const parts = [evalRows.filter((r) => r.q.tuning), evalRows.filter((r) => !r.q.tuning), publicRows.filter((r) => r.q.tuning), publicRows.filter((r) => !r.q.tuning)].map((s) => cell(measure(s, v, threshold, ignoreThreshold)));
  const b77 = ignoreThreshold ? '-' : measure(bankingRows, v, threshold).none;
  console.log(`| ${name} | ${parts.join(' | ')} | ${b77} |`);
}

console.log(`embedder ${embedder.model} (passages ${passageEmbedder.model}), ${passageVectors.length} passage vectors (${SENTENCES} sentences${extra.length ? ', + title and tags' : ''})`);
console.log('| variant | 158 odd | 158 even | public odd | public even | B77 none |');
console.log('|---|---|---|---|---|---|');
line('main, ranking only (no min_score)', main, 0, true);
line('semantic alone, ranking only', semanticAlone, 0, true);
line('main', main);
line('semantic alone (answerability of its first)', semanticAlone);
for (const [k, top, w] of [
  [60, 5, 1],
  [60, 10, 1],
  [10, 5, 1],
  [10, 5, 0.5],
  [3, 5, 1],
  [3, 3, 1],
] as const)
  line(`RRF k=${k}, semantic first ${top}, weight ${w}`, rrf(k, top, w));
/** Main's first two, then the semantic first article if it is not one of them: only @3 can move. */
const fillThird: Variant = (r) => {
  const o = main(r);
  const sf = [...r.sem.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!sf || o.order.slice(0, 2).includes(sf)) return o;
  return { order: [...o.order.slice(0, 2), sf, ...o.order.slice(2).filter((id) => id !== sf)], score: o.score };
};
line('main, third place to the semantic first article', fillThird);
for (const l of [0.1, 0.25, 0.5, 1]) line(`reorder by answerability + ${l} × cosine`, reorderWith(l));

// ---- step 2: the semantic score as a sixth answerability signal, refitted on the fitting rows only
/** The fit script's threshold: the middle of the best balanced accuracy (covered @3 + uncovered "none") on the fitting rows. */
function threshold(v: Variant): number {
  const ts = Array.from({ length: 91 }, (_, i) => Number((0.05 + i / 100).toFixed(2)));
  const keyOf = (t: number) => {
    const m = measure(fittingRows, v, t);
    return Math.round((Number(m.at3) + Number(m.none)) * 1000);
  };
  const keys = ts.map(keyOf);
  const top = Math.max(...keys);
  const best = ts.filter((_, i) => keys[i] === top);
  return best[Math.floor((best.length - 1) / 2)]!;
}
const transforms: [string, (c: number) => number][] = [
  ['cosine', (c) => c],
  ['cosine − 0.3, floor 0', (c) => Math.max(0, c - 0.3)],
  ['(cosine − 0.2) / 0.6, 0–1', (c) => Math.min(1, Math.max(0, (c - 0.2) / 0.6))],
];
const refitMain = fitLogistic(
  fittingRows.flatMap((r) => r.lexical.slice(0, 3).map((a) => ({ s: a.parts[0]! as unknown as Record<string, number>, answers: a.id === r.q.expected }))),
  answerSignalNames,
);
const refitVariant: Variant = (r) => {
  const s = scorer(refitMain, answerSignalNames);
  const m = new Map(r.lexical.map((a) => [a.id, Math.max(...a.parts.map((p) => s(p as unknown as Record<string, number>)))]));
  const score = (id: string) => m.get(id) ?? 0;
  return { order: reorderByAnswerability(r.lexical.map((a) => a.id), score), score };
};
const tMain = threshold(refitVariant);
line(`five signals refitted here (min_score ${tMain}) ${JSON.stringify(refitMain)}`, refitVariant, tMain);
for (const [name, f] of transforms) {
  const examples = fittingRows.flatMap((r) => r.lexical.slice(0, 3).map((a) => ({ s: signalsWith(a.parts[0]!, r, a.id, f) as unknown as Record<string, number>, answers: a.id === r.q.expected })));
  const w = fitLogistic(examples, [...answerSignalNames, 'semantic']);
  const v = sixSignals(w, f);
  const t = threshold(v);
  line(`+ semantic (${name}) refitted, min_score ${t} ${JSON.stringify(w)}`, v, t);
  if (process.env.KBSEM_SWEEP) for (const t2 of [t + 0.05, t + 0.1, t + 0.15]) line(`  same, min_score ${t2.toFixed(2)}`, v, t2);
}
// ---- which values tell a covered question (its article first) from an uncovered one: AUC of each, per pool
if (process.env.KBSEM_DIAG) {
  const values: [string, (r: Row, id: string, score: number) => number][] = [
    ['answerability', (_r, _id, s) => s],
    ['cosine', (r, id) => semOf(r, id)],
    ['semantic rank = 1', (r, id) => ([...r.sem.entries()].sort((a, b) => b[1] - a[1])[0]![0] === id ? 1 : 0)],
    ['cosine margin over the next article', (r, id) => semOf(r, id) - Math.max(...[...r.sem.entries()].filter(([a]) => a !== id).map(([, c]) => c))],
    ['max cosine of any article', (r) => Math.max(...r.sem.values())],
  ];
  const auc = (pos: number[], neg: number[]) => {
    let s = 0;
    for (const p of pos) for (const n of neg) s += p > n ? 1 : p === n ? 0.5 : 0;
    return (s / (pos.length * neg.length)).toFixed(3);
  };
  const pools: [string, Row[]][] = [
    ['fitting', fittingRows],
    ['158 odd', evalRows.filter((r) => r.q.tuning)],
    ['public odd', publicRows.filter((r) => r.q.tuning)],
  ];
  for (const [pool, rs] of pools) {
    const firsts = rs.map((r) => ({ r, ...(() => { const o = main(r); return { id: o.order[0], score: o.order[0] ? o.score(o.order[0]) : 0 }; })() }));
    const pos = firsts.filter((x) => x.r.q.expected !== 'none' && x.id === x.r.q.expected);
    const cut = pos.filter((x) => x.score < MIN_SCORE);
    const neg = firsts.filter((x) => x.r.q.expected === 'none' && x.id);
    const b77 = bankingRows.map((r) => { const o = main(r); return { r, id: o.order[0], score: o.order[0] ? o.score(o.order[0]) : 0 }; }).filter((x) => x.id);
    for (const [name, f] of values) {
      const v = (xs: typeof pos) => xs.map((x) => f(x.r, x.id!, x.score));
      const med = (a: number[]) => { const s = [...a].sort((x, y) => x - y); return s.length ? s[Math.floor(s.length / 2)]!.toFixed(3) : '-'; };
      console.log(`${pool} (${pos.length} first right, ${cut.length} of them cut off, ${neg.length} none): ${name}: AUC right-first vs none ${auc(v(pos), v(neg))}, cut-off vs none ${cut.length ? auc(v(cut), v(neg)) : '-'}; median right ${med(v(pos))}, cut ${med(v(cut))}, none ${med(v(neg))}, B77 ${med(v(b77 as typeof pos))}`);
    }
  }
}
// ---- step 2b: semantic values beside the five signals (refitted), and a rescue of the cut-off kept apart from the fit
const semFirst = (r: Row) => [...r.sem.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
const margin = (r: Row, id: string) => semOf(r, id) - Math.max(...[...r.sem.entries()].filter(([a]) => a !== id).map(([, c]) => c));
const extras: Record<string, (r: Row, id: string) => number> = {
  cosine: semOf,
  margin: (r, id) => Math.max(-0.2, Math.min(0.2, margin(r, id))) / 0.2,
  semantic_first: (r, id) => (semFirst(r) === id ? 1 : 0),
  nearest_question: (r, id) => r.nn.get(id) ?? 0,
  nearest_question_margin: (r, id) => Math.max(-0.2, Math.min(0.2, (r.nn.get(id) ?? 0) - Math.max(...[...r.nn.entries()].filter(([a]) => a !== id).map(([, c]) => c)))) / 0.2,
  nearest_question_first: (r, id) => ([...r.nn.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] === id ? 1 : 0),
};
function withExtras(names: string[]) {
  const all = [...answerSignalNames, ...names];
  const sig = (p: AnswerSignals, r: Row, id: string) => ({ ...(p as unknown as Record<string, number>), ...Object.fromEntries(names.map((n) => [n, extras[n]!(r, id)])) });
  const w = fitLogistic(fittingRows.flatMap((r) => r.lexical.slice(0, 3).map((a) => ({ s: sig(a.parts[0]!, r, a.id), answers: a.id === r.q.expected }))), all);
  const v: Variant = (r) => {
    const s = scorer(w, all);
    const m = new Map(r.lexical.map((a) => [a.id, Math.max(...a.parts.map((p) => s(sig(p, r, a.id))))]));
    const score = (id: string) => m.get(id) ?? 0;
    return { order: reorderByAnswerability(r.lexical.map((a) => a.id), score), score };
  };
  const t = threshold(v);
  line(`+ ${names.join(' + ')} refitted, min_score ${t} ${JSON.stringify(w)}`, v, t);
  if (process.env.KBSEM_SWEEP) for (const t2 of [0.3, 0.33, 0.36, 0.39, 0.41]) line(`  same, min_score ${t2}`, v, t2);
}
if (process.env.KBSEM_EXTRAS) for (const names of (process.env.KBSEM_EXTRAS.startsWith('[') ? JSON.parse(process.env.KBSEM_EXTRAS) : [['margin'], ['semantic_first'], ['cosine', 'margin'], ['cosine', 'semantic_first']]) as string[][]) withExtras(names);
/** Main's weights and min_score, and also answered when the semantic ranking puts the same article first by `m` and its answerability is at least `low`. */
const rescue =
  (low: number, m: number, c: number, nn = -1): Variant =>
  (r) => {
    const o = main(r);
    const first = o.order[0];
    const rescued = first !== undefined && o.score(first) >= low && o.score(first) < MIN_SCORE && semFirst(r) === first && margin(r, first) >= m && semOf(r, first) >= c && (r.nn.get(first) ?? 0) >= nn;
    return { order: o.order, score: (id) => (rescued && id === first ? MIN_SCORE : o.score(id)) };
  };
if (process.env.KBSEM_RESCUE) {
  const grid: { low: number; m: number; c: number; bal: number }[] = [];
  for (const low of [0.15, 0.2, 0.25, 0.3, 0.35, 0.4])
    for (const m of [0, 0.02, 0.05, 0.08, 0.12])
      for (const c of [0, 0.4, 0.5, 0.6]) {
        const f = measure(fittingRows, rescue(low, m, c));
        grid.push({ low, m, c, bal: Number(f.at3) + Number(f.none) });
      }
  grid.sort((a, b) => b.bal - a.bal);
  const base = measure(fittingRows, main);
  console.log(`fitting pool, main: @3 ${base.at3} none ${base.none}; best rescues by balanced accuracy on the fitting pool:`);
  for (const g of grid.slice(0, 6)) {
    const f = measure(fittingRows, rescue(g.low, g.m, g.c));
    line(`rescue: answerability ≥ ${g.low}, semantic first by ≥ ${g.m}, cosine ≥ ${g.c} (fitting @3 ${f.at3}, none ${f.none})`, rescue(g.low, g.m, g.c));
  }
}
if (process.env.KBSEM_LIST) {
  for (const [pool, rs] of [['158 odd', evalRows.filter((r) => r.q.tuning)], ['public odd', publicRows.filter((r) => r.q.tuning)]] as const)
    for (const r of rs) {
      const o = main(r);
      const first = o.order[0];
      if (!first) continue;
      const sc = o.score(first);
      if (sc >= MIN_SCORE || sc < 0.2) continue;
      const kind = r.q.expected === 'none' ? 'NONE' : r.q.expected === first ? 'cut ' : 'wrong';
      console.log(`${pool} ${kind} ${r.q.id} ans ${sc.toFixed(2)} cos ${semOf(r, first).toFixed(2)} margin ${margin(r, first).toFixed(2)} semfirst ${semFirst(r) === first ? 1 : 0} ${first} | ${r.q.question.slice(0, 70)}`);
    }
}
if (process.env.KBSEM_RULES) {
  for (const [low, m, c, nn] of (JSON.parse(process.env.KBSEM_RULES) as [number, number, number, number?][])) {
    const f = measure(fittingRows, rescue(low, m, c, nn));
    line(`rescue: answerability ≥ ${low}, semantic first by ≥ ${m}, cosine ≥ ${c}${nn === undefined ? '' : `, nearest generated question ≥ ${nn}`} (fitting @3 ${f.at3}, none ${f.none})`, rescue(low, m, c, nn));
  }
}
process.exit(0);

