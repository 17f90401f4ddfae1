// "None" on real public customer questions the Cobalt help center does not cover: BANKING77's test
// split (eval/banking77, CC BY 4.0), only its categories about a bank's cards, ATMs, top-ups and
// currencies (scripts/answerability-examples.ts names them; intents a SaaS help center answers, such as
// refunds, passwords, a lost phone or closing an account, are left out). Nobody here wrote these
// questions and the answerability model was not fitted on them (npm run fit:answerability fits on
// support-text and on BANKING77's *train* split, never its test split). Measured 0.838 recognised (760 questions)
// with knowledge.min_score from policy/rules.yml, 0.824 after the analyzer changes of 30 November, 0.828 with
// the refit of 2 December; the weights fitted on the eval's odd half with min_score 0.15 recognised 0.721.
import { expect, it } from 'vitest';
import { createEmbeddedKnowledgeBase } from '../../src/knowledge/embedded.js';
import { readKnowledgeDir } from '../../src/knowledge/knowledge-dir.js';
import { loadKnowledgeRules } from '../../src/knowledge/knowledge-rules.js';
import { uncoveredBanking77 } from '../../scripts/answerability-examples.js';

it('hands most public questions no article covers to a person instead of answering from an article', async () => {
  const kb = createEmbeddedKnowledgeBase();
  await kb.sync(readKnowledgeDir('knowledge'));
  const { min_score } = loadKnowledgeRules('policy');
  const questions = uncoveredBanking77('eval/banking77/test.csv');
  expect(questions.length).toBeGreaterThan(700);
  let recognised = 0;
  for (const q of questions) {
    const [best] = await kb.search(q.question);
    if (!best || best.score < min_score) recognised++;
  }
  expect(recognised / questions.length).toBeGreaterThanOrEqual(0.82);
}, 60_000);
