// How an English question's word no article holds reaches the help center's own word for the same thing:
// "terminate my account" → end, "repay" → refund. wordnet-synonyms.txt (built by scripts/wordnet-synonyms.ts
// from Princeton WordNet 3.0; DATA.md, licence in wordnet-synonyms.LICENSE.txt) maps a word to its synonyms
// in a frequent sense of both words. Looked up by the word and its base forms, not its stem: "disposable"
// is not "dispose". Like foreign-words.ts, only the question side changes, so both engines
// get it from question-terms.ts, and only synonyms some article holds are read.
import { readFileSync } from 'node:fs';
import { termOf } from './analyzer.js';

/** A word's synonyms' terms and its hypernyms' terms. */
let related: Map<string, [string[], string[]]> | undefined;

function load(): Map<string, [string[], string[]]> {
  const map = new Map<string, [string[], string[]]>();
  const terms = (list = '') => list.split(' ').filter(Boolean).map(termOf);
  for (const line of readFileSync(new URL('./wordnet-synonyms.txt', import.meta.url), 'utf8').split('\n')) {
    const [word, synonyms, hypernyms] = line.split('\t');
    if (word) map.set(word, [terms(synonyms), terms(hypernyms)]);
  }
  return map;
}

/** WordNet's regular endings (its "morphy" detachment rules for nouns, verbs and adjectives): a word and the
 * base forms it may be an inflection of ("terminated" → terminate, terminat; "policies" → policy). */
const endings: [string, string][] = [
  ['s', ''], ['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y'],
  ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', ''], ['er', ''], ['est', ''], ['er', 'e'], ['est', 'e'],
];
export function baseForms(word: string): string[] {
  const forms = [word];
  for (const [ending, base] of endings) if (word.length > ending.length + 2 && word.endsWith(ending)) forms.push(word.slice(0, -ending.length) + base);
  return [...new Set(forms)];
}

/** The help-center terms (among those `known` holds) a question's word (analyzer.ts wordsOf: lower-case,
 * accent-free) is read as: its synonyms, or when none is known, its hypernyms ("broader": true); undefined
 * when neither is. */
export function synonymTerms(word: string, known: (term: string) => boolean): { terms: string[]; broader: boolean } | undefined {
  related ??= load();
  const lists = baseForms(word).flatMap((w) => { const l = related!.get(w); return l ? [l] : []; });
  for (const kind of [0, 1] as const) {
    const found = new Set(lists.flatMap((l) => l[kind]).filter(known));
    if (found.size) return { terms: [...found], broader: kind === 1 };
  }
  return undefined;
}
