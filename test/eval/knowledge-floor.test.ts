// `eval --set knowledge` on the shipped help center and its 158 labelled questions: a floor slightly
// below what was measured (embedded index, knowledge.min_score from policy/rules.yml), so a change that
// answers fewer questions, answers the wrong article or stops recognising "none" fails here. Measured
// with the foreign-question term map and compounds (foreign-words.ts; chosen on the odd half only, see
// eval/knowledge/README.md "Results"): correct @1 0.811, @3 0.890, "none" recognised 0.935 overall; odd
// half @1 0.871, @3 0.919, "none" 0.941; even half @1 0.754, @3 0.862, "none" 0.929 (after the tag leak
// audit, before them: 0.780 / 0.843 / 0.935). With typo correction kept off English words
// (english-words.ts): 0.803 / 0.874 / 0.935; odd 0.871 / 0.903 / 0.941; even 0.738 / 0.846 / 0.929.
// With the answerability refitted (min_score 0.47, 2 December): 0.811 / 0.882 / 0.935; even 0.754 / 0.862 /
// 0.929 (kq-094, German, now clears the threshold with its article).
// The answerability model and min_score come from questions generated from the articles and public
// ones (npm run fit:answerability), not from this set.
import { expect, it } from 'vitest';
import { defaultKnowledgeQuestions } from '../../src/cli/eval-knowledge.js';
import { readKnowledgeQuestions, runKnowledgeEval } from '../../src/eval/knowledge-eval.js';
import { readKnowledgeDir } from '../../src/knowledge/knowledge-dir.js';
import { loadKnowledgeRules } from '../../src/knowledge/knowledge-rules.js';
import { expectKnowledgeFloors } from '../support/knowledge-floors.js';

it('answers the right article and recognises "none" at least as well as measured', async () => {
  const report = await runKnowledgeEval(readKnowledgeDir('knowledge'), readKnowledgeQuestions(defaultKnowledgeQuestions), loadKnowledgeRules('policy'));
  expect(report.questions).toBe(158);
  expectKnowledgeFloors(report, {
    // Lower than before the English-word guard on typo correction (english-words.ts): two questions were
    // right only because an English word was "corrected" into another topic: kq-144 ("the free tier
    // onto pro": "tier" read as "time") and, @3, kq-139 ("my new hire": "hire" read as "wire").
    // Lower again on 3 December (branch kb2): once "adding"/"added" stem to "add", the refit raised min_score
    // 0.47 → 0.48 (BANKING77 uncovered recognised 0.834 → 0.857), and kq-039 ("how to cancel sub", 0.48) and
    // kq-094 (German, 0.47) are handed to a person: 0.803 / 0.858 / 0.935, odd half @1 0.855, even half @3 0.831.
    all: { 'correct@1': 0.79, 'correct@3': 0.85, none_recognised: 0.93 },
    tuning: { 'correct@1': 0.85, 'correct@3': 0.88, none_recognised: 0.93 },
    held_out: { 'correct@1': 0.73, 'correct@3': 0.82, none_recognised: 0.92 },
  });
}, 60_000);
