// A question as both search engines see it, and the answerability signals of one article for it.
// The embedded index and PostgreSQL share this, so the same question over the same articles gets the
// same terms (typos corrected against the help center's words), the same signals and so the same
// answer-or-handoff decision; the ranking is shared as well (bm25f.ts).
import { keptWords, looksForeign, termsOf, type AnalyzerOptions } from './analyzer.js';
import { isEnglishTerm } from './english-words.js';
import { englishTerms } from './foreign-words.js';
import { synonymOf } from './english-synonyms.js';
import { answerability, answerabilityWeights, rareTitleWords, RARE_ARTICLE_SHARE, titlePhraseShare, type AnswerSignals } from './answerability.js';

/** The help center's words: how many articles hold each, and the nearest known word to a typo. */
export interface Vocabulary {
  /** Number of articles. */
  readonly size: number;
  /** How many articles hold the term anywhere (title, tags or body). */
  df(term: string): number;
  has(term: string): boolean;
  correct(term: string): string | undefined;
  /** The one phrase the articles hold this term in, when they hold it in no other (phrase-bound.ts). */
  phraseOf?(term: string): string | undefined;
}

/** A word corrected for a typo counts for this much of the word itself. */
const TYPO_WEIGHT = 0.8;
/** In the coverage, a word no article knows counts half as much as the rarest known word: a question
 * about something the help center never mentions ("dropbox", "graphql") scores low. */
const COVERAGE_UNKNOWN = 0.5;
/** In a question not written in English, most unknown words are foreign words, not missing topics.
 * (0.1: tuning half @1 0.887 at "none" 0.941; 0 and 0.25 measured the same there.) */
const COVERAGE_UNKNOWN_FOREIGN = 0.1;
/** A question's word found only in an article's body text covers half as much as one in its title or
 * tags (1.0: @1 0.54–0.66 at 0.79–0.82 "none" recognised; 0.5: 0.58–0.66 at 0.93–0.94, per half of the set). */
const BODY_COVERAGE = 0.5;

export interface QuestionTerms {
  /** Known terms (typos corrected) with their weights: the count, at most 2, × TYPO_WEIGHT when corrected. */
  terms: Map<string, number>;
  /** The weight of the words no article knows. */
  unknownWeight: number;
  foreign: boolean;
  /** The question's two-word phrases: adjacent known terms (stop words dropped, typos corrected), as "a b". */
  phrases: Set<string>;
}

/** A question's terms; `foreign` (whether it is not in English) is the whole message's for one of its sentences. */
export function questionTerms(query: string, vocabulary: Vocabulary, opts: AnalyzerOptions = {}, foreign = looksForeign(query.slice(0, 2000))): QuestionTerms {
  const text = query.slice(0, 2000);
  const terms = new Map<string, number>();
  let unknownWeight = 0;
  const sequence = foreign && !opts.translate && (opts.foreignWords ?? true) ? foreignSequence(text, vocabulary) : termsOf(text, opts);
  // In a question not in English, a word the help center does not know is a foreign word far more
  // often than a typo of an English one ("raden" is not "trade"): only English questions are corrected,
  // and only their words that are not English words ("pasword", not "hire": english-words.ts).
  const knownAs = (term: string) => (vocabulary.has(term) ? term : foreign ? undefined : (agentRoot(term, vocabulary) ?? synonymOf(term, (t) => vocabulary.has(t)) ?? corrected(term, vocabulary)));
  const found = sequence.map(knownAs);
  // A word the articles hold only inside one phrase counts only where the question holds that phrase
  // ("order" alone is not "purchase order"); elsewhere it is a word the help center does not know.
  const known = found.map((t, i) => {
    const phrase = t && vocabulary.phraseOf?.(t);
    return !phrase || phrase === `${found[i - 1]} ${t}` || phrase === `${t} ${found[i + 1]}` ? t : undefined;
  });
  const counts = new Map<string, { count: number; known: string | undefined }>();
  sequence.forEach((term, i) => {
    const key = `${term}\u0000${known[i] ?? ''}`;
    const seen = counts.get(key);
    if (seen) seen.count++;
    else counts.set(key, { count: 1, known: known[i] });
  });
  for (const [key, { count, known: k }] of counts) {
    const term = key.slice(0, key.indexOf('\u0000'));
    const weight = Math.min(count, 2);
    // A number no article holds (an invoice or account number, an amount, a PIN) is the customer's
    // own detail, not a topic the help center lacks: it does not count against the coverage.
    if (!k && /^\d+$/.test(term)) continue;
    if (!k) unknownWeight += weight;
    else terms.set(k, (terms.get(k) ?? 0) + (k === term ? weight : weight * TYPO_WEIGHT));
  }
  // A word no article knows breaks a phrase.
  const phrases = new Set<string>();
  for (let i = 1; i < known.length; i++) {
    const [a, b] = [known[i - 1], known[i]];
    if (a && b && a !== b) phrases.add(`${a} ${b}`);
  }
  return { terms, unknownWeight, foreign, phrases };
}

