// Which of the passages a search found it returns, in both engines (passage-index.ts, postgres.ts), once the
// articles are in the order of their answerability, so that an answer from the first article quotes the
// sections that answer the question and not their neighbours (measured with scripts/measure-sections.ts):
// - The first article offers its best passages, even when they ranked below other articles' passages and
//   the search's limit cut them (the answerability order can lift the article the ranking put third).
// - Its introduction (the text before the first section) is returned only when no section holds a word of
//   the question: it restates the title, so it matches every question about the article.
// - A further section of it is returned only when it answers more of the question (it holds a word of the
//   question that the best one does not) or matches it nearly as well (CLOSE_SECOND): otherwise it is only
//   the article's next section sharing a word with the question ("Deactivate a member who left" after
//   "Invite people" for "how can I add a new team member": both hold only "member" beyond "add").
// - A section whose heading holds the question word the question opens with comes first among the sections
//   matching the question: "where is my refund?" keeps only "refund" once its function words are dropped, which
//   every section of the refunds article holds; "where" is what says the customer wants "Where is my refund?" and
//   not "What we refund". Not "how" or "what": headings begin with them to name a topic ("What we refund", "How to
//   request a refund"), not to ask, and with them 2 questions.jsonl rows lost their right first section.
//   scripts/measure-sections.ts, right section quoted: questions.jsonl 99/109 before and after; public.jsonl
//   78/99 before, 79/99 after (kp-006); no row worse. English question words only.
// - A question that says something it waits for has not come ("I still haven't got my refund", "the refund is still
//   not in my account", "when will I receive the refund?") asks where it is, however it opens: it keeps only
//   "refund" once "still", "haven't" and "got" are dropped as function words, and quoted "What we refund" (what
//   qualifies) before "Where is my refund?" (when it arrives and how to trace it). English only, as above.
// - Next, a section whose heading holds two or more of the question's words comes first: the heading names what the
//   question asks ("can I go back to monthly billing from annual?": "Switch from annual to monthly"), where a step's
//   text only mentions them ("Upgrade from Free to Pro": "3. Choose monthly or annual billing", which ranked first).
//   One word is not enough: "Remove a member permanently" holds "member" for "how can I add a new team member".
//   scripts/measure-sections.ts, right section quoted first: questions.jsonl 74/109 -> 75/109, public.jsonl
//   56/99 -> 57/99; right section quoted unchanged (99/109, 80/99), no row worse.

import { termsOf } from './analyzer.js';

/** The question word a question opens with, which a section heading may repeat ("Where is my refund?"). */
const OPENING_QUESTION_WORD = /^\s*(where|when|why|which|who)(?![\p{L}])/iu;

/** Something the customer waits for has not come (yet): they ask where it is. */
const NOT_COME =
  /\b(?:(?:has|have|had|did|does|do|is|are|was|were)\s*(?:n['’]?t|not)|still\s+(?:not|no|nothing)|never|not\s+yet|yet\s+to)\s+(?:yet\s+|even\s+|been\s+)?(?:got|gotten|get|receiv\w*|arriv\w*|c[ao]me|show(?:n|ed|ing)?(?:\s+up)?|appear\w*|reach\w*|land\w*|see|seen|in\s+(?:my|our|the)\b|there\b|credited|paid)|\b(?:waiting|still\s+wait\w*)\s+(?:for|on)\b|\bawait\w*|\bis\s+missing\b|\bmissing\s+from\b|\bwhen\s+(?:will|do|does|can|should)\s+(?:i|we|it|my|our|the)\b[^.?!]{0,40}?\b(?:get|receiv\w*|arriv\w*|see|come|show)/iu;

/** A second section matching only the best one's words is returned at this share of its passage-level score
 * (0.7, chosen on the odd ids of eval/knowledge/sections.yml against 0.85; see eval/knowledge/README.md). */
const CLOSE_SECOND = 0.7;

/** A section whose heading holds this many of the question's words is what the question names. */
const HEADING_NAMES = 2;

/** Whether a section's heading holds HEADING_NAMES or more of the question's words (its introduction never does). */
function namedByHeading(question: string): (p: FoundPassage<unknown>) => boolean {
  const asked = new Set(termsOf(question));
  return (p) => !p.intro && new Set(termsOf(p.heading).filter((t) => asked.has(t))).size >= HEADING_NAMES;
}

export interface FoundPassage<A> {
  article: A;
  /** Among the passages the ranking picked (the best `limit`, PASSAGES_PER_ARTICLE per article at most). */
  picked: boolean;
  /** The question's terms (their positions in the question) the passage holds in its heading or text. */
  matched: readonly number[];
  /** The passage level of its ranking: how well its heading and text match the question. */
  strength: number;
  /** The article's introduction (the text before its first section, headed by the title). */
  intro: boolean;
  heading: string;
}

/**
 * `found`: the picked passages and every passage of the articles that can come first, best first;
 * `articleOrder`: the picked passages' articles in answerability order. The other articles keep their picked passages.
 */
export function choosePassages<A, P extends FoundPassage<A>>(question: string, found: readonly P[], articleOrder: readonly A[], limit: number, perArticle: number): P[] {
  const [first, ...rest] = articleOrder;
  const chosen: P[] = [];
  if (first !== undefined) {
    const all = found.filter((p) => p.article === first);
    const sectionsMatch = all.some((p) => !p.intro && p.matched.length > 0);
    const asks = [OPENING_QUESTION_WORD.exec(question)?.[1]?.toLowerCase(), NOT_COME.test(question) ? 'where' : undefined].filter((w) => w !== undefined);
    const repeatsAsk = (p: P) => p.matched.length > 0 && p.heading.toLowerCase().split(/[^\p{L}]+/u).some((w) => asks.includes(w));
    // Stable: the ranking's order holds within each group.
    const named = namedByHeading(question);
    const offered = all.filter((p) => !(p.intro && sectionsMatch)).sort((x, y) => Number(repeatsAsk(y)) - Number(repeatsAsk(x)) || Number(named(y)) - Number(named(x)));
    const best = offered[0];
    const covered = new Set(best?.matched);
    const another = (p: P) => p.matched.some((t) => !covered.has(t)) || p.strength >= CLOSE_SECOND * best!.strength;
    chosen.push(...offered.filter((p, k) => k === 0 || another(p)).slice(0, perArticle));
  }
  for (const article of rest) chosen.push(...found.filter((p) => p.article === article && p.picked));
  return chosen.slice(0, limit);
}
