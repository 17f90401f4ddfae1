// The help center as the answerability fit ranks it: the shipped articles (knowledge/) in an embedded index
// whose weights are all 0, so every article scores the same and the index returns the ranking's own order.
// A question generated from an article (answerability-examples.ts) is searched with its own section or tag
// left out, so it cannot find the words it was made from. Shared by `npm run fit:answerability` and the
// offline measuring scripts, so a candidate signal is measured on exactly the fit's rankings.
import type { Article } from '../src/knowledge/article.js';
import { answerSignalNames, type AnswerSignals, type answerabilityWeights } from '../src/knowledge/answerability.js';
import { readKnowledgeDir } from '../src/knowledge/knowledge-dir.js';
import { PassageIndex } from '../src/knowledge/passage-index.js';
import { type GeneratedQuestion, withoutSection, withoutTag } from './answerability-examples.js';

/** Every weight 0: an index built with these ranks without reordering by answerability. */
export const zeroWeights = Object.fromEntries(['bias', ...answerSignalNames].map((n) => [n, 0])) as typeof answerabilityWeights;
export const fitArticles = readKnowledgeDir('knowledge');
export const fitArticleById = new Map(fitArticles.map((a) => [a.id, a]));
const index = new PassageIndex({ weights: zeroWeights });
for (const a of fitArticles) index.put(a);

export type FitQuestion = GeneratedQuestion | { question: string; expected: string; id: string };
export interface RankedArticle {
  id: string;
  /** The whole question's signals. */
  signals: AnswerSignals;
  /** Each question part's signals (question-terms.ts questionParts), the whole question first. */
  parts: AnswerSignals[];
}

/** The question's left-out section heading, if it was generated from one. */
export const leftOutSection = (q: FitQuestion): string | undefined => ('leaveOut' in q ? q.leaveOut : undefined);

/** The articles the first ten passages belong to, each once, in ranking order. */
export function rankForFit(q: FitQuestion): RankedArticle[] {
  const leaveOut = leftOutSection(q);
  const leaveOutTag = 'leaveOutTag' in q ? q.leaveOutTag : undefined;
  const original: Article | undefined = leaveOut || leaveOutTag ? fitArticleById.get(q.expected) : undefined;
  if (original && leaveOut) index.put(withoutSection(original, leaveOut));
  if (original && leaveOutTag) index.put(withoutTag(original, leaveOutTag));
  const found: RankedArticle[] = [];
  for (const p of index.search(q.question, { limit: 10 })) if (!found.some((a) => a.id === p.article_id)) found.push({ id: p.article_id, signals: p.partSignals[0]!, parts: p.partSignals });
  if (original) index.put(original);
  return found;
}
