// Ranking on small fixed cases, with no store: what a memory and a query become, and which of a
// handful of memories comes first. The numbers on LoCoMo are the bench's job (npm run bench).
import { describe, expect, it } from 'vitest';
import { analyzeMemory, analyzeQuery, CSM_TERM, rankByRelevance, WHEN_TERM } from '../../src/memory/ranking.js';
import { porterStem } from '../../src/memory/stemmer.js';
import { POLICY_FACTS_QUERY } from '../../src/core/recall.js';

const at = (day: number) => `2026-05-${String(day).padStart(2, '0')}T10:00:00.000Z`;
/** Memories written on different days: each its own writing session. */
const memories = (...texts: string[]) => texts.map((text, i) => ({ text, created_at: at(i + 1) }));
/** Turns of one conversation, a minute apart: one session. */
const conversation = (...texts: string[]) =>
  texts.map((text, i) => ({ text, created_at: `2026-05-01T10:${String(i).padStart(2, '0')}:00.000Z` }));

describe('porterStem', () => {
  it('follows Porter (1980) on the classic examples', () => {
    const cases: Record<string, string> = {
      caresses: 'caress', ponies: 'poni', cats: 'cat', agreed: 'agre', plastered: 'plaster', motoring: 'motor',
      hopping: 'hop', filing: 'file', happy: 'happi', relational: 'relat', generalization: 'gener',
      electrical: 'electr', adjustment: 'adjust', hopeful: 'hope', goodness: 'good', adoption: 'adopt',
    };
    for (const [word, stem] of Object.entries(cases)) expect(porterStem(word), word).toBe(stem);
  });

  it('brings inflections of support words together', () => {
    expect(new Set(['charged', 'charges', 'charging', 'charge'].map(porterStem)).size).toBe(1);
    expect(porterStem('invoices')).toBe(porterStem('invoice'));
    // Porter undoubles "add" in "adding" and "added" to "ad" but leaves "add": a three-letter stem stays whole.
    expect(['add', 'adding', 'added', 'adds'].map(porterStem)).toEqual(['add', 'add', 'add', 'add']);
  });
});

describe('analysis', () => {
  it('reads a leading "Name:" as the subject field, not as body words', () => {
    const m = analyzeMemory('Caroline: I researched adoption agencies yesterday.');
    expect(m.terms.has('@carolin')).toBe(true);
    expect(m.terms.has('carolin')).toBe(false);
    expect(m.terms.has('adopt')).toBe(true);
    expect(m.terms.has(WHEN_TERM)).toBe(true);
  });

  it('adds support concepts, dates and irregular forms', () => {
    const m = analyzeMemory('On 2026-04-12 Ben was charged twice and bought a new seat.');
    expect(m.terms.has('#billing')).toBe(true);
    expect(m.terms.has('april')).toBe(true);
    expect(m.terms.has([...analyzeMemory('buy').terms.keys()][0]!)).toBe(true);
    expect(m.terms.has(WHEN_TERM)).toBe(true);
  });

  it('drops question framing and asks for dates on "when" questions', () => {
    const q = analyzeQuery('When did Ben get the refund?');
    expect([...q.terms.keys()]).toEqual(['ben', 'refund', '#billing', WHEN_TERM]);
    expect(analyzeQuery('What kind of plan is Ben on?').terms.has('kind')).toBe(false);
  });
});

