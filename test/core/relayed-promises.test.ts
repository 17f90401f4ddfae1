// Promises a customer passes on from a colleague (src/core/open-promises.ts): what a staff member the
// directory names promised someone at the account, heard second-hand ("Ben said Dana would refund him"). The
// open promise says who made it and who passed it on; a hedge, a hypothetical, a question, a colleague's
// own plans, someone outside the team or a promise denied is none.
import { describe, expect, it } from 'vitest';
import { readMemoryFacts } from '../../src/core/memory-facts.js';
import { promiseIn } from '../../src/core/open-promises.js';
import { loadPolicy } from '../../src/core/policy.js';
import { TrainedReader } from '../../src/reader/trained-reader.js';

const rules = loadPolicy('./policy').rules;
const reader = TrainedReader.load();
// The demo directory's staff.
const staff = ['Dana Lee', 'Sam Patel'];

function promisesIn(text: string) {
  return readMemoryFacts([{ id: 'm1', memory: text, score: 1, created_at: '2026-11-20T10:00:00Z' }], rules, '2026-11-25', reader, staff).open_promises;
}

describe('a promise passed on second-hand', () => {
  it.each([
    ['Ben said Dana would refund him.', 'refund', { promised_by: 'Dana Lee', reported_by: 'Ben' }],
    ['My colleague Ben says your Dana promised him a refund.', 'refund', { promised_by: 'Dana Lee', reported_by: 'Ben' }],
    ['Ben says Dana Lee from your team promised him a refund for the duplicate charge.', 'refund for the duplicate charge', { promised_by: 'Dana Lee', reported_by: 'Ben' }],
    ['Ava told me Sam would credit us for March.', 'credit for March', { promised_by: 'Sam Patel', reported_by: 'Ava' }],
    ["Ben mentioned that Dana'd waive the overage charge for him.", 'waiver of the overage charge for him', { promised_by: 'Dana Lee', reported_by: 'Ben' }],
    ['Ben wrote that your CSM Dana promised him a credit for March.', 'credit for March', { promised_by: 'Dana Lee', reported_by: 'Ben' }],
    // A full name is the reporter's, not only its last word.
    ['Ben Carter said Dana would refund him.', 'refund', { promised_by: 'Dana Lee', reported_by: 'Ben Carter' }],
    ["Yesterday Northwind's Ben said Dana would refund him.", 'refund', { promised_by: 'Dana Lee', reported_by: 'Ben' }],
    ['On Monday Ben said Dana would refund him.', 'refund', { promised_by: 'Dana Lee', reported_by: 'Ben' }],
    ['Earlier Ben said Dana would refund him.', 'refund', { promised_by: 'Dana Lee', reported_by: 'Ben' }],
    ['May Chen said Dana would refund her.', 'refund', { promised_by: 'Dana Lee', reported_by: 'May Chen' }],
    // Lower case, as people type.
    ['ben said dana would refund him', 'refund', { promised_by: 'Dana Lee' }],
  ])('"%s" is the team\'s promise: %s, by the staff member, reported second-hand', (text, what, secondHand) => {
    expect(promisesIn(text)).toEqual([expect.objectContaining({ what, second_hand: secondHand, issue_types: expect.arrayContaining(['billing']) })]);
  });

  it.each([
    // Hedges and hypotheticals.
    'Ben said Dana might refund him.',
    'Ben said Dana would maybe refund him.',
    'Ben said Dana would refund him if finance agrees.',
    'Ben said Dana would probably refund him.',
    // Questions.
    'Did Ben say Dana would refund him?',
    'Ben said Dana would refund him?',
    // A colleague's own plans, however they are reported.
    'Ben said he would refund the client.',
    'Ben mentioned he would refund the client.',
    'Ben told me he would refund the client.',
    'My colleague Ben says he will credit the supplier.',
    // Someone outside the team: Priya Nair is a customer, the accountant is the account's own.
    'Ben said Priya would refund him.',
    'Ben says their accountant promised him a refund.',
    // Done, refused or denied: nothing open.
    'Ben said Dana refunded him.',
    'Ben said Dana would not refund him.',
    'Ben said Dana never promised him a refund.',
    // Quoted: the customer's own message, handled in its own ticket.
    'Ben wrote: "Dana would refund me".',
  ])('"%s" is no promise', (text) => {
    expect(promisesIn(text)).toEqual([]);
  });

  it.each([
    ["Dana from your team said you'd credit us for March.", 'credit for March'],
    ['Sam told us he would waive the overage charge.', 'waiver of the overage charge'],
  ])('"%s", a promise the team made directly, has no second-hand note', (text, what) => {
    const [promise] = promisesIn(text);
    expect(promise?.what).toBe(what);
    expect(promise?.second_hand).toBeUndefined();
  });
});

describe('whom a promise is for, read from a long memory', () => {
  it('takes linear time: who the memory is about is looked for at word starts only', () => {
    // One 400,000-letter "word" of capitals after a promise to "him": each capital used to start a scan to
    // its end, quadratic time (about 500 ms for 40,000 letters, so near a minute for these).
    const text = `We will refund him. ${'Ab'.repeat(200_000)}`;
    promiseIn(text, staff);
    const started = performance.now();
    const promise = promiseIn(text, staff);
    // Linear, it takes milliseconds: the bound tells the two apart with room for a loaded machine.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(promise).toMatchObject({ to: 'someone' });
  });

  it('still names whom the memory is about', () => {
    expect(promiseIn('Ava Chen reported a double charge. We will refund her.', staff)).toMatchObject({ to: 'Ava Chen' });
  });
});
