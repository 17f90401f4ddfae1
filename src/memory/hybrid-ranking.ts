// How the embedded store combines its two ranking signals: the words a memory shares with the query
// (ranking.ts, BM25 with session context) and how close its meaning is (embedder.ts, cosine
// similarity). Each list is taken from its own index; a memory found by either can win. `npm run
// bench` measures the blend on LoCoMo (recall@10, with USE-lite): words alone 0.715, this blend
// 0.732. The weights below are the best of a dozen settings tried on it (weight 0.3–1, floor 0.2–0.4,
// neighbours 0–1.2), which all landed between 0.710 (meaning weighted as much as words, no
// neighbours) and 0.732, more candidates (100 each) gave nothing: the model, not the blend, is what
// limits recall here. Checked again choosing on conversations 0–4 and holding out 5–9 (this blend:
// 0.7425 / 0.7214): weight 0.5–2.5, floor 0.2/0.4 and no neighbours (0.692–0.740), reciprocal-rank
// fusion (k 20/60: 0.651–0.685) and query expansion by the best memories' vectors (0.716–0.724)
// were below it on 0–4; the two above it there, squared closeness at weight 1.5 (0.7441) and
// square-rooted word scores (0.7434), were below it on 5–9 (0.7201, 0.7168).

/** Candidates each signal contributes before blending. */
export const LEXICAL_CANDIDATES = 40;
export const VECTOR_CANDIDATES = 40;
/**
 * A similarity at or below this says nothing (unrelated sentences land around 0.1–0.3 with USE-lite);
 * above it, closeness counts linearly up to 1.
 */
const SIMILARITY_FLOOR = 0.3;
/** Weight of meaning against words, words being normalised to 1 for the best lexical match. */
const SEMANTIC_WEIGHT = 0.7;

/**
 * As with words (ranking.ts), memories written next to a close one share its closeness: the one
 * after it (an answer after its question: 0 → 0.8 is +0.005) and, less, the one before.
 */
const SEMANTIC_NEXT = 0.8;
const SEMANTIC_PREV = 0.2;

export interface LexicalHit {
  docno: number;
  score: number;
}
export interface SemanticHit {
  docno: number;
  similarity: number;
}
export interface FusedHit {
  docno: number;
  /** 0..1: the blend divided by its maximum. */
  score: number;
}

/** Best `limit` memories by blended score; ties go to the newer (higher docno). */
export function fuseRankings(lexical: LexicalHit[], semantic: SemanticHit[], limit: number): FusedHit[] {
  const best = lexical.reduce((m, h) => Math.max(m, h.score), 0);
  const blended = new Map<number, number>();
  for (const h of lexical) if (best > 0) blended.set(h.docno, h.score / best);
  for (const h of semantic) {
    const closeness = Math.max(0, h.similarity - SIMILARITY_FLOOR) / (1 - SIMILARITY_FLOOR);
    if (closeness <= 0) continue;
    blended.set(h.docno, (blended.get(h.docno) ?? 0) + SEMANTIC_WEIGHT * closeness);
    blended.set(h.docno + 1, (blended.get(h.docno + 1) ?? 0) + SEMANTIC_NEXT * SEMANTIC_WEIGHT * closeness);
    if (h.docno > 0) blended.set(h.docno - 1, (blended.get(h.docno - 1) ?? 0) + SEMANTIC_PREV * SEMANTIC_WEIGHT * closeness);
  }
  return [...blended]
    .sort((a, b) => b[1] - a[1] || b[0] - a[0])
    .slice(0, limit)
    .map(([docno, score]) => ({ docno, score: Number((score / (1 + SEMANTIC_WEIGHT)).toFixed(4)) }));
}
