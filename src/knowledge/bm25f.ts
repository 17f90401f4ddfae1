// The BM25F arithmetic both search engines rank with (passage-index.ts in memory, postgres.ts over the
// rows PostgreSQL finds), so the same question over the same articles ranks them in the same order:
// one formula, one set of field weights, evaluated in the same order (floats add up the same way).
/** A field of a document: what it is worth relative to body text, and how much its length counts (b). */
export interface FieldSpec {
  readonly name: string;
  readonly weight: number;
  readonly b: number;
}

// Measured with `memdesk eval --set knowledge` on the 158 questions (weights: title 5 or tags 4 changed
// @1 by under 0.02; the article level counting twice the passage level raised @1 from 0.81 to 0.87 on
// the half of the set used for tuning).
const B_BODY = 0.75;
const B_SHORT = 0.3;
/** The article level: is this the right article? Title and tags weigh more than the body. */
export const ARTICLE_FIELDS: readonly FieldSpec[] = [
  { name: 'title', weight: 3, b: B_SHORT },
  { name: 'tags', weight: 2, b: B_SHORT },
  { name: 'body', weight: 1, b: B_BODY },
];
/** The passage level: which section answers? Its heading weighs more than its text. A section's text is
 * normalised for its length as lightly as a short field (b 0.3, not 0.75): a section is as long as its steps,
 * and with 0.75 one-line sections ("Remove a member permanently") outranked the steps on a shared word
 * (scripts/measure-sections.ts, odd ids: right section quoted first 0.526 → 0.596 and 0.396 → 0.472). */
export const PASSAGE_FIELDS: readonly FieldSpec[] = [
  { name: 'heading', weight: 2, b: B_SHORT },
  { name: 'body', weight: 1, b: B_SHORT },
];
export const K1 = 1.2;
/** The article level counts this much more than the passage level. 2.5, not 2 (branch kbrank, 3 December): a
 * short heading that holds the question's words ("What changes on the Free plan", "Plan changes") outranked the
 * article whose title and tags hold them, and "change my plan" never brought *Change your plan* into the first
 * three articles the answerability orders; odd ids of both eval sets unchanged, written even ids @1 +1, @3 +2. */
export const ARTICLE_SHARE = 2.5;

export function bm25Idf(df: number, size: number): number {
  return Math.log(1 + (size - df + 0.5) / (df + 0.5));
}

/** One field's share of a term's pseudo term frequency: `count` occurrences in a field of `length` terms. */
export function fieldTf(field: FieldSpec, count: number, length: number, averageLength: number): number {
  return (field.weight * count) / (1 - field.b + (field.b * length) / averageLength);
}

/** The average length of each field over a collection (1 for an empty field everywhere). */
export function averageLengths(fields: readonly FieldSpec[], lengths: Iterable<Record<string, number>>, size: number): Record<string, number> {
  const sums: Record<string, number> = Object.fromEntries(fields.map((f) => [f.name, 0]));
  for (const l of lengths) for (const f of fields) sums[f.name]! += l[f.name] ?? 0;
  return Object.fromEntries(fields.map((f) => [f.name, sums[f.name]! / Math.max(1, size) || 1]));
}

/** A term's share of a document's score: `idf` × the query weight × saturated pseudo term frequency. */
export function termScore(idf: number, weight: number, tf: number): number {
  return tf > 0 ? (idf * weight * tf) / (K1 + tf) : 0;
}

/** Ties in a ranking go to the lower article id, in both engines. */
export const byId = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/** Passages are scored only in the best-matching articles; a help center smaller than this is searched exactly. */
export const CANDIDATE_ARTICLES = 50;
/** At most this many passages of one article by default, so the top results offer different articles. */
export const PASSAGES_PER_ARTICLE = 2;
