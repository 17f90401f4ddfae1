// The effect ledger across a crash: a first run records only results, a resumed run looks in Slack
// for what has no record before doing it again, and a key of no inbox item keeps intent-then-result.
import { describe, expect, it } from 'vitest';
import { effectLedger, type TurnRuns } from '../../src/slack/effects.js';
import type { EffectRecord } from '../../src/slack/delivery-ledger.js';

function ledgerRecords() {
  const records = new Map<string, EffectRecord>();
  const calls: string[] = [];
  return {
    records,
    calls,
    delivery: {
      async effect(key: string) {
        calls.push(`read ${key}`);
        return records.get(key);
      },
      async recordEffect(key: string, status: EffectRecord['status'], result?: Record<string, unknown>) {
        calls.push(`${status} ${key}`);
        records.set(key, { key, status, result: result ?? null });
      },
    },
  };
}

describe('effect ledger', () => {
  it('a first run reads nothing back and records only the result; the same key in that run is not done twice', async () => {
    const l = ledgerRecords();
    const done = new Map<string, Record<string, unknown>>();
    const recording: Promise<unknown>[] = [];
    const runs: TurnRuns = (key) => (key.startsWith('inb_1:') ? { run: 'first', done, recording } : undefined);
    const effects = effectLedger(l.delivery, runs);
    let posts = 0;
    const post = async () => ({ ts: `1.${++posts}` });
    expect(await effects.once('inb_1:reply', post)).toEqual({ ts: '1.1' });
    expect(await effects.once('inb_1:reply', post)).toEqual({ ts: '1.1' });
    expect(posts).toBe(1);
    await Promise.all(recording);
    expect(l.calls).toEqual(['done inb_1:reply']);
  });

  it('a first run goes on before its result is recorded, and leaves the record (and its failure) to the worker', async () => {
    let fail: (error: Error) => void = () => {};
    const delivery = {
      effect: async () => undefined,
      recordEffect: () => new Promise<void>((_, reject) => (fail = reject)),
    };
    const recording: Promise<unknown>[] = [];
    const effects = effectLedger(delivery, () => ({ run: 'first', done: new Map(), recording }));
    // The record has not settled, yet the run has its result and can take its next step.
    expect(await effects.once('inb_1:reply', async () => ({ ts: '1.1' }))).toEqual({ ts: '1.1' });
    expect(recording).toHaveLength(1);
    fail(new Error('database down'));
    await expect(Promise.all(recording)).rejects.toThrow('database down');
  });

  it('a resumed run finds in Slack a post its crashed first run made but never recorded, and does not post it again', async () => {
    const l = ledgerRecords();
    const effects = effectLedger(l.delivery, () => ({ run: 'resumed' }));
    let posts = 0;
    const result = await effects.once(
      'inb_1:reply',
      async () => ({ ts: `1.${++posts}` }),
      async () => ({ ts: '1.0' }),
    );
    expect(result).toEqual({ ts: '1.0' });
    expect(posts).toBe(0);
    expect(l.records.get('inb_1:reply')).toEqual({ key: 'inb_1:reply', status: 'done', result: { ts: '1.0' } });
  });

  it('a key of no inbox item records its intent before the call, and a record of no intent is not looked up', async () => {
    const l = ledgerRecords();
    const effects = effectLedger(l.delivery);
    let lookups = 0;
    await effects.once(
      'button:1',
      async () => ({ ts: '2.1' }),
      async () => (lookups++, undefined),
    );
    expect(lookups).toBe(0);
    expect(l.calls).toEqual(['read button:1', 'intent button:1', 'done button:1']);
  });

  it('a reaction is kept in no record: a first run adds it once, any other run simply adds it again', async () => {
    const l = ledgerRecords();
    const done = new Map<string, Record<string, unknown>>();
    const recording: Promise<unknown>[] = [];
    const first = effectLedger(l.delivery, () => ({ run: 'first', done, recording }));
    let adds = 0;
    const add = async () => void adds++;
    await first.repeatable('inb_1:reaction:eyes', add);
    await first.repeatable('inb_1:reaction:eyes', add);
    expect(adds).toBe(1);
    await effectLedger(l.delivery, () => ({ run: 'resumed' })).repeatable('inb_1:reaction:eyes', add);
    expect(adds).toBe(2);
    expect(recording).toHaveLength(0);
    expect(l.calls).toEqual([]);
  });
});
