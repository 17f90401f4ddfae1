// The answerability score on the shipped help center: a question whose rare words an article's title or
// tags hold clears knowledge.min_score and that article comes first; a question that only shares common
// words with the articles stays below it, so a person takes it. Questions written for this test.
import { beforeAll, describe, expect, it } from 'vitest';
import { answerability, reorderByAnswerability } from '../../src/knowledge/answerability.js';
import { createEmbeddedKnowledgeBase, type EmbeddedKnowledgeBase } from '../../src/knowledge/embedded.js';
import { readKnowledgeDir } from '../../src/knowledge/knowledge-dir.js';
import { loadKnowledgeRules } from '../../src/knowledge/knowledge-rules.js';
import { titlePhrases } from '../../src/knowledge/question-terms.js';

const rules = loadKnowledgeRules('policy');
let kb: EmbeddedKnowledgeBase;
beforeAll(async () => {
  kb = createEmbeddedKnowledgeBase();
  await kb.sync(readKnowledgeDir('knowledge'));
});

describe('answerability', () => {
  it('settles a near miss: a declined card retried is failed payments, not updating the card', async () => {
    const found = await kb.search('my card was declined, will you try charging it again?');
    expect(found[0]).toMatchObject({ article_id: 'billing/failed-payments' });
    expect(found[0]!.score).toBeGreaterThanOrEqual(rules.min_score);
    const other = found.find((p) => p.article_id === 'billing/update-payment-method');
    expect(other!.score).toBeLessThan(found[0]!.score);
  });

  it.each([
    'can I link a OneDrive folder to a task',
    'how do I schedule a report to be emailed every friday',
    // Each met one article on one word only ("verify": webhooks, "purchase": refunds) and was answered from it.
    'Why do I need to verify my identity?',
    'I want to purchase some shares',
  ])(
    '%s: shares words with articles, but none clears the threshold',
    async (question) => {
      const found = await kb.search(question);
      expect(found.every((p) => p.score < rules.min_score)).toBe(true);
    },
  );

  it('is 0–1 and rises with coverage, with rare words or phrases in the title or tags and with the words it knows', () => {
    const base = { coverage: 0.3, rare_title_words: 0, word_share: 0.5, foreign: 0, title_phrases: 0, single_match: 0 };
    const low = answerability(base);
    expect(low).toBeGreaterThan(0);
    expect(answerability({ ...base, coverage: 0.6 })).toBeGreaterThan(low);
    expect(answerability({ ...base, rare_title_words: 1 })).toBeGreaterThan(low);
    expect(answerability({ ...base, word_share: 1 })).toBeGreaterThan(low);
    expect(answerability({ ...base, title_phrases: 1 })).toBeGreaterThan(low);
    // An article that holds one of the question's known words scores under any threshold the fit chooses, however well that word matches.
    expect(answerability({ coverage: 1, rare_title_words: 1, word_share: 1, foreign: 0, title_phrases: 1, single_match: 1 })).toBeLessThan(0.3);
    expect(answerability({ coverage: 1, rare_title_words: 1, word_share: 1, foreign: 1, title_phrases: 1, single_match: 0 })).toBeLessThan(1);
  });

  it('counts a two-word phrase of the question that a tag holds, in either order, never across two tags', () => {
    expect(titlePhrases('Export your data', ['data export', 'CSV'])).toEqual(expect.arrayContaining(['export data', 'data export']));
    expect(titlePhrases('Export your data', ['data export', 'CSV'])).not.toContain('export csv');
    // "stop subscription" is a tag of the cancellation article; the question holds it with a word between.
    const [best] = kb.index.search('how can I stop the subscription for our team?');
    expect(best).toMatchObject({ article_id: 'plans/cancel-or-downgrade' });
    expect(best!.signals.title_phrases).toBeGreaterThan(0);
    expect(best!.score).toBeGreaterThanOrEqual(rules.min_score);
  });

  it('weighs the sentence that asks on its own, so context around a question does not drown it', async () => {
    const context = 'We had a big team offsite last week and everyone came back to hundreds of unread messages from the app. Half the team is complaining in our channel about it.';
    const [asked] = await kb.search(`${context} Can we rotate our API key without downtime?`);
    const [runOn] = await kb.search(`${context.replace(/\. /g, ', ').replace(/\.$/, '')}, can we rotate our API key without downtime`);
    expect(asked?.article_id).toBe('developers/api-keys');
    expect(asked!.score).toBeGreaterThanOrEqual(rules.min_score);
    // One run-on sentence is weighed only as a whole: the same words, diluted by the context.
    expect(runOn?.article_id).toBe('developers/api-keys');
    expect(asked!.score).toBeGreaterThan(runOn!.score + 0.2);
  });

  it('answers a question in German from the English article, above the threshold', async () => {
    // Most of its words are German, unknown to the articles; only "Rechnung" (a tag) and "PDF" match.
    const [best] = await kb.search('Wie lade ich die Rechnung vom letzten Monat als PDF herunter?');
    expect(best).toMatchObject({ article_id: 'billing/download-invoices' });
    expect(best!.score).toBeGreaterThanOrEqual(rules.min_score);
  });

  it('reorders only the first three articles, and keeps the ranking on ties', () => {
    const score: Record<string, number> = { a: 0.2, b: 0.9, c: 0.2, d: 0.99 };
    expect(reorderByAnswerability(['a', 'b', 'c', 'd'], (id) => score[id]!)).toEqual(['b', 'a', 'c', 'd']);
  });

  it('breaks an answerability tie by how well the article as a whole matches, before the ranking order', () => {
    const score: Record<string, number> = { a: 0.7, b: 0.7, c: 0.7 };
    const articleLevel: Record<string, number> = { a: 1.18, b: 1.21, c: 1.18 };
    expect(reorderByAnswerability(['a', 'b', 'c'], (id) => score[id]!, (id) => articleLevel[id]!)).toEqual(['b', 'a', 'c']);
  });

  it('answers "get invoice" with the article about downloading invoices, not one that mentions invoices as often', async () => {
    // Three billing articles hold "invoice" in their title or tags, so their answerability ties.
    const [best] = await kb.search('get invoice');
    expect(best?.article_id).toBe('billing/download-invoices');
  });
});
