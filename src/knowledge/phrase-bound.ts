// A word the help center uses only inside one phrase ("order", held only in "purchase order") is that
// phrase's word, not a topic of its own: a customer's "the ETA of order 00004587345" or "order another
// card" is no question about purchase orders. Which words are bound so is counted from the articles
// (never listed by hand: in a shop's help center "order" stands alone and keeps counting), and a
// question's word counts only when the question holds the phrase (question-terms.ts questionTerms).
// Cost, measured with process.cpuUsage on 1,080 articles (the shipped 36, 30 times): building the embedded index
// 0.61 → 1.07 s CPU, as every article's text is read once more for its neighbours; a search for "the ETA of order …"
// 0.73 → 0.10 ms, as the bound "order" no longer scores every article holding it.
import type { Article } from './article.js';
import { termsOf, type AnalyzerOptions } from './analyzer.js';
import { splitIntoPassages } from './passages.js';

/** A term is phrase-bound only when the articles hold it at least this often: a word seen once is not
 * bound to its one neighbour by accident. */
const MIN_OCCURRENCES = 2;

/** One term's uses: how often, and its neighbour on each side when every use has the same one (null: varied or none). */
export type Neighbours = [count: number, left: string | null, right: string | null];

/** The runs of adjacent words an article holds: its title, each tag, each heading, each line or sentence of its text. */
function runs(article: Article): string[] {
  const passages = splitIntoPassages(article);
  const headings = passages.map((p) => p.heading).filter((h) => h !== article.title);
  const lines = passages.flatMap((p) => p.text.split(/\n+|(?<=[.?!;:])\s+/));
  return [article.title, ...article.tags, ...headings, ...lines];
}

/** Each term of an article with its uses' neighbours (stored by PostgreSQL per article). */
export function articleNeighbours(article: Article, opts: AnalyzerOptions = {}): Record<string, Neighbours> {
  const out: Record<string, Neighbours> = {};
  for (const run of runs(article)) {
    const t = termsOf(run, opts);
    t.forEach((term, i) => {
      const left = t[i - 1] ?? null;
      const right = t[i + 1] ?? null;
      const seen = out[term];
      if (!seen) out[term] = [1, left, right];
      else out[term] = [seen[0] + 1, seen[1] === left ? left : null, seen[2] === right ? right : null];
    });
  }
  return out;
}

/** The two-word titles and tags of an article, as terms ("purchase order" → "purchas order"): the phrases that can bind. */
export function namedPhrases(title: string, tags: readonly string[], opts: AnalyzerOptions = {}): string[] {
  return [title, ...tags].map((t) => termsOf(t, opts)).filter((t) => t.length === 2 && t[0] !== t[1]).map((t) => t.join(' '));
}

/**
 * Across all articles: each phrase-bound term → its phrase ("purchase order"), in the order the articles write
 * it. Only a phrase that is a whole title or tag of two words (namedPhrases) binds. Of the shipped help center's
 * words, 67 are bound to one neighbour, many by how one article happens to word them, and customers use them
 * alone for the same thing ("avatar" only after "click", "expiry" only before "date", "developer" only after
 * "settings"); a phrase inside a longer tag still bound "tool" ("move from another tool": a written question's
 * "from our old tool" lost its import article) and Spanish and Portuguese words to "de" ("registro de
 * auditoría"). Whole two-word tags bind 27 ("order" in "purchase order", "balance" in "credit balance").
 */
export function phraseBoundTerms(perArticle: Iterable<Record<string, Neighbours>>, named: ReadonlySet<string>): Map<string, string> {
  const all = new Map<string, Neighbours>();
  for (const neighbours of perArticle) {
    for (const [term, [count, left, right]] of Object.entries(neighbours)) {
      const seen = all.get(term);
      all.set(term, seen ? [seen[0] + count, seen[1] === left ? left : null, seen[2] === right ? right : null] : [count, left, right]);
    }
  }
  const bound = new Map<string, string>();
  for (const [term, [count, left, right]] of all) {
    if (count < MIN_OCCURRENCES) continue;
    if (left !== null && left !== term && named.has(`${left} ${term}`)) bound.set(term, `${left} ${term}`);
    else if (right !== null && right !== term && named.has(`${term} ${right}`)) bound.set(term, `${term} ${right}`);
  }
  return bound;
}
