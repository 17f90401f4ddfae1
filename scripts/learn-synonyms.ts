// Experiment (issue 13, branch kbpublicfit, step 3): customer-word → help-center-word pairs learned from public
// customer questions the eval sets do not hold, instead of english-synonyms.ts's hand map. Rows: every row of the
// intents scripts/public-intents.ts maps to an article (support-text and BANKING77 *train*, never a row of
// public.jsonl or questions.jsonl), labelled with that article, against every row of the uncovered pools
// (answerability-examples.ts) and of the intents mapped to "none". Rule, fixed before measuring: a term no article
// holds, in ≥ 5 rows of one article's intents and ≥ 90% of all rows that hold it, stands for that article's title
// term whose rows are most concentrated on the article (≥ 5 rows). `--half a|b` learns from every other covered
// intent only (the fit's FIT_COVERED_INTENT_HALF split). Prints `word: 'target'` entries.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keptWords, termsOf } from '../src/knowledge/analyzer.js';
import { isEnglishTerm } from '../src/knowledge/english-words.js';
import { type GeneratedQuestion, mappedBanking77, mappedSupportText, uncoveredBanking77, uncoveredSupportText } from './answerability-examples.js';
import { fitArticles } from './fitting-index.js';
import { type IntentMapping, intentMap } from './public-intents.js';

const SUPPORT_TEXT = join('..', 'shared', 'data', 'support-text');
const B77_TRAIN = join(SUPPORT_TEXT, '..', 'banking77', 'train.csv');
const half = process.argv.includes('--half') ? process.argv[process.argv.indexOf('--half') + 1] : undefined;
const notes = readFileSync('eval/knowledge/public.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { question: string; note: string });
const written = readFileSync('eval/knowledge/questions.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { question: string });
const exclude = [...notes.map((q) => ({ id: q.note.split(' ')[1], question: q.question })), ...written];
const coveredKeys = intentMap.filter((m) => m.expected !== 'none').map((m) => `${m.source}:${m.intent}`);
const learned = new Set(coveredKeys.filter((_, i) => half === undefined || (i % 2 === 0) === (half === 'a')));
const fits = (m: IntentMapping) => m.expected !== 'none' && learned.has(`${m.source}:${m.intent}`);
const none = (m: IntentMapping) => m.expected === 'none' && m.intent !== 'oos';
const ALL = 1e9;
const covered = [...mappedSupportText(SUPPORT_TEXT, exclude, ALL, fits), ...mappedBanking77(B77_TRAIN, exclude, ALL, fits)];
const uncovered: GeneratedQuestion[] = [
  ...uncoveredSupportText(SUPPORT_TEXT, ALL),
  ...uncoveredBanking77(B77_TRAIN),
  ...mappedSupportText(SUPPORT_TEXT, exclude, ALL, none),
  ...mappedBanking77(B77_TRAIN, exclude, ALL, none),
];
const vocabulary = new Set(fitArticles.flatMap((a) => termsOf(`${a.title} ${a.tags.join(' ')} ${a.body}`)));
const byArticle = new Map<string, Map<string, number>>();
const total = new Map<string, number>();
const wordOf = new Map<string, string>();
for (const q of [...covered, ...uncovered]) {
  const terms = new Set<string>();
  for (const { word, term } of keptWords(q.question)) {
    terms.add(term);
    if (!wordOf.has(term)) wordOf.set(term, word);
  }
  for (const t of terms) {
    total.set(t, (total.get(t) ?? 0) + 1);
    if (q.expected === 'none') continue;
    const counts = byArticle.get(q.expected) ?? new Map<string, number>();
    counts.set(t, (counts.get(t) ?? 0) + 1);
    byArticle.set(q.expected, counts);
  }
}
const entries: string[] = [];
for (const [article, counts] of byArticle) {
  const a = fitArticles.find((x) => x.id === article)!;
  const titleTerms = [...new Set(termsOf(a.title))].filter((t) => (counts.get(t) ?? 0) >= 5);
  const share = (t: string) => (counts.get(t) ?? 0) / (total.get(t) ?? 1);
  const target = titleTerms.sort((x, y) => share(y) - share(x))[0];
  if (!target) continue;
  for (const [t, n] of counts)
    if (!vocabulary.has(t) && isEnglishTerm(t) && n >= 5 && share(t) >= 0.9) entries.push(`  ${JSON.stringify(wordOf.get(t))}: ${JSON.stringify(wordOf.get(target))}, // ${article} ${n}/${total.get(t)}`);
}
console.log(entries.join('\n'));
