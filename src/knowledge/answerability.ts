// Does this article answer the question? The share of the question's words an article covers does not
// tell a covered question from an uncovered one that shares its words ("is there a Dropbox
// integration" meets the Google Drive article on "attach", "file" and "task"). What a covered
// question has is a rare word of its own in the article's title or tags ("okta", "invoice", "2fa");
// an uncovered one meets articles on common words. So each passage carries a calibrated 0–1
// answerability of its article from five signals (coverage, rare title words, the share of the
// question's words the article knows, whether the question is in English, and the question's two-word
// phrases its title or tags hold), which
// knowledge.min_score in policy/rules.yml compares against. Both engines compute the signals the same
// way; an article scores the best of the question's parts (the whole message and, for a longer one, each
// sentence on its own: question-terms.ts questionParts), so context around a question does not dilute it.
// The weights and the threshold are fitted by `npm run fit:answerability` on questions that are NOT the
// knowledge eval's (the eval was written by us): covered ones generated from the articles (a tag searched
// with that tag left out, a section's heading or first sentence searched with that section left out) and
// uncovered public customer questions (support-text: shipping, insurance, ATMs, loans, CLINC150's
// out-of-scope), each with its first three ranked articles as examples; the score also reorders those
// three. The threshold is the one with the best balanced accuracy on that set. Measured (eval --set
// knowledge, @1 / @3 / "none"): with the weights fitted on the eval's odd half and min_score 0.15, 0.874 /
// 0.921 / 0.903 (held-out half 0.846 / 0.908 / 0.857) and BANKING77's uncovered questions recognised 0.721;
// fitted as above with sentence parts and help-center words ("docs", "guide") as stop words, min_score
// 0.48: 0.858 / 0.898 / 0.935 (odd half 0.871 / 0.887 / 0.941, even half 0.846 / 0.908 / 0.929; PostgreSQL
// 0.843 / 0.882 / 0.935) and BANKING77 0.838 — but those figures leaned on article tags copied from eval
// questions; with them removed (the tag leak audit) and refitted, min_score 0.46: 0.780 / 0.843 / 0.935
// (odd half 0.823 / 0.855 / 0.941, even half 0.738 / 0.831 / 0.929) and BANKING77 0.825; with the same weights
// and the foreign-question term map (foreign-words.ts): 0.811 / 0.890 / 0.935 (odd 0.871 / 0.919 / 0.941,
// even 0.754 / 0.862 / 0.929), BANKING77 0.822 (refitted there: same odd figures, BANKING77 0.799, so these
// weights were kept). Those kept weights then no longer were what the script produced (2 December: refit
// on today's analyzer, min_score 0.44, BANKING77 0.767); the fit now also takes BANKING77's *train* questions
// of the uncovered bank categories as uncovered examples, and its output is committed: min_score 0.47,
// eval 0.811 / 0.882 / 0.935, public set 0.455 / 0.513 / 0.881 (the same as before), BANKING77 test 0.828.
// The script now writes them to answerability-fit.json with what it fitted on. Fitting on the generated
// questions of one kind only (tags, or headings and sentences) gave the same eval figures within 0.01.
// Measured and dropped: a length signal and the share of words no article knows (eval @1 −0.008, @3
// −0.008, BANKING77 −0.03); picking the threshold for 0.97 "none" on the fitting set (min_score 0.72, eval @3 0.69). Earlier findings (fitted on
// the eval's odd half): the ranking's normalised score, its lead over the next article, sentence
// embeddings (Universal Sentence Encoder: the right article first for 0.34 of the questions, similarities
// of "none" and covered questions overlapping) and rarity-weighted variants of the signals added nothing.
// Today (3 December, min_score 0.48): eval 0.811 / 0.874 / 0.935 (odd 0.855 / 0.887 / 0.941, even 0.769 / 0.862 /
// 0.929), public set 0.500 / 0.583 / 0.905 (odd 0.482 / 0.566 / 0.892, even 0.521 / 0.603 / 0.915), BANKING77 test
// 0.861. Real customers' covered questions as positive examples (branch kbpublicfit: BANKING77 *train* rows and
// support-text rows of the public set's covered intents, 20 an intent, none of them an eval row — the fit checks it)
// raise the eval (0.835 / 0.890, even @1 0.800) but answer 6 more public "none" questions (credit-card applications
// from the payment-method article, tag requests from the status page: public odd "none" 0.811, even 0.851): the
// five signals give those the values of a covered customer question, so these weights stay (eval/knowledge/README.md).
// Generic words as stop words (analyzer.ts genericWords: "see", "look", "check", "show", "give", "app"), refitted,
// min_score 0.49: the customer sample's (scripts/customer-sample.ts) answers citing an article that does not answer
// the message 19 → 14 of 150 (answered 24 → 21, right 5 → 7); eval 0.811 / 0.874 / 0.935 (even 0.769 / 0.862 /
// 0.929, unchanged), public set 0.519 / 0.590 / 0.905 (odd @1 0.482 → 0.518, even 0.521 / 0.603 / 0.915
// unchanged), BANKING77 test 0.863. "work" as a generic word too: even @1 0.769 → 0.754, dropped.
// Words the articles hold only inside one two-word title or tag (phrase-bound.ts: "order" only in "purchase order",
// "balance" only in "credit balance") count only where the question holds that phrase, refitted, min_score 0.50:
// written and public even halves unchanged (0.769 / 0.862 / 0.929, 0.521 / 0.603 / 0.915), public odd @1 and @3 one
// question each lower (0.518 → 0.506, 0.578 → 0.566: kp-033 scores 0.49), BANKING77 test 0.863 → 0.900; the customer
// samples' answers 25 → 22 (qa6) and 21 → 18 (default), the six that left all wrong, nothing else changed.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const answerSignalsSchema = z.object({
  /** Share of the question's weight (words weighted by rarity) in the article: title and tags fully, body by half. */
  coverage: z.number().min(0).max(1),
  /** How many rare words of the question (in at most RARE_ARTICLE_SHARE of articles) the article's title or tags hold, up to 3, as 0–1. */
  rare_title_words: z.number().min(0).max(1),
  /** Share of the question's words (by count, capped at 2 a word, words no article knows counted) that the
   * article holds anywhere: a question whose every word the article knows is more likely answered by it. */
  word_share: z.number().min(0).max(1),
  /** 1 when the question is not in English (analyzer.ts looksForeign): its words unknown to the help
   * center are foreign words, so its coverage is lower for the same answer. */
  foreign: z.number().min(0).max(1),
  /** How many of the question's two-word phrases (adjacent words once stop words are dropped) the
   * article's title or one of its tags holds, in either order, up to TITLE_PHRASES_CAP, as 0–1: "stop
   * the subscription" meets the tag "stop subscription", while a question that only shares single
   * words with an article ("dropbox" files meet the Google Drive article's "files") rarely shares a phrase. */
  title_phrases: z.number().min(0).max(1),
  /** 1 when the question is in English, holds two or more words the help center knows, and the article holds
   * only one of them: the match rests on one word ("Why do I need to verify my identity?" met *webhooks* on
   * "verify" alone, "I want to purchase some shares" met *refunds* on "purchase"). Not a weight of the model:
   * such an article's answerability is scaled by SINGLE_MATCH_FACTOR, under any threshold the fit chooses. */
  single_match: z.number().min(0).max(1),
});
export type AnswerSignals = z.infer<typeof answerSignalsSchema>;