/** A foreign question's terms: a word the help center does not know becomes its English terms
 * (foreign-words.ts); a word it knows (a foreign tag such as "Rechnung") stays as written. */
function foreignSequence(text: string, vocabulary: Vocabulary): string[] {
  const known = (t: string) => vocabulary.has(t);
  return keptWords(text).flatMap(({ word, term }) => (known(term) ? [term] : (englishTerms(word, known) ?? [term])));
}

/** A sentence of a longer message is weighed on its own when it has at least this many words. */
const PART_MIN_WORDS = 3;
/** At most this many sentences of a message are weighed on their own. */
const MAX_PARTS = 5;

/**
 * The question as a whole and, for a message of several sentences, each sentence of PART_MIN_WORDS+
 * words on its own: "i'm drowning in emails from cobalt every time someone comments. how do i turn
 * that off?" asks its question in one sentence, and the context around it dilutes every share-based
 * signal of the whole.
 */
export function questionParts(query: string, vocabulary: Vocabulary, opts: AnalyzerOptions = {}): QuestionTerms[] {
  const whole = questionTerms(query, vocabulary, opts);
  const split = query.slice(0, 2000).split(/(?<=[.?!;:])\s+|\n+/);
  if (split.length < 2) return [whole];
  const sentences = split.filter((s) => termsOf(s, opts).length >= PART_MIN_WORDS);
  if (sentences.length < 2) return [whole];
  return [whole, ...sentences.slice(0, MAX_PARTS).map((s) => questionTerms(s, vocabulary, opts, whole.foreign))];
}

