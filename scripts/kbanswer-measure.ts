// usage: tsx measure.ts [min_score] [public]
import { isTuningQuestion, readKnowledgeQuestions } from '../src/eval/knowledge-eval.js';
import { readKnowledgeDir } from '../src/knowledge/knowledge-dir.js';
import { PassageIndex } from '../src/knowledge/passage-index.js';
import { uncoveredBanking77 } from '../scripts/answerability-examples.js';
const index = new PassageIndex();
for (const a of readKnowledgeDir('knowledge')) index.put(a);
const min = Number(process.argv[2] ?? 0.46);
function run(qs: { id?: string; question: string; expected: string }[]) {
  let a1 = 0, a3 = 0, none = 0, nA = 0, nN = 0;
  for (const q of qs) {
    const got: { id: string; s: number }[] = [];
    for (const p of index.search(q.question, { limit: 5 })) if (!got.some((g) => g.id === p.article_id)) got.push({ id: p.article_id, s: p.score });
    const answered = got.length > 0 && got[0]!.s >= min;
    if (q.expected === 'none') { nN++; if (!answered) none++; }
    else { nA++; if (answered && got[0]!.id === q.expected) a1++; if (answered && got.slice(0, 3).some((g) => g.id === q.expected)) a3++; }
  }
  const f = (x: number, n: number) => (n ? (x / n).toFixed(3) : '-');
  return `${f(a1, nA)} / ${f(a3, nA)} / ${f(none, nN)}`;
}
const qs = readKnowledgeQuestions('eval/knowledge/questions.jsonl');
console.log('odd ', run(qs.filter(isTuningQuestion)));
if (process.argv[3] !== 'oddonly') {
console.log('even', run(qs.filter((q) => !isTuningQuestion(q))));
console.log('all ', run(qs));
console.log('b77 ', run(uncoveredBanking77('eval/banking77/test.csv')));
}
if (process.argv[3] === 'public') console.log('public', run(readKnowledgeQuestions('eval/knowledge/public.jsonl')));
