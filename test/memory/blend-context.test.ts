// What the embedded store's blend weighs beyond words and meaning, seen through search: whose words a
// memory is, the day or month it was written, and the session it was written in. The embedder here
// gives each memory a chosen closeness to every query (no model), and the queries share no word with
// the memories, so only meaning and these cues decide the order; without a cue the newer memory wins
// a tie, so each case puts the memory the cue should raise first in time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/core/ports.js';
import type { Embedder } from '../../src/memory/embedder.js';
import { createLocalMemoryStore, type LocalMemoryStore } from '../../src/memory/local.js';
import { namedPeriods } from '../../src/memory/named-periods.js';

const ben: Scope = { kind: 'customer', id: 'cust_ben' };

/** Cosine similarity of each memory text to any query; texts not listed (queries) sit on the axis. */
function closeness(similarity: Record<string, number>): Embedder {
  return {
    model: 'closeness-test',
    dimensions: 8,
    embed: async (texts) =>
      texts.map((t) => {
        const s = similarity[t] ?? 1;
        return Float32Array.from({ length: 8 }, (_, i) => (i === 0 ? s : i === 1 ? Math.sqrt(1 - s * s) : 0));
      }),
  };
}

let dir: string;
let store: LocalMemoryStore | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'memdesk-blend-'));
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function storeWith(similarity: Record<string, number> | undefined, memories: { text: string; created_at: string }[]) {
  const embedder = similarity && closeness(similarity);
  store = await createLocalMemoryStore({ dataDir: dir, namespace: 'test', clock: { now: () => new Date('2026-06-01T00:00:00Z') }, ...(embedder ? { embedder } : {}) });
  await store.bulkAdd(memories.map((m) => ({ scope: ben, ...m })));
  return store;
}
const texts = async (s: LocalMemoryStore, query: string) => (await s.search(ben, query, { limit: 5 })).map((m) => m.memory);

describe('the blend', () => {
  it('puts the memories of the person a search names first, even found by meaning alone', async () => {
    const s = await storeWith({ 'Ben: the parcel never came': 0.8, 'Dana: the parcel never came either': 0.8 }, [
      { text: 'Ben: the parcel never came', created_at: '2026-05-01T10:00:00Z' },
      { text: 'Dana: the parcel never came either', created_at: '2026-05-02T10:00:00Z' },
    ]);
    expect(await texts(s, 'What did Ben lose?')).toEqual(['Ben: the parcel never came', 'Dana: the parcel never came either']);
    expect(await texts(s, 'What did Dana lose?')).toEqual(['Dana: the parcel never came either', 'Ben: the parcel never came']);
  });

  it('puts a memory written on the day or in the month a search names first', async () => {
    const s = await storeWith({ 'The export timed out again': 0.8, 'The export timed out once more': 0.8 }, [
      { text: 'The export timed out again', created_at: '2026-03-03T10:00:00Z' },
      { text: 'The export timed out once more', created_at: '2026-04-20T10:00:00Z' },
    ]);
    expect((await texts(s, 'What went wrong on 3 March, 2026?'))[0]).toBe('The export timed out again');
    expect((await texts(s, 'What went wrong on March 3rd, 2026?'))[0]).toBe('The export timed out again');
    expect((await texts(s, 'What went wrong in March 2026?'))[0]).toBe('The export timed out again');
    expect((await texts(s, 'What went wrong in April 2026?'))[0]).toBe('The export timed out once more');
    // A date written in no memory's period changes nothing: the newer wins the tie.
    expect((await texts(s, 'What went wrong on 9 May, 2026?'))[0]).toBe('The export timed out once more');
  });

  it('lifts a memory whose session holds a close match above an equally close one elsewhere', async () => {
    const s = await storeWith({ 'The invoice total was wrong': 0.9, 'Lunch was late': 0.1, 'It was fixed by hand': 0.5, 'Coffee ran out': 0.1, 'It was fixed by a script': 0.5 }, [
      { text: 'The invoice total was wrong', created_at: '2026-05-01T10:00:00Z' },
      { text: 'Lunch was late', created_at: '2026-05-01T10:01:00Z' },
      { text: 'It was fixed by hand', created_at: '2026-05-01T10:02:00Z' },
      { text: 'Coffee ran out', created_at: '2026-05-09T10:00:00Z' },
      { text: 'It was fixed by a script', created_at: '2026-05-09T10:01:00Z' },
    ]);
    const found = await texts(s, 'How did we sort the mistake?');
    expect(found.indexOf('It was fixed by hand')).toBeLessThan(found.indexOf('It was fixed by a script'));
  });
});

describe('a memory that ends by asking', () => {
  it('ranks below an equally close one that states something', async () => {
    const s = await storeWith({ 'The refund reached the card on Monday': 0.8, 'Lunch was late': 0.1, 'Did the refund reach the card?': 0.8 }, [
      { text: 'The refund reached the card on Monday', created_at: '2026-05-01T10:00:00Z' },
      // Apart, so neither takes a share of the other's closeness as its neighbour.
      { text: 'Lunch was late', created_at: '2026-05-05T10:00:00Z' },
      { text: 'Did the refund reach the card?', created_at: '2026-05-09T10:00:00Z' },
    ]);
    const found = await texts(s, 'Was the money returned?');
    expect(found.indexOf('The refund reached the card on Monday')).toBeLessThan(found.indexOf('Did the refund reach the card?'));
  });
});

describe('ranking by words alone (no embedder)', () => {
  it('takes the same cues: a named day, and the person named', async () => {
    const s = await storeWith(undefined, [
      { text: 'Ben: the export timed out', created_at: '2026-03-03T10:00:00Z' },
      { text: 'Dana: the export timed out', created_at: '2026-04-20T10:00:00Z' },
      { text: 'Ben: the export timed out again', created_at: '2026-04-21T10:00:00Z' },
    ]);
    expect((await texts(s, 'Which export timed out on 3 March, 2026?'))[0]).toBe('Ben: the export timed out');
    expect((await texts(s, 'Did the export time out for Dana?'))[0]).toBe('Dana: the export timed out');
  });
});

describe('namedPeriods', () => {
  it('reads days and months with their year, and nothing without one', () => {
    expect(namedPeriods('on 1 February, 2023 and October 13th, 2023')).toEqual([
      { from: '2023-10-13', to: '2023-10-13' },
      { from: '2023-02-01', to: '2023-02-01' },
    ]);
    expect(namedPeriods('in Feb 2024')).toEqual([{ from: '2024-02-01', to: '2024-02-29' }]);
    expect(namedPeriods('on December 1,2023')).toEqual([{ from: '2023-12-01', to: '2023-12-01' }]);
    expect(namedPeriods('since 2026-04-12')).toEqual([{ from: '2026-04-12', to: '2026-04-12' }]);
    expect(namedPeriods('camping in June, or on 31 June 2023')).toEqual([]);
  });
});
