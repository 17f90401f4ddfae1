// How a question that is not in English reaches the English help center: a word no article knows is
// looked up in the term map (term-map.ts: the everyday verbs and nouns of how-to questions), and a
// long compound word ("beveiligingsinstellingen", "Speicherplatzgrenze") is split into the parts the
// help center or the term map knows. Only the question side changes, so both engines (passage-index.ts,
// postgres.ts) get it from question-terms.ts, and articles are indexed as written.
import { termOf } from './analyzer.js';
import { englishFor } from './term-map.js';

/** A compound is split only when it is at least this long, and each part at least PART_MIN letters. */
const COMPOUND_MIN = 8;
const PART_MIN = 4;
/** A part read as a word the help center holds must keep this many letters as a term: "universidades" split
 * as "univers" + "idades"/"ades" made the term "ad" ("Azure AD"), which read a Portuguese question about
 * student discounts as one about SSO once "added" and "adding" stopped stemming to "ad". */
const PART_TERM_MIN = 3;

/** The English terms of one word of a foreign question the help center does not know, or undefined. */
export function englishTerms(word: string, known: (term: string) => boolean): string[] | undefined {
  return translated(word) ?? compoundParts(word, known);
}

/** The terms of a word's entry in the term map, if it has one. */
const translated = (word: string): string[] | undefined => englishFor(word)?.split(' ').map(termOf);

/** The terms of the known parts of a compound word (German and Dutch join nouns, often with a linking
 * "s" or "e"), from the split that resolves the most and the longest parts; undefined when none resolves. */
function compoundParts(word: string, known: (term: string) => boolean): string[] | undefined {
  if (word.length < COMPOUND_MIN || /\d/.test(word)) return undefined;
  let best: { terms: string[]; letters: number } | undefined;
  for (let i = PART_MIN; i <= word.length - PART_MIN; i++) {
    const parts = [resolve(word.slice(0, i), known), resolve(word.slice(i), known)].filter((p) => p !== undefined);
    const terms = parts.flatMap((p) => p.terms);
    const letters = parts.reduce((n, p) => n + p.letters, 0);
    if (terms.length && (!best || letters > best.letters)) best = { terms, letters };
  }
  return best?.terms;
}

function resolve(part: string, known: (term: string) => boolean): { terms: string[]; letters: number } | undefined {
  for (const p of [part, part.replace(/(?<=\w{4})[se]$/, '')]) {
    const english = translated(p);
    if (english) return { terms: english, letters: part.length };
    if (termOf(p).length >= PART_TERM_MIN && known(termOf(p))) return { terms: [termOf(p)], letters: part.length };
  }
  return undefined;
}
