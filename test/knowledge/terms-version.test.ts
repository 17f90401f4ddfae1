// The analyzer's terms are pinned to KNOWLEDGE_TERMS_VERSION: PostgreSQL stores each article's terms, and re-indexes
// them only when that version rises. A change to the analyzer that changes the terms of any of these texts (the
// knowledge eval's 398 customer questions) without raising the version would leave every PostgreSQL deployment
// searching the old terms, so this fails until both the version and the recorded digest below are updated.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KNOWLEDGE_TERMS_VERSION, termsOf } from '../../src/knowledge/analyzer.js';
import { readKnowledgeQuestions } from '../../src/eval/knowledge-eval.js';

const texts = ['eval/knowledge/questions.jsonl', 'eval/knowledge/public.jsonl'].flatMap((file) => readKnowledgeQuestions(file).map((q) => q.question));
const digest = createHash('sha256')
  .update(JSON.stringify(texts.map((t) => termsOf(t))))
  .digest('hex');

describe('the knowledge analyzer', () => {
  it('gives the terms its KNOWLEDGE_TERMS_VERSION recorded (raise the version when they change)', () => {
    expect(texts.length).toBeGreaterThan(300);
    expect({ version: KNOWLEDGE_TERMS_VERSION, digest }).toEqual({ version: 1, digest: 'fb161abe6e6e0d362182f603c5fd231239f7e2b061931545029c4d25e714903f' });
  });
});
