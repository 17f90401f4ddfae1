// The KnowledgeBase port: what the decision loop asks of the help center, whichever engine answers
// (the embedded index, or PostgreSQL full-text search when DATABASE_URL is set).
import { z } from 'zod';
import { knowledgeSearchOptionsSchema, type KnowledgePassage, type KnowledgeSearch, type KnowledgeSearchOptions } from '../core/knowledge.js';
import type { Article } from './article.js';

// The passage and the search options are the loop's (src/core/knowledge.ts); re-exported for the adapters.
export { knowledgeSearchOptionsSchema, type KnowledgePassage, type KnowledgeSearchOptions };

export const syncReportSchema = z.object({
  added: z.array(z.string()),
  updated: z.array(z.string()),
  removed: z.array(z.string()),
  unchanged: z.number().int(),
});
export type SyncReport = z.infer<typeof syncReportSchema>;

export interface KnowledgeBase extends KnowledgeSearch {
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
