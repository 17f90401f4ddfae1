// The help center as the decision loop sees it: the KnowledgeBase port's search side and the passage it
// returns. The adapters (src/knowledge: the embedded index, PostgreSQL) implement it; the loop never
// imports them. A passage's score is 0–1 (how likely its article answers the question), compared with
// knowledge.min_score in policy/rules.yml.
import { z } from 'zod';

export const audience = z.enum(['customer', 'internal']);
export type Audience = z.infer<typeof audience>;

export const knowledgePassageSchema = z.object({
  article_id: z.string(),
  title: z.string(),
  url: z.string(),
  heading: z.string(),
  /** 0–1: how likely this passage's article answers the question (src/knowledge/answerability.ts); compare with knowledge.min_score. */
  score: z.number(),
  text: z.string(),
  audience,
});
export type KnowledgePassage = z.infer<typeof knowledgePassageSchema>;

export const knowledgeSearchOptionsSchema = z.object({
  limit: z.number().int().positive().max(50).default(5),
  /** `customer` (default): only articles a customer may see; `all`: staff and handoff briefs. */
  audience: z.enum(['customer', 'internal', 'all']).default('customer'),
});
export type KnowledgeSearchOptions = z.input<typeof knowledgeSearchOptionsSchema>;

/** What the loop asks of the help center. */
export interface KnowledgeSearch {
  readonly kind: 'embedded' | 'postgres';
  search(query: string, options?: KnowledgeSearchOptions): Promise<KnowledgePassage[]>;
  /** An article by its id, whatever its audience (the runbook the policy names for an issue type), or undefined. */
  article(id: string): Promise<ArticleLink | undefined>;
}

/** What a brief needs to point at an article. */
export type ArticleLink = Pick<KnowledgePassage, 'article_id' | 'title' | 'url' | 'audience'>;

/** A question the help center did not answer, found when staff resolved it; its draft article is built
 * from their resolution. Accepting the draft writes it into KNOWLEDGE_DIR. */
export const knowledgeGapSchema = z.object({
  gap_id: z.string(),
  ticket_id: z.string(),
  reason: z.enum(['no_article', 'not_helpful']),
  question: z.string(),
  resolution: z.string(),
  /** Where the draft goes: the folder of the closest article, e.g. `billing`. */
  topic: z.string(),
  /** The article that failed (not_helpful), or the closest ones below the threshold (no_article). */
  articles: z.array(z.string()),
  found_at: z.string(),
  /** The draft article: `extractive` (sentences of the staff resolution, offline) or written by `model`
   * (Gemini or the OpenAI-compatible decider's model, named in `model`) from it. Either is a draft until accepted. */
  draft: z.object({ article_id: z.string(), title: z.string(), text: z.string(), written_by: z.enum(['extractive', 'model']), model: z.string().optional() }),
  status: z.enum(['open', 'accepted']),
  accepted_as: z.string().optional(),
});
export type KnowledgeGap = z.infer<typeof knowledgeGapSchema>;

/** Writes a help-center article from a question and the staff resolution that answered it (the model
 * adapters in src/decide implement it). The text it gets has secrets and addresses removed already. */
export interface DraftWriter {
  readonly model: string;
  write(input: { question: string; resolution: string }): Promise<{ title: string; body: string }>;
}
