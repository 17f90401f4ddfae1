// How an English question's words become search terms beyond stemming: pasted email addresses,
// person-nouns whose root only the help center knows, typos corrected but English words left alone,
// the pieces of "didn't", greetings, numbers only the customer knows, "would like" as asking, and customers'
// words for what the help center names otherwise.
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

  it('corrects a typo but leaves an English word the help center does not use as it is: "hire" is not a typo of "wire"', () => {
    const near: Record<string, string> = { pasword: 'password', hire: 'wire', vote: 'note' };
    const typos = { ...vocabulary, has: (t: string) => ['password', 'wire', 'note', 'add', 'reset'].includes(t), correct: (t: string) => near[t] };
    expect(questionTerms('reset my pasword', typos).terms).toEqual(
      new Map([
        ['reset', 1],
        ['password', 0.8],
      ]),
    );
    const hire = questionTerms('add my new hire', typos);
    expect([...hire.terms.keys()]).toEqual(['add']);
    expect(hire.unknownWeight).toBe(2);
    expect([...questionTerms('why the down vote', typos).terms.keys()]).toEqual([]);
  });

  it('drops the pieces of a negation ("didn\'t", "hasn’t") rather than reading "didn" as an unknown word', () => {
    const q = questionTerms("why didn't my payment go through, it hasn’t worked", { ...vocabulary, has: (t) => t === 'payment' });
    expect(q.terms).toEqual(new Map([['payment', 1]]));
    // "go" and "worked" are unknown here; "didn", "t" and "hasn" are not words at all.
    expect(q.unknownWeight).toBe(2);
  });

  it('drops greetings and the asking for help ("good morning", "wanna", "kindly assist"): they say nothing about the topic', () => {
    const q = questionTerms('Good morning, I wanna cancel my plan, kindly assist', { ...vocabulary, has: () => true });
    expect([...q.terms.keys()]).toEqual(['cancel', 'plan']);
    expect(q.phrases).toEqual(new Set(['cancel plan']));
  });

  it('does not count a number no article holds (an invoice number, an amount) as a missing topic', () => {
    const q = questionTerms('get invoice #12588 for $1200', { ...vocabulary, has: (t) => t === 'invoic' });
    expect(q.terms).toEqual(new Map([['invoic', 1]]));
    expect(q.unknownWeight).toBe(0);
  });

  it('reads "would like" and "I\'d like" as asking, and keeps "like" that says what a thing resembles', () => {
    const all = { ...vocabulary, has: () => true };
    expect([...questionTerms("I'd like to download my invoices", all).terms.keys()]).toEqual(['download', 'invoic']);
    expect([...questionTerms('I would like an export', all).terms.keys()]).toEqual(['export']);
    expect([...questionTerms('is there an integration like the slack one', all).terms.keys()]).toContain('like');
  });

  it('drops the words that say what the customer does with anything, or name the app as a whole', () => {
    const all = { ...vocabulary, has: () => true };
    expect([...questionTerms('hello could i see it?', all).terms.keys()]).toEqual([]);
    expect([...questionTerms('i need help giving a quick look at my invoice', all).terms.keys()]).toEqual(['invoic']);
    expect([...questionTerms("I don't have my access code for the app.", all).terms.keys()]).toEqual(['access', 'code']);
    expect([...questionTerms('show me how to check my authenticator app', all).terms.keys()]).toEqual(['authent']);
  });

  it("reads a customer's word the help center lacks as the help center's word for it, as surely as a typo's correction", () => {
    const known = ['delet', 'account', 'password', 'refund', 'cancel', 'subscript'];
    const help = { ...vocabulary, has: (t: string) => known.includes(t) };
    expect(questionTerms('terminate my account', help).terms).toEqual(
      new Map([
        ['delet', 0.8],
        ['account', 1],
      ]),
    );
    expect(questionTerms('forgot my passcode', help).terms.get('password')).toBe(0.8);
    expect(questionTerms('a rebate please', help).terms.get('refund')).toBe(0.8);
    expect(questionTerms('discontinue the subscription', help).phrases).toEqual(new Set(['cancel subscript']));
    // Not when the help center holds the customer's own word, nor when it lacks the word it would be read as.
    expect(questionTerms('terminate my account', { ...help, has: (t: string) => t === 'termin' || t === 'account' }).terms.has('termin')).toBe(true);
    expect(questionTerms('terminate my account', { ...vocabulary, has: (t: string) => t === 'account' }).unknownWeight).toBe(1);
  });
});
