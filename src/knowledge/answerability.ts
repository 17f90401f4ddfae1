// Does this article answer the question? The share of the question's words an article covers does not
// tell a covered question from an uncovered one that shares its words ("is there a Dropbox
// integration" meets the Google Drive article on "attach", "file" and "task"). What a covered
// question has is a rare word of its own in the article's title or tags ("okta", "invoice", "2fa");
// an uncovered one meets articles on common words. So each passage carries a calibrated 0–1
// answerability from both signals, which knowledge.min_score in policy/rules.yml compares against.
// Both engines compute the signals the same way; the weights are fitted by
// `npm run fit:answerability` on the odd-numbered eval questions only (the even ones are held out).
import { z } from 'zod';

export const answerSignalsSchema = z.object({
  /** Share of the question's weight (words weighted by rarity) in the article: title and tags fully, body by half. */
  coverage: z.number().min(0).max(1),
  /** How many rare words of the question (in at most RARE_ARTICLE_SHARE of articles) the article's title or tags hold, up to 3, as 0–1. */
  rare_title_words: z.number().min(0).max(1),
});
export type AnswerSignals = z.infer<typeof answerSignalsSchema>;

/** A word is rare when at most this share of the articles hold it anywhere. */
export const RARE_ARTICLE_SHARE = 0.2;
/** More rare title words than this add nothing. */
export const RARE_TITLE_WORDS_CAP = 3;

/** Logistic-regression weights over the signals, from `npm run fit:answerability`. */
export const answerabilityWeights = { bias: -1.75, coverage: 4.59, rare_title_words: 2.34 };

/** 0–1: how likely it is that the article answers the question. */
export function answerability(s: AnswerSignals, w: typeof answerabilityWeights = answerabilityWeights): number {
  return 1 / (1 + Math.exp(-(w.bias + w.coverage * s.coverage + w.rare_title_words * s.rare_title_words)));
}

/** How many of the ranking's first articles are put in the order of their answerability. */
export const REORDERED_ARTICLES = 3;

/**
 * Articles in ranking order → the first REORDERED_ARTICLES in the order of their answerability (ties
 * keep the ranking's order), the rest as ranked. The ranking knows which words matched where; the
 * answerability knows whether the article is about the question's rare words, which settles near misses
 * (a declined card: *failed payments* or *update payment method*).
 */
export function reorderByAnswerability<T>(ranked: T[], score: (article: T) => number): T[] {
  const head = ranked.slice(0, REORDERED_ARTICLES).map((article, i) => ({ article, i, s: score(article) }));
  head.sort((x, y) => y.s - x.s || x.i - y.i);
  return [...head.map((h) => h.article), ...ranked.slice(REORDERED_ARTICLES)];
}

/** The rare-title-word signal from a count of such words. */
export const rareTitleWords = (count: number): number => Math.min(count, RARE_TITLE_WORDS_CAP) / RARE_TITLE_WORDS_CAP;
