// npx tsx scripts/wordnet-synonyms.ts: writes src/knowledge/wordnet-synonyms.txt, the English synonyms a
// customer's word no article holds is read as (src/knowledge/wordnet-words.ts): "terminate" → end, "repay" →
// refund. It is built by hand from Princeton WordNet 3.0 (the Debian package wordnet-base, dict files under
// /usr/share/wordnet, or WORDNET_DIR), deterministic, and committed; nothing at run time needs WordNet.
//
// The rule, decided from what WordNet's sense order means and not from any question:
// - two one-word lemmas are synonyms when they share a synset (same meaning, same part of speech);
// - only when that synset is one of the first SENSES senses of BOTH words (WordNet lists a word's senses
//   from the most to the least frequent in its tagged corpus): "bill" → "poster" (its 6th sense) is out,
//   a customer who writes a rare sense of a word, or means a rare sense of the help center's word, is not
//   served by the swap;
// - words are matched as words, not as stems: "disposable" is not "dispose", and a synonym must be an article's
//   word or the base form of one ("retired" → retire, never "retirement");
// - only words no article holds are mapped, and only to words some article holds (the shipped knowledge/, or
//   KNOWLEDGE_DIR): the list stays small. The search also reads a synonym only when its own articles hold
//   it, so an operator with other articles gets the synonyms both help centers share, or re-runs this.
// Experiments (eval/knowledge/README.md): WORDNET_SENSES=1 (only the most frequent sense of both words);
// WORDNET_ATTESTED=1 (only senses seen in WordNet's tagged corpus); WORDNET_HYPERNYMS=1 (a third column: the
// one-word lemmas of each sense's direct hypernyms, read only when no synonym is known).
// WordNet's licence asks that its notice travel with every copy: wordnet-synonyms.LICENSE.txt beside the list.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/compose.js';
import { termOf, termsOf, wordsOf } from '../src/knowledge/analyzer.js';
import { readKnowledgeDir } from '../src/knowledge/knowledge-dir.js';
import { baseForms } from '../src/knowledge/wordnet-words.js';

const DIR = process.env.WORDNET_DIR ?? '/usr/share/wordnet';
const SENSES = Number(process.env.WORDNET_SENSES ?? 2);
const HYPERNYMS = process.env.WORDNET_HYPERNYMS === '1';
const ATTESTED = process.env.WORDNET_ATTESTED === '1';
const OUT = process.env.WORDNET_OUT ?? join(projectRoot, 'src', 'knowledge', 'wordnet-synonyms.txt');
const KNOWLEDGE = process.env.KNOWLEDGE_DIR ?? join(projectRoot, 'knowledge');
const POS = ['noun', 'verb', 'adj', 'adv'] as const;

const articleTexts = readKnowledgeDir(KNOWLEDGE).map((a) => `${a.title}\n${a.tags.join('\n')}\n${a.body}`);
/** The help center's terms, as the search indexes them (title, tags and body of every article). */
const helpCenter = new Set(articleTexts.flatMap((t) => termsOf(t)));
/** Irregular inflections (WordNet's *.exc: "withdrew" → withdraw), for the articles' words and the list's. */
const irregular = new Map<string, string[]>();
for (const pos of POS) {
  for (const line of readFileSync(join(DIR, `${pos}.exc`), 'utf8').split('\n')) {
    const [form, ...bases] = line.trim().split(' ');
    if (form && bases.length) irregular.set(form, [...(irregular.get(form) ?? []), ...bases]);
  }
}
/** Every lemma an article's word may be an inflection of ("invoices" → invoice, "retired" → retire): a synonym
 * must be one of these, not merely share a stem with an article's word ("retirement" is not "retired"). */
const helpCenterLemmas = new Set(articleTexts.flatMap((t) => wordsOf(t)).flatMap((w) => [...baseForms(w), ...(irregular.get(w) ?? [])]));

/** A lemma is kept when it is one lower-case word of letters (no collocations, names or abbreviations in capitals). */
const oneWord = (lemma: string) => /^[a-z]{3,}$/.test(lemma);

