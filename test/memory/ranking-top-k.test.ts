// A search asks for its best few memories, and ranking skips every memory that cannot reach them.
// What it returns must be exactly what ranking the whole scope returns, cut to the same length:
// the same memories, in the same order, with the same scores (ties going to the newer memory).
import { describe, expect, it } from 'vitest';
import { packPosting, rankByRelevance, rankScope, SESSION_TERM, SUBJECT_PREFIX, FLAG_ASKS, type ScopeIndex } from '../../src/memory/ranking.js';
import { seededRandom } from '../../src/seeded-random.js';

const LIMITS = [1, 5, 8, 40];

/** A scope of made-up posting lists: few terms, so many memories share them and many tie. */
function randomScope(seed: number, docs: number) {
  const rnd = seededRandom(seed);
  const terms = ['plan', 'refund', 'sso', 'invoic', 'renew', 'export', 'slow', 'ben', 'ana', '#billing'];
  const lists = new Map<string, number[]>();
  const push = (term: string, docno: number, meta: number) => {
    let list = lists.get(term);
    if (!list) lists.set(term, (list = []));
    list.push(docno, meta);
  };
  let totalLength = 0;
  // Memories come in look-alike families (the same words, the same length) so scores tie exactly.
  const families = Array.from({ length: 12 }, () => {
    const length = 1 + Math.floor(rnd() * 12);
    const held = terms.filter(() => rnd() < 0.3).map((term) => [term, 1 + Math.floor(rnd() * 3)] as const);
    return { length, held, flags: rnd() < 0.3 ? FLAG_ASKS : 0 };
  });
  for (let d = 0; d < docs; d++) {
    const family = families[Math.floor(rnd() * families.length)]!;
    totalLength += family.length;
    if (rnd() < 0.3) push(SESSION_TERM, d, packPosting(1, 0, 0));
    if (rnd() < 0.05) push(SUBJECT_PREFIX + (rnd() < 0.5 ? 'ben' : 'ana'), d, packPosting(1, 0, 0));
    for (const [term, tf] of family.held) push(term, d, packPosting(tf, family.length, family.flags));
  }
  const arrays = new Map([...lists].map(([term, list]) => [term, Uint32Array.from(list)]));
  const index: ScopeIndex = {
    docs,
    totalLength,
    docnoLimit: docs,
    postings: (term) => arrays.get(term) ?? new Uint32Array(0),
    documentFrequency: (term) => (arrays.get(term)?.length ?? 0) / 2,
    analyzed: () => [],
  };
  const query = () => terms.filter(() => rnd() < 0.4).join(' ') || 'plan';
  return { index, query };
}

/** A LoCoMo-like conversation: two speakers' turns a minute apart, sessions days apart, questions and answers. */
function conversation(seed: number, turns: number) {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const speakers = ['Caroline', 'Melanie', 'Ben Lee'];
  const words = `adoption agency painting camping trip kids school pottery class charity race guitar beach sunset
    support group counseling job interview dog park book club museum concert garden recipe bike marathon`.split(/\s+/);
  const frames = [
    (w: string[]) => `I went to the ${w[0]} with my ${w[1]} last week.`,
    (w: string[]) => `Have you tried ${w[0]} or ${w[1]}?`,
    (w: string[]) => `My ${w[0]} and the ${w[1]} ${w[2]} were great yesterday!`,
    (w: string[]) => `When did you start the ${w[0]}?`,
    (w: string[]) => `We talked about ${w[0]}, ${w[1]} and ${w[2]} on 2023-05-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}.`,
  ];
  let t = Date.parse('2023-05-01T10:00:00Z');
  return Array.from({ length: turns }, (_, i) => {
    t += rnd() < 0.05 ? 3 * 86_400_000 : 60_000;
    const text = `${pick(speakers)}: ${pick(frames)([pick(words), pick(words), pick(words)])}`;
    return { id: `turn-${i}`, text, created_at: new Date(t).toISOString() };
  });
}

describe('top-k word ranking', () => {
  it('returns what ranking the whole scope returns, cut to the limit, on random posting lists', () => {
    let compared = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const { index, query } = randomScope(seed, 300 + seed * 37);
      for (let q = 0; q < 5; q++) {
        const text = query();
        const whole = rankScope(text, index, index.docnoLimit);
        if (whole.length > 0) compared++;
        for (const limit of LIMITS) expect(rankScope(text, index, limit), `seed ${seed}, "${text}", limit ${limit}`).toEqual(whole.slice(0, limit));
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('keeps ties in the same order: the newer memory first', () => {
    const { index } = randomScope(7, 2000);
    const whole = rankScope('plan refund', index, index.docnoLimit);
    const top = rankScope('plan refund', index, 40);
    expect(top).toEqual(whole.slice(0, 40));
    // The scope's look-alike memories do tie, so the order among equals is really exercised.
    expect(new Set(top.map((r) => r.score)).size).toBeLessThan(top.length);
    for (let i = 1; i < top.length; i++) if (top[i]!.score === top[i - 1]!.score) expect(top[i]!.docno).toBeLessThan(top[i - 1]!.docno);
  });

  it('returns what ranking every turn returns on LoCoMo-like conversations, with subjects, sessions and feedback', () => {
    const queries = [
      'When did Caroline go to the adoption agency?',
      'What did Melanie paint?',
      'Ben: camping trip with the kids',
      'What do Caroline and Melanie have in common: pottery, charity race or guitar?',
      'support group and counseling after the job interview',
    ];
    for (const seed of [11, 12, 13]) {
      const turns = conversation(seed, 1500);
      for (const query of queries) {
        const whole = rankByRelevance(query, turns, turns.length);
        expect(whole.length, query).toBeGreaterThan(0);
        for (const limit of LIMITS) expect(rankByRelevance(query, turns, limit).map((m) => m.id), `seed ${seed}, "${query}", limit ${limit}`).toEqual(whole.slice(0, limit).map((m) => m.id));
      }
    }
  });
});
