// What every importer produces: an article ready to be written under KNOWLEDGE_DIR as
// imported/<source>/<slug>.md, so imported articles never collide with the team's own.
import type { FrontMatter } from '../article.js';

export interface ImportedArticle {
  /** `imported/<source>/<slug>` */
  id: string;
  front: FrontMatter;
  body: string;
}

export interface SkippedItem {
  item: string;
  reason: string;
}

export interface ImportBatch {
  source: string;
  articles: ImportedArticle[];
  skipped: SkippedItem[];
}

export const slugOf = (s: string): string =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80)
    .replace(/-$/, '') || 'article';

export const importedId = (source: string, slug: string): string => `imported/${slugOf(source)}/${slugOf(slug)}`;

/** Keeps ids unique within a batch: a second "faq" becomes "faq-2". */
export function uniqueIds(articles: ImportedArticle[]): ImportedArticle[] {
  const seen = new Map<string, number>();
  return articles.map((a) => {
    const n = (seen.get(a.id) ?? 0) + 1;
    seen.set(a.id, n);
    return n > 1 ? { ...a, id: `${a.id}-${n}` } : a;
  });
}
