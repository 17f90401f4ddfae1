// npx tsx scripts/wordnet-measure.ts [--without wordnet]: one table row of what WordNet synonyms on the question
// side (src/knowledge/wordnet-words.ts) do to the help-center search (eval/knowledge/README.md, "WordNet synonyms
// for customers' words"): @1 / @3 / "none" of the written set (eval/knowledge/questions.jsonl) and the public set
// (public.jsonl), each with its odd and even ids, and the share of BANKING77 test's uncovered questions recognised
// (test/eval/knowledge-public-none.test.ts), with the committed weights and knowledge.min_score of policy/rules.yml.
// The synonym list is whatever src/knowledge/wordnet-synonyms.txt holds (scripts/wordnet-synonyms.ts builds it).
import { readKnowledgeQuestions, runKnowledgeEval, type KnowledgeEvalReport, type SplitRates } from '../src/eval/knowledge-eval.js';
import { createEmbeddedKnowledgeBase } from '../src/knowledge/embedded.js';
import { readKnowledgeDir } from '../src/knowledge/knowledge-dir.js';
import { loadKnowledgeRules } from '../src/knowledge/knowledge-rules.js';
import { uncoveredBanking77 } from './answerability-examples.js';

const wordnet = !process.argv.slice(2).join(' ').includes('--without wordnet');
const articles = readKnowledgeDir('knowledge');
const rules = loadKnowledgeRules('policy');
const three = (r: SplitRates | KnowledgeEvalReport) => `${r['correct@1'].toFixed(3)} / ${r['correct@3'].toFixed(3)} / ${r.none_recognised.toFixed(3)}`;
const cells: string[] = [];
for (const file of ['eval/knowledge/questions.jsonl', 'eval/knowledge/public.jsonl']) {
  const report = await runKnowledgeEval(articles, readKnowledgeQuestions(file), rules, wordnet ? {} : { without: ['wordnet'] });
  cells.push(three(report), `${three(report.split.tuning)} · ${three(report.split.held_out)}`);
}
const kb = createEmbeddedKnowledgeBase({ wordnet });
await kb.sync(articles);
const uncovered = uncoveredBanking77('eval/banking77/test.csv');
let recognised = 0;
for (const q of uncovered) {
  const [best] = await kb.search(q.question);
  if (!best || best.score < rules.min_score) recognised++;
}
cells.push((recognised / uncovered.length).toFixed(3));
console.log(`| ${wordnet ? 'wordnet' : 'without wordnet'} (min_score ${rules.min_score}) | ${cells.join(' | ')} |`);
