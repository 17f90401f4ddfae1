// The shipped answerability (src/knowledge/answerability-fit.json and policy/rules.yml knowledge.min_score)
// is what `npm run fit:answerability` produces from this repository's help center and search code. The fit
// takes about half a minute and reads data sets outside the repository, so this test compares the
// fingerprints the script recorded with the files as they are now. It is about the shipped demo help center
// only: an operator's own KNOWLEDGE_DIR is never fingerprinted, and nothing at run time checks them.
import { expect, it } from 'vitest';
import { answerabilityFitInputs } from '../../scripts/answerability-inputs.js';
import { answerabilityFit } from '../../src/knowledge/answerability.js';
import { loadKnowledgeRules } from '../../src/knowledge/knowledge-rules.js';

it('was fitted on the help center articles as they are in knowledge/', () => {
  expect(answerabilityFitInputs().articles, 'knowledge/ changed since the answerability was fitted: run npm run fit:answerability and commit what it writes').toBe(answerabilityFit.fitted_on.articles);
});

it('was fitted with the search code and example scripts as they are', () => {
  expect(
    answerabilityFitInputs().code,
    'the search code or the fitting scripts changed since the answerability was fitted (scripts/answerability-inputs.ts lists them): run npm run fit:answerability and commit what it writes',
  ).toBe(answerabilityFit.fitted_on.code);
});

it("ships the fitted threshold as the policy's knowledge.min_score", () => {
  expect(loadKnowledgeRules('policy').min_score, 'policy/rules.yml knowledge.min_score is not the fitted one in src/knowledge/answerability-fit.json: run npm run fit:answerability').toBe(answerabilityFit.min_score);
});