/** An article's answerability for the question: the best of its parts (questionParts), with that part's signals. */
export function bestAnswer(parts: QuestionTerms[], article: ArticleTerms, vocabulary: Vocabulary, weights: typeof answerabilityWeights = answerabilityWeights): { score: number; signals: AnswerSignals; parts: AnswerSignals[] } {
  const all = parts.map((part) => answerSignals(part, article, vocabulary));
  let best = 0;
  let bestScore = -1;
  all.forEach((signals, i) => {
    const score = Number(answerability(signals, weights).toFixed(4));
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  return { score: bestScore, signals: all[best]!, parts: all };
}

/** The two-word phrases of an article's title and of each of its tags, in both orders ("export data"
 * meets "data export"); a phrase never spans two tags. */
export function titlePhrases(title: string, tags: string[], opts: AnalyzerOptions = {}): string[] {
  const phrases = new Set<string>();
  for (const text of [title, ...tags]) {
    const t = termsOf(text, opts);
    for (let i = 1; i < t.length; i++) if (t[i - 1] !== t[i]) phrases.add(`${t[i - 1]} ${t[i]}`).add(`${t[i]} ${t[i - 1]}`);
  }
  return [...phrases];
}

/** Where an article holds a term: its title or tags, or anywhere (title, tags or body). */
export interface ArticleTerms {
  inTitleOrTags(term: string): boolean;
  inArticle(term: string): boolean;
  /** Whether its title or one of its tags holds this two-word phrase (titlePhrases). */
  hasTitlePhrase(phrase: string): boolean;
}

const idf = (df: number, n: number): number => Math.log(1 + (n - df + 0.5) / (df + 0.5));

/** The answerability signals (answerability.ts) of one article for a question. */
export function answerSignals(q: QuestionTerms, article: ArticleTerms, vocabulary: Vocabulary): AnswerSignals {
  const n = vocabulary.size;
  const rareDf = RARE_ARTICLE_SHARE * n;
  let ideal = q.unknownWeight * idf(0, n) * (q.foreign ? COVERAGE_UNKNOWN_FOREIGN : COVERAGE_UNKNOWN);
  let total = q.unknownWeight;
  let covered = 0;
  let rareInTitle = 0;
  let words = 0;
  let held = 0;
  for (const [t, w] of q.terms) {
    if (article.inArticle(t)) held++;
    const df = vocabulary.df(t);
    ideal += w * idf(df, n);
    total += w;
    if (article.inTitleOrTags(t)) {
      covered += w * idf(df, n);
      words += w;
      if (df <= rareDf) rareInTitle++;
    } else if (article.inArticle(t)) {
      covered += w * idf(df, n) * BODY_COVERAGE;
      words += w;
    }
  }
  return {
    coverage: ideal > 0 ? Math.min(1, covered / ideal) : 0,
    rare_title_words: rareTitleWords(rareInTitle),
    word_share: total > 0 ? Math.min(1, words / total) : 0,
    foreign: q.foreign ? 1 : 0,
    title_phrases: titlePhraseShare([...q.phrases].filter((p) => article.hasTitlePhrase(p)).length),
    single_match: !q.foreign && q.terms.size >= 2 && held === 1 ? 1 : 0,
  };
}

/** Finds the most common known word one insertion, deletion or substitution away from a typo. */
export class TypoCorrector {
  /** Every known term and each of its one-letter deletions → the known terms. */
  private readonly deletions = new Map<string, string[]>();
  constructor(
    terms: Iterable<string>,
    private readonly commonness: (term: string) => number,
  ) {
    for (const term of terms) {
      if (term.length < 4 || /\d/.test(term)) continue;
      for (const variant of [term, ...oneDeletion(term)]) {
        const known = this.deletions.get(variant);
        if (known) known.push(term);
        else this.deletions.set(variant, [term]);
      }
    }
  }

  correct(term: string): string | undefined {
    if (term.length < 4 || /\d/.test(term) || this.deletions.size === 0) return undefined;
    let best: string | undefined;
    let bestDf = 0;
    for (const variant of [term, ...oneDeletion(term)]) {
      for (const known of this.deletions.get(variant) ?? []) {
        const df = this.commonness(known);
        if (df > bestDf) [best, bestDf] = [known, df];
      }
    }
    return best;
  }
}

function oneDeletion(term: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < term.length; i++) out.push(term.slice(0, i) + term.slice(i + 1));
  return out;
}

/** The help-center word a typo stands for; an English word is no typo ("vote" is not "note"). */
const corrected = (term: string, vocabulary: Vocabulary): string | undefined => (isEnglishTerm(term) ? undefined : vocabulary.correct(term));

/** An unknown English word that names a person or thing by what it does ("auditors", "exporter") is
 * read as the word it is made from when only that is known ("audit", "export"); it counts as a typo
 * correction would (TYPO_WEIGHT). Porter stemming leaves these suffixes on. */
function agentRoot(term: string, vocabulary: Vocabulary): string | undefined {
  const m = /^(.{4,})(?:or|er)$/.exec(term);
  return m && vocabulary.has(m[1]!) ? m[1] : undefined;
}
