// Zendesk Help Center: the `articles` JSON of GET /api/v2/help_center/articles (or /{locale}/articles),
// one page or several pages' `articles` arrays saved together. Drafts are skipped; `label_names`
// become tags; `html_url` is the link a reply shows.
import { z } from 'zod';
import { htmlToText } from '../html-to-text.js';
import { importedId, slugOf, type ImportBatch, type ImportedArticle, type SkippedItem } from './imported-article.js';

export const zendeskArticleSchema = z.object({
  id: z.union([z.number(), z.string()]),
  html_url: z.string().optional(),
  url: z.string().optional(),
  title: z.string().optional(),
  name: z.string().optional(),
  body: z.string().nullable().optional(),
  draft: z.boolean().optional(),
  label_names: z.array(z.string()).optional(),
  updated_at: z.string().optional(),
  edited_at: z.string().optional(),
  locale: z.string().optional(),
});
export const zendeskExportSchema = z.object({ articles: z.array(z.unknown()) });

export const looksLikeZendesk = (doc: unknown): boolean => zendeskExportSchema.safeParse(doc).success;

export function importZendesk(doc: unknown): ImportBatch {
  const articles: ImportedArticle[] = [];
  const skipped: SkippedItem[] = [];
  for (const [i, raw] of zendeskExportSchema.parse(doc).articles.entries()) {
    const parsed = zendeskArticleSchema.safeParse(raw);
    if (!parsed.success) {
      skipped.push({ item: `articles[${i}]`, reason: parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ') });
      continue;
    }
    const a = parsed.data;
    const title = (a.title ?? a.name ?? '').trim();
    const label = `articles[${i}] (id ${a.id})`;
    if (a.draft) {
      skipped.push({ item: label, reason: 'draft' });
      continue;
    }
    if (!title) {
      skipped.push({ item: label, reason: 'no title' });
      continue;
    }
    const url = a.html_url ?? a.url;
    if (!url) {
      skipped.push({ item: label, reason: 'no html_url' });
      continue;
    }
    const body = htmlToText(a.body ?? '');
    if (!body) {
      skipped.push({ item: label, reason: 'empty body' });
      continue;
    }
    // html_url ends in "<id>-<Title-Words>": that tail is Zendesk's own slug.
    const tail = /\/articles\/([^/?#]+)/.exec(url)?.[1];
    articles.push({
      id: importedId('zendesk', tail ?? `${a.id}-${slugOf(title)}`),
      front: { title, url, tags: a.label_names ?? [], updated: (a.edited_at ?? a.updated_at ?? '1970-01-01').slice(0, 10), audience: 'customer' },
      body,
    });
  }
  return { source: 'zendesk', articles, skipped };
}
