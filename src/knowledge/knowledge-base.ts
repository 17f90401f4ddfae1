// The KnowledgeBase port: what the decision loop asks of the help center, whichever engine answers
// (the embedded index, or PostgreSQL full-text search when DATABASE_URL is set).
import { z } from 'zod';
import { audience, type Article } from './article.js';

export const knowledgePassageSchema = z.object({
  article_id: z.string(),
  title: z.string(),
  url: z.string(),
  heading: z.string(),
  /** 0–1: how likely this passage's article answers the question (answerability.ts); compare with knowledge.min_score. */
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

export const syncReportSchema = z.object({
  added: z.array(z.string()),
  updated: z.array(z.string()),
  removed: z.array(z.string()),
  unchanged: z.number().int(),
});
export type SyncReport = z.infer<typeof syncReportSchema>;

export interface KnowledgeBase {
  readonly kind: 'embedded' | 'postgres';
  search(query: string, options?: KnowledgeSearchOptions): Promise<KnowledgePassage[]>;
  /** Makes the index hold exactly `articles`, re-indexing only those whose content hash changed. */
  sync(articles: Article[]): Promise<SyncReport>;
  close(): Promise<void>;
}

/** Which ids changed, given the hashes an index holds and the articles on disk. */
export function planSync(indexed: Map<string, string>, articles: Article[]): SyncReport & { changed: Article[] } {
  const added: string[] = [];
  const updated: string[] = [];
  const changed: Article[] = [];
  const onDisk = new Set<string>();
  for (const a of articles) {
    onDisk.add(a.id);
    const hash = indexed.get(a.id);
    if (hash === a.hash) continue;
    (hash === undefined ? added : updated).push(a.id);
    changed.push(a);
  }
  const removed = [...indexed.keys()].filter((id) => !onDisk.has(id));
  return { added, updated, removed, unchanged: articles.length - changed.length, changed };
}
