// `eval --set knowledge` measured on the PostgreSQL knowledge base as well as the embedded index: both
// engines index the same terms and compute the same answerability signals and model, so the labelled
// questions come out in step (the "none" decision holds on both, and PostgreSQL's ts_rank ordering
// stays within 0.03 of the embedded ranking: measured 0.843 against 0.858 correct @1, @3 0.882 against
// 0.898, "none" 0.935 on both).
import { describe, expect, it } from 'vitest';
import { defaultKnowledgeQuestions } from '../../src/cli/eval-knowledge.js';
import { readKnowledgeQuestions, runKnowledgeEval } from '../../src/eval/knowledge-eval.js';
import { readKnowledgeDir } from '../../src/knowledge/knowledge-dir.js';
import { loadKnowledgeRules } from '../../src/knowledge/knowledge-rules.js';
import { createPostgresKnowledgeBase } from '../../src/knowledge/postgres.js';
import { requirePostgres } from '../support/postgres.js';

const db = await requirePostgres();

describe.skipIf(!db)('knowledge eval on PostgreSQL', () => {
  it('recognises "none" as the embedded index does and ranks within 0.03 of it', async () => {
    const articles = readKnowledgeDir('knowledge');
    const questions = readKnowledgeQuestions(defaultKnowledgeQuestions);
    const rules = loadKnowledgeRules('policy');
    const embedded = await runKnowledgeEval(articles, questions, rules);
    const kb = await createPostgresKnowledgeBase({ url: db!.url, schema: db!.schema });
    try {
      const postgres = await runKnowledgeEval(articles, questions, rules, { knowledgeBase: kb });
      expect(postgres.answers_without_source).toBe(0);
      expect(postgres.none_recognised).toBeGreaterThanOrEqual(0.9);
      expect(postgres.none_recognised).toBe(embedded.none_recognised);
      expect(Math.abs(postgres['correct@1'] - embedded['correct@1'])).toBeLessThanOrEqual(0.03);
      expect(postgres.split.held_out.questions).toBe(79);
    } finally {
      await kb.close();
    }
  }, 120_000);
});