describe('rankByRelevance', () => {
  it('ranks prior billing issues above unrelated facts for a billing question', () => {
    const found = rankByRelevance(
      'I was charged twice on my card this month, can I get a refund?',
      memories(
        'Ben prefers replies in bullet points',
        'On 2026-04-12 Ben reported a billing issue: he was charged twice for the Pro subscription. Refunded the duplicate charge.',
        'Ben works from the Hamburg office',
        'On 2026-05-20 Ben reported another billing issue: an invoice showed the wrong amount.',
        'Ben uses single sign-on through Okta',
      ),
      5,
    );
    expect(found.slice(0, 2).map((m) => m.text.slice(0, 30))).toEqual([
      'On 2026-04-12 Ben reported a b',
      'On 2026-05-20 Ben reported ano',
    ]);
    const unrelated = found.filter((m) => /bullet|Hamburg|Okta/.test(m.text));
    for (const m of unrelated) expect(m.score).toBeLessThan(found[1]!.score);
  });

  it('finds a CSM written in any language memdesk reads for the policy-facts query, and for a question about the account manager', () => {
    const named = [
      'Ihre Kundenbetreuerin ist Dana Lee.',
      'Leur gestionnaire de compte est Dana Lee.',
      'Su gerente de cuenta es Dana Lee.',
      'A gerente de sucesso do cliente é Dana Lee.',
      'Hun klantsuccesmanager is Dana Lee.',
      // Said to have left: found too, so the CSM it names is cleared.
      'Unsere ehemalige Kundenbetreuerin Dana Lee hat das Unternehmen verlassen.',
    ];
    const unrelated = ['Globex works from the Hamburg office', 'Globex uses single sign-on through Okta', 'Globex has a second office in Lyon'];
    for (const text of named) {
      const candidates = memories(...unrelated, text);
      expect(rankByRelevance(POLICY_FACTS_QUERY, candidates, 8).map((m) => m.text), text).toEqual([text]);
      expect(rankByRelevance('Who is our account manager?', candidates, 8).map((m) => m.text), text).toEqual([text]);
    }
  });

  it('marks only memories that speak of a CSM, not words that merely start like one', () => {
    const csm = ['Their CSM is Dana Lee.', 'Globex meets our CSMs monthly.', 'Die Kundenbetreuerinnen von Globex wechseln im Mai.', 'Leur gestionnaire de comptes est Dana Lee.'];
    const notCsm = ['Globex wants csmith@example.com copied on every reply.', 'Globex runs its office network on CSMA/CD.', 'Globex is hiring for account management.'];
    for (const text of csm) expect(analyzeMemory(text).terms.has(CSM_TERM), text).toBe(true);
    for (const text of notCsm) expect(analyzeMemory(text).terms.has(CSM_TERM), text).toBe(false);
    // So the policy-facts search is not crowded by them.
    const candidates = memories(notCsm[0]!, notCsm[1]!, 'Globex works from the Hamburg office', csm[0]!);
    expect(rankByRelevance(POLICY_FACTS_QUERY, candidates, 8).map((m) => m.text)).toEqual([csm[0]]);
  });

  it('gives ties to the newer memory', () => {
    const found = rankByRelevance('renewal date', [
      { text: 'Contract renewal date is in March', created_at: at(1) },
      { text: 'Contract renewal date is in April', created_at: at(9) },
    ], 2);
    expect(found[0]!.score).toBe(found[1]!.score);
    expect(found.map((m) => m.text)).toEqual(['Contract renewal date is in April', 'Contract renewal date is in March']);
  });

  it("prefers the subject's own words when the question names them", () => {
    const found = rankByRelevance(
      'What did Caroline research?',
      conversation(
        'Melanie: Caroline, did you research the pottery class?',
        'Caroline: I researched adoption agencies all week.',
      ),
      2,
    );
    expect(found[0]!.text).toBe('Caroline: I researched adoption agencies all week.');
  });

  it('finds an answer through the question written just before it', () => {
    const found = rankByRelevance(
      'What are the names of Melanie’s pets?',
      conversation(
        'Caroline: The garden looks lovely this spring.',
        'Caroline: They are adorable! What are the names of your pets?',
        'Melanie: Luna and Oliver!',
        'Caroline: I went hiking last weekend.',
      ),
      3,
    );
    expect(found.map((m) => m.text)).toContain('Melanie: Luna and Oliver!');
  });

  it('returns nothing for a query with no meaningful words, or an empty list', () => {
    expect(rankByRelevance('what is the', memories('Ben is on the Pro plan'), 5)).toEqual([]);
    expect(rankByRelevance('billing', [], 5)).toEqual([]);
  });
});