/** A word is rare when at most this share of the articles hold it anywhere. */
export const RARE_ARTICLE_SHARE = 0.2;
/** More rare title words than this add nothing. */
export const RARE_TITLE_WORDS_CAP = 3;

/** The signals the model weighs, in order. */
export const answerSignalNames = ['coverage', 'rare_title_words', 'word_share', 'foreign', 'title_phrases'] as const;

const answerabilityFitSchema = z.object({
  /** Logistic-regression weights over the signals. */
  weights: z.object({ bias: z.number(), coverage: z.number(), rare_title_words: z.number(), word_share: z.number(), foreign: z.number(), title_phrases: z.number() }),
  /** The threshold the fit chose; policy/rules.yml knowledge.min_score holds it for the shipped policy. */
  min_score: z.number().min(0).max(1),
  /** Fingerprints of what it was fitted on (scripts/answerability-inputs.ts). */
  fitted_on: z.object({ articles: z.string(), code: z.string() }),
});

/** What `npm run fit:answerability` wrote in answerability-fit.json: the script writes it, nobody edits it by hand. */
export const answerabilityFit = answerabilityFitSchema.parse(JSON.parse(readFileSync(new URL('./answerability-fit.json', import.meta.url), 'utf8')));

/** Logistic-regression weights over the signals, from `npm run fit:answerability`. */
export const answerabilityWeights: Record<(typeof answerSignalNames)[number] | 'bias', number> = answerabilityFit.weights;

/**
 * An article that holds one of the question's known words only answers at most this share of its score.
 * Measured on main's articles (an English question with 2+ known words, its first article answered with
 * one of them): 0 right and 6 wrong answers over the written set, the public set and BANKING77's uncovered
 * test questions, so it is a rule rather than a fitted weight (the fit's generated questions, sentences
 * searched with their own section left out, often share one word with their article).
 */
export const SINGLE_MATCH_FACTOR = 0.25;

/** 0–1: how likely it is that the article answers the question. */
export function answerability(s: AnswerSignals, w: typeof answerabilityWeights = answerabilityWeights): number {
  let z = w.bias;
  for (const name of answerSignalNames) z += w[name] * s[name];
  const p = 1 / (1 + Math.exp(-z));
  return s.single_match ? p * SINGLE_MATCH_FACTOR : p;
}

/** How many of the ranking's first articles are put in the order of their answerability. */
export const REORDERED_ARTICLES = 3;

/**
 * Articles in ranking order → the first REORDERED_ARTICLES in the order of their answerability, the rest
 * as ranked. The ranking knows which words matched where; the answerability knows whether the article is
 * about the question's rare words, which settles near misses (a declined card: *failed payments* or
 * *update payment method*). Ties go to the article whose title, tags and text match the question best
 * as a whole (`articleScore`, the ranking's article level), then to the ranking's order: the ranking
 * follows the best passage, and "get invoice" would otherwise go to the article with a short section
 * about correcting an invoice rather than to *download invoices*.
 */
export function reorderByAnswerability<T>(ranked: T[], score: (article: T) => number, articleScore: (article: T) => number = () => 0): T[] {
  const head = ranked.slice(0, REORDERED_ARTICLES).map((article, i) => ({ article, i, s: score(article), a: articleScore(article) }));
  head.sort((x, y) => y.s - x.s || y.a - x.a || x.i - y.i);
  return [...head.map((h) => h.article), ...ranked.slice(REORDERED_ARTICLES)];
}

/** More title phrases than this add nothing (1: tuning half log-loss 0.2414, 3: 0.2426, 2: 0.2374). */
export const TITLE_PHRASES_CAP = 2;

/** The title-phrase signal from a count of such phrases. */
export const titlePhraseShare = (count: number): number => Math.min(count, TITLE_PHRASES_CAP) / TITLE_PHRASES_CAP;

/** The rare-title-word signal from a count of such words. */
export const rareTitleWords = (count: number): number => Math.min(count, RARE_TITLE_WORDS_CAP) / RARE_TITLE_WORDS_CAP;
