// How an English question's words become search terms beyond stemming: pasted email addresses and
// person-nouns whose root only the help center knows.
import { describe, expect, it } from 'vitest';
import { questionTerms, type Vocabulary } from '../../src/knowledge/question-terms.js';

const vocabulary: Vocabulary = { size: 30, df: () => 1, has: () => false, correct: () => undefined };

describe('question terms', () => {
  it('reads an unknown English person-noun as the word it is made from: "auditors" asks about the audit log', () => {
    expect(questionTerms('our auditors want a log', { ...vocabulary, has: (t) => t === 'audit' || t === 'log' }).terms).toEqual(
      new Map([
        ['audit', 0.8],
        ['log', 1],
      ]),
    );
  });

  it('reads a pasted email address as the word "email"', () => {
    expect(questionTerms('send them to accounts@acme-corp.com', { ...vocabulary, has: (t) => t === 'email' || t === 'send' }).terms).toEqual(
      new Map([
        ['send', 1],
        ['email', 1],
      ]),
    );
  });
});
