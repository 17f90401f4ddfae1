// `eval --set knowledge --file eval/knowledge/public.jsonl`: 240 real public customer questions nobody
// here wrote (Bitext, CLINC150, DSTC11, BANKING77 test, Stack Exchange meta; scripts/knowledge-public-set.ts
// labels them by their data set's intent), each with the Cobalt article that answers it or "none". The
// answerability model and knowledge.min_score were not fitted on them. A floor slightly below what was
// measured (embedded index, min_score from policy/rules.yml), so a change that answers fewer of them,
// answers the wrong article or stops recognising "none" fails here. When the set was frozen: correct @1
// 0.404, @3 0.442, "none" recognised 0.810 (odd ids @1 0.349, even ids @1 0.466). After branch kbtypo
// (typo correction kept off English words, greetings and "didn't" as stop words, customers' own numbers
// not counted as missing topics, answerability ties broken by the article level; chosen on the odd ids,
// eval/knowledge/README.md): @1 0.455, @3 0.513, "none" 0.881 (odd ids 0.422 / 0.470 / 0.838, even ids
// 0.493 / 0.562 / 0.915). With the answerability refitted (BANKING77 train questions in the fit, min_score
// 0.47, 2 December): the same totals, 0.455 / 0.513 / 0.881; odd ids 0.422 / 0.470 / 0.865, even ids
// 0.493 / 0.562 / 0.894: one "none" question moved between the halves (kp-065, a Stack Exchange tag request,
// now recognised; kp-232 "My top-up isn't working." now answered from failed payments at 0.48), so the
// held-out "none" floor is 0.88, not 0.9.
import { expect, it } from 'vitest';
import { readKnowledgeQuestions, runKnowledgeEval } from '../../src/eval/knowledge-eval.js';
import { readKnowledgeDir } from '../../src/knowledge/knowledge-dir.js';
import { loadKnowledgeRules } from '../../src/knowledge/knowledge-rules.js';
import { expectKnowledgeFloors } from '../support/knowledge-floors.js';

const publicQuestions = 'eval/knowledge/public.jsonl';

it('labels every public question with a customer article of the help center, or "none" for at least a quarter', () => {
  const customerArticles = new Set(
    readKnowledgeDir('knowledge')
      .filter((a) => a.audience !== 'internal')
      .map((a) => a.id),
  );
  const questions = readKnowledgeQuestions(publicQuestions);
  expect(questions).toHaveLength(240);
  expect(questions.filter((q) => q.expected !== 'none' && !customerArticles.has(q.expected)).map((q) => `${q.id}: ${q.expected}`)).toEqual([]);
  expect(questions.filter((q) => q.expected === 'none').length / questions.length).toBeGreaterThanOrEqual(0.25);
  expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
});

it('answers the right article and recognises "none" on the public questions at least as well as measured', async () => {
  const report = await runKnowledgeEval(readKnowledgeDir('knowledge'), readKnowledgeQuestions(publicQuestions), loadKnowledgeRules('policy'));
  expectKnowledgeFloors(report, {
    all: { 'correct@1': 0.44, 'correct@3': 0.5, none_recognised: 0.87 },
    tuning: { 'correct@1': 0.41, 'correct@3': 0.46, none_recognised: 0.82 },
    held_out: { 'correct@1': 0.48, 'correct@3': 0.55, none_recognised: 0.88 },
  });
}, 60_000);
