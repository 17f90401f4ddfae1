// Questions not in English reach the English help center through the words its articles do not hold:
// the term map, compound splitting, and no "typo" corrections of foreign words (questions written for
// this test, not taken from the eval set).
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedKnowledgeBase, type EmbeddedKnowledgeBase } from '../../src/knowledge/embedded.js';
import { englishTerms } from '../../src/knowledge/foreign-words.js';
import { readKnowledgeDir } from '../../src/knowledge/knowledge-dir.js';
import { loadKnowledgeRules } from '../../src/knowledge/knowledge-rules.js';
import { questionParts, questionTerms, type Vocabulary } from '../../src/knowledge/question-terms.js';

const rules = loadKnowledgeRules('policy');
const known = new Set(['secur', 'notif', 'storag', 'invoic', 'trade']);
const vocabulary: Vocabulary = { size: 30, df: () => 1, has: (t) => known.has(t), correct: (t) => (t === 'raden' ? 'trade' : undefined) };

describe('foreign words', () => {
  it('splits a compound into the parts the term map or the help center knows', () => {
    expect(englishTerms('sicherheitseinstellungen', (t) => known.has(t))).toEqual(['secur', 'set']);
    expect(englishTerms('opslagruimte', (t) => known.has(t))).toEqual(['storag']);
    expect(englishTerms('rechnungsadresse', (t) => known.has(t))).toEqual(['invoic', 'address']);
    expect(englishTerms('zeitzone', (t) => known.has(t))).toBeUndefined();
  });

  it('corrects typos in English questions only: an unknown word of a foreign question is a foreign word', () => {
    expect([...questionTerms('which trade settings raden', vocabulary).terms.keys()]).toContain('trade');
    expect(questionTerms('how do I raden this', vocabulary).terms.get('trade')).toBeCloseTo(0.8);
    expect(questionTerms('Welke instellingen raden jullie aan?', vocabulary).terms.has('trade')).toBe(false);
  });

  it('reads every sentence of a foreign message as foreign, even one without foreign stop words', () => {
    const parts = questionParts('Wir haben eine Frage zu unserem Konto. Raden security invoice storage.', vocabulary);
    expect(parts).toHaveLength(3);
    for (const part of parts) expect(part.terms.has('trade')).toBe(false);
    expect(parts[2]!.terms.has('secur')).toBe(true);
  });
});

describe('foreign questions on the shipped articles', () => {
  let kb: EmbeddedKnowledgeBase;
  let withoutForeignWords: EmbeddedKnowledgeBase;
  beforeAll(async () => {
    const articles = readKnowledgeDir('knowledge');
    kb = createEmbeddedKnowledgeBase();
    withoutForeignWords = createEmbeddedKnowledgeBase({ foreignWords: false });
    await Promise.all([kb.sync(articles), withoutForeignWords.sync(articles)]);
  });

  it.each([
    ['¿Dónde cambio la dirección de la empresa en las facturas?', 'billing/billing-details-and-vat'],
    ['Wo finde ich die Sicherheitseinstellungen für unseren Arbeitsbereich?', 'security/security-best-practices'],
  ])('%s → %s, above the threshold', async (question, expected) => {
    const [top] = await kb.search(question);
    expect(top?.article_id).toBe(expected);
    expect(top!.score).toBeGreaterThanOrEqual(rules.min_score);
  });

  it('ranks the Spanish question higher with the term map: "empresa" and "dirección" are in no article', async () => {
    const question = '¿Dónde cambio la dirección de la empresa en las facturas?';
    const [[withMap], [without]] = await Promise.all([kb.search(question), withoutForeignWords.search(question)]);
    expect(withMap!.score).toBeGreaterThan(without!.score + 0.05);
  });
});
