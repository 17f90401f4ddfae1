// `memdesk eval --set knowledge`: how-to questions as customers write them, each labelled with the
// article that answers it or "none". Each question is searched the way a ticket's is (customer
// audience, top passages), and answered only when the best passage clears knowledge.min_score.
// Correct @1 / @3 count a question only when it would be answered and the expected article is the
// first / among the first three different articles; "none" is recognised when nothing clears the bar.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { memdeskError } from '../errors.js';
import type { Article } from '../knowledge/article.js';
import { createEmbeddedKnowledgeBase } from '../knowledge/embedded.js';
import { checkGrounding } from '../core/grounding.js';
import type { KnowledgeBase, KnowledgePassage } from '../knowledge/knowledge-base.js';
import type { KnowledgeRules } from '../knowledge/knowledge-rules.js';

export const knowledgeQuestionSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  question: z.string().min(1),
  expected: z.string().min(1),
  lang: z.string().default('en'),
});
export type KnowledgeQuestion = z.infer<typeof knowledgeQuestionSchema>;

/** The declared split, odd-numbered questions (kq-001, kq-003, …) and even-numbered ones, reported
 * separately. Neither is fitted on (npm run fit:answerability fits on generated and public questions),
 * but ranking settings are chosen on the odd half (eval/knowledge/README.md "Results"): the even half is
 * the held-out one. */
export const isTuningQuestion = (q: Pick<KnowledgeQuestion, 'id'>): boolean => Number(/\d+$/.exec(q.id)?.[0] ?? 0) % 2 === 1;

export function readKnowledgeQuestions(path: string): KnowledgeQuestion[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw memdeskError('file_invalid', `${path}: cannot read the knowledge questions (one JSON object per line: {id, question, expected, lang})`);
  }
  return text.split('\n').flatMap((line, i) => {
    if (!line.trim()) return [];
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw memdeskError('file_invalid', `${path}:${i + 1}: not valid JSON`);
    }
    const parsed = knowledgeQuestionSchema.safeParse(raw);
    if (!parsed.success) throw memdeskError('file_invalid', `${path}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
    return [parsed.data];
  });
}

export interface KnowledgeEvalOptions {
  /** Measure without a part of the ranking, or with one that is off, to see what it is worth. */
  without?: ('typos' | 'tags' | 'foreign-words')[];
  with?: 'translate'[];
  /** Run on this knowledge base (e.g. PostgreSQL) instead of a fresh in-memory embedded index; it is synced with the articles. */
  knowledgeBase?: KnowledgeBase;
}

export interface QuestionResult {
  id: string;
  lang: string;
  question: string;
  expected: string;
  /** The first three different articles, best first, with the best passage's score. */
  got: { article_id: string; score: number }[];
  answered: boolean;
  at1: boolean;
  at3: boolean;
}

export interface KnowledgeEvalReport {
  questions: number;
  articles_expected: number;
  none_expected: number;
  'correct@1': number;
  'correct@3': number;
  none_recognised: number;
  answers_without_source: number;
  min_score: number;
  by_lang: Record<string, { questions: number; 'correct@1': number }>;
  /** The same three rates on each half of the declared split (isTuningQuestion). */
  split: { tuning: SplitRates; held_out: SplitRates };
  failures: QuestionResult[];
  results: QuestionResult[];
}

const share = (n: number, of: number): number => (of ? Number((n / of).toFixed(3)) : 1);

export interface SplitRates {
  questions: number;
  'correct@1': number;
  'correct@3': number;
  none_recognised: number;
}

function rates(results: QuestionResult[]): SplitRates {
  const withArticle = results.filter((r) => r.expected !== 'none');
  const none = results.filter((r) => r.expected === 'none');
  return {
    questions: results.length,
    'correct@1': share(withArticle.filter((r) => r.at1).length, withArticle.length),
    'correct@3': share(withArticle.filter((r) => r.at3).length, withArticle.length),
    none_recognised: share(none.filter((r) => r.at1).length, none.length),
  };
}

export async function runKnowledgeEval(articles: Article[], questions: KnowledgeQuestion[], rules: KnowledgeRules, opts: KnowledgeEvalOptions = {}): Promise<KnowledgeEvalReport> {
  const without = new Set(opts.without ?? []);
  const kb = opts.knowledgeBase ?? createEmbeddedKnowledgeBase({ translate: (opts.with ?? []).includes('translate'), typos: !without.has('typos'), foreignWords: !without.has('foreign-words') });
  await kb.sync(without.has('tags') ? articles.map((a) => ({ ...a, tags: [] })) : articles);
  const known = new Set(articles.map((a) => a.id));
  const results: QuestionResult[] = [];
  let withoutSource = 0;
  for (const q of questions) {
    if (q.expected !== 'none' && !known.has(q.expected)) throw memdeskError('file_invalid', `question ${q.id}: expected article "${q.expected}" is not in the knowledge base`);
    const passages = await kb.search(q.question, { limit: 10, audience: 'customer' });
    const got = distinctArticles(passages).slice(0, 3);
    const answered = got.length > 0 && got[0]!.score >= rules.min_score;
    if (answered && !checkGrounding([got[0]!.article_id], passages).grounded) withoutSource++;
    const at1 = q.expected === 'none' ? !answered : answered && got[0]!.article_id === q.expected;
    const at3 = q.expected === 'none' ? !answered : answered && got.some((g) => g.article_id === q.expected);
    results.push({ id: q.id, lang: q.lang, question: q.question, expected: q.expected, got, answered, at1, at3 });
  }
  if (!opts.knowledgeBase) await kb.close();
  const withArticle = results.filter((r) => r.expected !== 'none');
  const none = results.filter((r) => r.expected === 'none');
  const all = rates(results);
  const byLang: KnowledgeEvalReport['by_lang'] = {};
  for (const r of withArticle) {
    const l = (byLang[r.lang] ??= { questions: 0, 'correct@1': 0 });
    l.questions++;
    l['correct@1'] += r.at1 ? 1 : 0;
  }
  for (const l of Object.values(byLang)) l['correct@1'] = share(l['correct@1'], l.questions);
  return {
    questions: results.length,
    articles_expected: withArticle.length,
    none_expected: none.length,
    'correct@1': all['correct@1'],
    'correct@3': all['correct@3'],
    none_recognised: all.none_recognised,
    answers_without_source: withoutSource,
    min_score: rules.min_score,
    by_lang: byLang,
    split: { tuning: rates(results.filter((r) => isTuningQuestion(r))), held_out: rates(results.filter((r) => !isTuningQuestion(r))) },
    failures: results.filter((r) => !r.at1),
    results,
  };
}

function distinctArticles(passages: KnowledgePassage[]): { article_id: string; score: number }[] {
  const out: { article_id: string; score: number }[] = [];
  for (const p of passages) if (!out.some((o) => o.article_id === p.article_id)) out.push({ article_id: p.article_id, score: p.score });
  return out;
}
