// The load and chaos runs' message stream: mostly real customers' words from eval/real, the rest the
// fixed messages, the same for the same seed, and the seeded memories that make tickets escalate
// and notify a CSM still there.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { writeSyntheticWorkspace, REAL_MESSAGE_SHARE } from '../../bench/synthetic-workspace.js';
import { loadRealSet } from '../../src/eval/real-set.js';
import { seededRandom } from '../../src/seeded-random.js';

const dir = mkdtempSync(join(tmpdir(), 'memdesk-synthetic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const workspace = writeSyntheticWorkspace(dir, 40);
const real = loadRealSet();
const realTexts = new Set(real.map((m) => m.text));
const draw = (seed: number, n: number) => {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => workspace.message(random));
};

describe('synthetic workspace message stream', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(draw(7, 200)).toEqual(draw(7, 200));
    expect(draw(8, 200)).not.toEqual(draw(7, 200));
  });

  it('draws mostly real messages, of every source and both languages, and the fixed ones too', () => {
    const stream = draw(20_261_125, 4000);
    const fromReal = stream.filter((t) => realTexts.has(t));
    expect(fromReal.length / stream.length).toBeGreaterThan(REAL_MESSAGE_SHARE - 0.03);
    expect(fromReal.length / stream.length).toBeLessThan(REAL_MESSAGE_SHARE + 0.03);
    const drawn = real.filter((m) => fromReal.includes(m.text));
    expect(new Set(drawn.map((m) => m.source))).toEqual(new Set(real.map((m) => m.source)));
    expect(new Set(drawn.map((m) => m.lang))).toEqual(new Set(['en', 'de']));
    // Short bank queries and long bug reports alike.
    expect(Math.min(...fromReal.map((t) => t.length))).toBeLessThan(30);
    expect(Math.max(...fromReal.map((t) => t.length))).toBeGreaterThan(1000);
    const fixed = new Set(stream.filter((t) => !realTexts.has(t)));
    expect([...fixed].some((t) => /INV-\d{4}-\d{4}/.test(t))).toBe(true);
    expect(fixed.size).toBeGreaterThanOrEqual(8);
  });

  it('keeps the seeded memories that escalate billing tickets and notify a CSM', () => {
    const seed = parse(readFileSync(workspace.seedFile, 'utf8')) as { memories: { text: string }[] };
    expect(seed.memories.some((m) => m.text.includes('customer success manager (CSM) is Dana Lee'))).toBe(true);
    expect(seed.memories.some((m) => m.text.includes('promised a manual credit'))).toBe(true);
  });
});