/** Each lemma's synsets of one part of speech, most frequent sense first (index.<pos>). */
function readIndex(pos: string): Map<string, string[]> {
  const senses = new Map<string, string[]>();
  for (const line of readFileSync(join(DIR, `index.${pos}`), 'utf8').split('\n')) {
    if (!line || line.startsWith(' ')) continue;
    const f = line.trim().split(' ');
    const synsetCount = Number(f[2]);
    // tagsense_cnt: how many of its senses were seen in WordNet's sense-tagged corpus (they come first).
    const tagged = ATTESTED ? Number(f[f.length - synsetCount - 1]) : synsetCount;
    senses.set(f[0]!, f.slice(f.length - synsetCount).slice(0, tagged));
  }
  return senses;
}

interface Synset {
  words: string[];
  hypernyms: string[];
}

/** Each synset's lemmas and direct hypernyms (data.<pos>); an adjective's "(a)"/"(p)" marker is dropped. */
function readData(pos: string): Map<string, Synset> {
  const synsets = new Map<string, Synset>();
  for (const line of readFileSync(join(DIR, `data.${pos}`), 'utf8').split('\n')) {
    if (!line || line.startsWith(' ')) continue;
    const f = line.split(' | ')[0]!.trim().split(' ');
    const wordCount = Number.parseInt(f[3]!, 16);
    // A lemma written with capitals in a synset is a name or an abbreviation ("ADD", "PIN"): kept as written, so oneWord drops it.
    const words = Array.from({ length: wordCount }, (_, i) => f[4 + 2 * i]!.replace(/\(.*\)$/, ''));
    const p = 4 + 2 * wordCount;
    const pointerCount = Number(f[p]);
    const hypernyms: string[] = [];
    for (let i = 0; i < pointerCount; i++) {
      const [symbol, offset, ptrPos] = [f[p + 1 + 4 * i]!, f[p + 2 + 4 * i]!, f[p + 3 + 4 * i]!];
      if ((symbol === '@' || symbol === '@i') && ptrPos === pos[0]) hypernyms.push(offset);
    }
    synsets.set(f[0]!, { words, hypernyms });
  }
  return synsets;
}

/** Each mapped word's synonyms, then (HYPERNYMS) its senses' direct hypernyms, as two lists. */
const related = new Map<string, [string[], string[]]>();
for (const pos of POS) {
  const index = readIndex(pos);
  const data = readData(pos);
  /** Whether `synset` is one of the first SENSES senses of `lemma`. */
  const frequentSense = (lemma: string, synset: string) => (index.get(lemma) ?? []).slice(0, SENSES).includes(synset);
  for (const [lemma, senses] of index) {
    if (!oneWord(lemma) || helpCenter.has(termOf(lemma))) continue;
    for (const synset of senses.slice(0, SENSES)) {
      const own = data.get(synset)!;
      const candidates: [string, string, 0 | 1][] = own.words.map((w) => [w, synset, 0]);
      if (HYPERNYMS) for (const h of own.hypernyms) for (const w of data.get(h)!.words) candidates.push([w, h, 1]);
      for (const [word, where, kind] of candidates) {
        if (word === lemma || !oneWord(word) || !helpCenterLemmas.has(word) || !helpCenter.has(termOf(word)) || !frequentSense(word, where)) continue;
        const lists = related.get(lemma) ?? [[], []];
        if (!lists[kind].includes(word)) lists[kind].push(word);
        related.set(lemma, lists);
      }
    }
  }
}

// The search looks a customer's word up by its base forms (wordnet-words.ts baseForms, WordNet's regular
// endings); an irregular form gets its own line.
for (const [form, bases] of irregular) {
  if (related.has(form) || helpCenter.has(termOf(form))) continue;
  const found = bases.map((b) => related.get(b)).filter((l) => l !== undefined);
  const lists: [string[], string[]] = [[...new Set(found.flatMap((l) => l[0]))], [...new Set(found.flatMap((l) => l[1]))]];
  if (lists[0].length || lists[1].length) related.set(form, lists);
}
// One line a word: the word, a tab, its synonyms, a tab, its hypernyms (either list may be empty).
const lines = [...related].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([w, [syn, hyper]]) => `${w}\t${syn.join(' ')}\t${hyper.join(' ')}`);
writeFileSync(OUT, `${lines.join('\n')}\n`);
const count = (k: 0 | 1) => [...related.values()].reduce((n, l) => n + l[k].length, 0);
console.log(`${OUT}: ${lines.length} words, ${count(0)} synonyms, ${count(1)} hypernyms (senses ≤ ${SENSES})`);
