// A memory's text is read once per policy and staff list (memory-facts.ts keeps what it said): the same
// memories come back in every turn. What is kept must never stand in for another reading: a changed text,
// another staff list or another policy reads afresh, and what one turn's facts hold is its own.
import { describe, expect, it } from 'vitest';
import { readMemoryFacts } from '../../src/core/memory-facts.js';
import { loadPolicy, type Rules } from '../../src/core/policy.js';
import { TrainedReader } from '../../src/reader/trained-reader.js';

const rules = loadPolicy('./policy').rules;
const reader = TrainedReader.load();
const staff = ['Dana Lee', 'Sam Patel'];
const today = '2026-11-25';

const factsOf = (texts: string[], o: { rules?: Rules; staff?: string[] } = {}) =>
  readMemoryFacts(
    texts.map((memory, i) => ({ id: `m${i}`, memory, score: 1, created_at: `2026-11-0${i + 1}T10:00:00Z` })),
    o.rules ?? rules,
    today,
    reader,
    o.staff ?? staff,
  );

describe('memory texts read again', () => {
  it('read the same the second time', () => {
    const texts = ['Globex is on the Enterprise plan with a 4-hour SLA.', 'Their CSM is Dana Lee.', 'On 2026-11-02 support promised a credit of $49.'];
    const first = factsOf(texts);
    const again = factsOf(texts);
    expect(again).toEqual(first);
    expect(first).toMatchObject({ plan: { key: 'enterprise' }, sla_hours: 4, csm_name: 'Dana Lee', open_promises: [expect.objectContaining({ what: expect.stringContaining('credit') })] });
  });

  it('read a changed text afresh', () => {
    expect(factsOf(['Their CSM is Dana Lee.']).csm_name).toBe('Dana Lee');
    expect(factsOf(['Their CSM is Sam Patel.']).csm_name).toBe('Sam Patel');
    expect(factsOf(['Globex is on the Pro plan.']).plan?.key).toBe('pro');
    expect(factsOf(['Globex is on the Free plan.']).plan?.key).toBe('free');
  });

  it('read afresh for another staff list: a promise passed on is the team\'s only when the directory names who made it', () => {
    const text = 'Ben said Dana would refund him.';
    expect(factsOf([text]).open_promises).toEqual([expect.objectContaining({ what: 'refund', second_hand: { promised_by: 'Dana Lee', reported_by: 'Ben' } })]);
    expect(factsOf([text], { staff: [] }).open_promises).toEqual([]);
    expect(factsOf([text], { staff: ['Dana Lee'] }).open_promises).toEqual([expect.objectContaining({ second_hand: { promised_by: 'Dana Lee', reported_by: 'Ben' } })]);
  });

  it('read afresh under another policy: its plan names are its own', () => {
    const text = 'Globex is on the Platinum plan.';
    expect(factsOf([text]).plan).toBeUndefined();
    const platinum: Rules = { ...rules, plans: { ...rules.plans, enterprise: { ...rules.plans.enterprise!, names: [...rules.plans.enterprise!.names, 'platinum'] } } };
    expect(factsOf([text], { rules: platinum }).plan?.key).toBe('enterprise');
    expect(factsOf([text]).plan).toBeUndefined();
  });

  it("keep one turn's facts out of the next: changing what a reading returned changes no later reading", () => {
    const text = 'Ben said Dana would refund him.';
    const first = factsOf([text]);
    first.open_promises[0]!.second_hand!.promised_by = 'Someone Else';
    first.open_promises.length = 0;
    expect(factsOf([text]).open_promises).toEqual([expect.objectContaining({ what: 'refund', second_hand: { promised_by: 'Dana Lee', reported_by: 'Ben' } })]);
  });
});
