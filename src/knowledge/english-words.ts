// Whether a question's term is an English word, so typo correction leaves it alone: "hire", "vote" and
// "prefer" are not typos of "wire", "note" and "refer", they are words the help center does not use.
// The list (english-words.txt, 4+ letters) is built by scripts/english-words.ts from two word lists that
// installed npm packages ship (compromise's lexicon, MIT; the sentence encoder's vocabulary, Apache-2.0);
// DATA.md names them. Compared as terms (stemmed), so "admits" and "admit" are one word.
import { readFileSync } from 'node:fs';
import { termOf } from './analyzer.js';

let englishTerms: Set<string> | undefined;

/** True when the term (analyzer.ts: lower-case, stemmed) is the term of a word in the English word list. */
export function isEnglishTerm(term: string): boolean {
  englishTerms ??= new Set(
    readFileSync(new URL('./english-words.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(termOf),
  );
  return englishTerms.has(term);
}
