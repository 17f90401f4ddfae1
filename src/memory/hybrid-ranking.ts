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

/**
 * What a memory's text does not say but its place does, applied to the blended score. Chosen on
 * LoCoMo conversations 0–4, held out 5–9 (recall@10 tuning / held-out / all): the blend above
 * 0.7425 / 0.7214 / 0.7318; with the first three 0.7755 / 0.7746 / 0.7750, with all four 0.7826 /
 * 0.7812 / 0.7819. Each of the first three alone on 5–9: subject
 * 0.7515, period 0.7360, session 0.7267. The session share is flat on 0–4 once the other two are in
 * (0 to 0.3: 0.7741–0.7755), the held-out half is where it shows (0.7612 without it).
 * - A search naming whose words a memory is ("Caroline: …" for "What did Caroline paint?") doubles
 *   it. Words already did this (ranking.ts); a memory found by its meaning alone, or by its
 *   neighbour's, did not get it.
 * - A search naming the day or month a memory was written adds a fixed amount (named-periods.ts).
 * - Memories share 15% of their writing session's best score: a session that answers part of a
 *   question tends to hold the rest, and a reply ("we did it yesterday!") says little alone.
 * - A memory that ends by asking ("…how about you?") keeps 70% of its score: it is a question more
 *   than a fact, and the answer after it already takes most of its closeness (the neighbour share).
 *   Chosen on 0–4 over asking anywhere in the text and 0.2–0.6 (0.7794–0.7826); on 5–9 it holds
 *   (0.7746 -> 0.7812). Only the best 2 × limit are looked at: the penalty only lowers. Not
 *   applied to words alone, where it lowered 0–4 (0.7564 -> 0.7532): their ranking already passes
 *   a question's score on to the answer after it.
 * A store with no embedder blends its word ranking alone with the same cues (words only: 0.7275 /
 * 0.7027 / 0.7150 -> 0.7564 / 0.7342 / 0.7452).
 * Tried beside these and not adopted (0–4 / 5–9, each against the blend it was added to, 0.7629–
 * 0.7755 on 0–4): the query embedded without its wh-words (0.7436–0.7563 / 0.7345–0.7411) or
 * without the names it holds (0.7690–0.7754 / 0.7607–0.7659); memories embedded with the memory
 * before them (the write's model cost about doubles: 0.7740–0.7764 / 0.7622–0.7717) or without
 * their "Name:" (0.7638–0.7724 / 0.7526–0.7708); a prior from the session's mean vector
 * (0.7752–0.7798 / 0.7701–0.7737); fewer results per session (0.6574–0.7397 on 0–4); meaning's
 * neighbour share kept inside the session (0.7755 / 0.7720); a logistic reranker over these
 * signals (0.7711 / 0.7656); a stronger subject boost in the word ranking (0.7747–0.7753 /
 * 0.7602–0.7710); and weights again (weight 0.9: 0.7800 / 0.7727).
 */
const NAMED_SUBJECT_BOOST = 1;
const NAMED_PERIOD_BONUS = 0.5;
const SESSION_SHARE = 0.15;
const ASKING_KEEPS = 0.7;

/** Largest blend a memory can get before its session's share: both signals at full strength, plus the bonuses. */
const BLEND_MAX = (1 + SEMANTIC_WEIGHT) * (1 + NAMED_SUBJECT_BOOST) + NAMED_PERIOD_BONUS;

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
  /** 0..1: the blend divided by its largest possible value. */
  score: number;
}

/** What the blend is told about a candidate memory beyond its two scores (by docno). */
export interface CandidateContext {
  /** Memories are numbered below this; a neighbour's share past the newest lands on no memory. */
  readonly docnoLimit: number;
  /** The search names the memory's subject field ("Caroline: …" for a search that says Caroline). */
  namesSubject(docno: number): boolean;
  /** The memory was written within a day or month the search names (false when it names none). */
  writtenInNamedPeriod(docno: number): boolean;
  /** Any number shared by the memories of one writing session and by no other. */
  sessionOf(docno: number): number;
  /** The memory's text ends with a question mark. */
  endsAsking(docno: number): boolean;
}

const noContext: CandidateContext = { docnoLimit: Number.MAX_SAFE_INTEGER, namesSubject: () => false, writtenInNamedPeriod: () => false, sessionOf: (docno) => docno, endsAsking: () => false };

/** Best `limit` memories by blended score; ties go to the newer (higher docno). */
export function fuseRankings(lexical: LexicalHit[], semantic: SemanticHit[], limit: number, context: CandidateContext = noContext): FusedHit[] {
  const best = lexical.reduce((m, h) => Math.max(m, h.score), 0);
  const blended = new Map<number, number>();
  for (const h of lexical) if (best > 0) blended.set(h.docno, h.score / best);
  for (const h of semantic) {
    const closeness = Math.max(0, h.similarity - SIMILARITY_FLOOR) / (1 - SIMILARITY_FLOOR);
    if (closeness <= 0) continue;
    blended.set(h.docno, (blended.get(h.docno) ?? 0) + SEMANTIC_WEIGHT * closeness);
    if (h.docno + 1 < context.docnoLimit) blended.set(h.docno + 1, (blended.get(h.docno + 1) ?? 0) + SEMANTIC_NEXT * SEMANTIC_WEIGHT * closeness);
    if (h.docno > 0) blended.set(h.docno - 1, (blended.get(h.docno - 1) ?? 0) + SEMANTIC_PREV * SEMANTIC_WEIGHT * closeness);
  }
  const sessionBest = new Map<number, number>();
  for (const [docno, score] of blended) {
    let placed = context.namesSubject(docno) ? score * (1 + NAMED_SUBJECT_BOOST) : score;
    if (context.writtenInNamedPeriod(docno)) placed += NAMED_PERIOD_BONUS;
    blended.set(docno, placed);
    const session = context.sessionOf(docno);
    sessionBest.set(session, Math.max(sessionBest.get(session) ?? 0, placed));
  }
  for (const [docno, score] of blended) blended.set(docno, score + SESSION_SHARE * sessionBest.get(context.sessionOf(docno))!);
  const byScore = (a: [number, number], b: [number, number]) => b[1] - a[1] || b[0] - a[0];
  // The asking penalty goes with meaning's neighbour share; words have their own (ranking.ts).
  const meaning = semantic.length > 0;
  return [...blended]
    .sort(byScore)
    .slice(0, 2 * limit)
    .map(([docno, score]): [number, number] => [docno, meaning && context.endsAsking(docno) ? score * ASKING_KEEPS : score])
    .sort(byScore)
    .slice(0, limit)
    .map(([docno, score]) => ({ docno, score: Number(Math.min(1, score / ((1 + SESSION_SHARE) * BLEND_MAX)).toFixed(4)) }));
}
