// Intercom: the JSON of GET https://api.intercom.io/articles — {type: "list", data: [article…]} —
// or a saved array of those articles. Only `published` articles are imported; times are Unix seconds.
import { z } from 'zod';
import { isoDay } from '../../clock.js';
import { htmlToText } from '../html-to-text.js';
import { importedId, slugOf, type ImportBatch, type ImportedArticle, type SkippedItem } from './imported-article.js';

export const intercomArticleSchema = z.object({
  type: z.literal('article').optional(),
  id: z.union([z.string(), z.number()]),
  title: z.string(),
  description: z.string().nullable().optional(),
  body: z.string().nullable().optional(),
  state: z.enum(['published', 'draft']).optional(),
  url: z.string().nullable().optional(),
  updated_at: z.number().optional(),
  created_at: z.number().optional(),
});
export const intercomExportSchema = z.union([
  z.object({ type: z.literal('list'), data: z.array(z.unknown()) }).transform((d) => d.data),
  z.array(z.object({ type: z.literal('article') }).loose()),
]);

export const looksLikeIntercom = (doc: unknown): boolean => intercomExportSchema.safeParse(doc).success;

export function importIntercom(doc: unknown): ImportBatch {
  const articles: ImportedArticle[] = [];
  const skipped: SkippedItem[] = [];
  for (const [i, raw] of intercomExportSchema.parse(doc).entries()) {
    const parsed = intercomArticleSchema.safeParse(raw);
    if (!parsed.success) {
      skipped.push({ item: `data[${i}]`, reason: parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ') });
      continue;
    }
    const a = parsed.data;
    const label = `data[${i}] (id ${a.id})`;
    if (a.state === 'draft') {
      skipped.push({ item: label, reason: 'draft' });
      continue;
    }
    if (!a.url) {
      skipped.push({ item: label, reason: 'no url (unpublished)' });
      continue;
    }
    const description = a.description?.trim();
    const body = [description, htmlToText(a.body ?? '')].filter(Boolean).join('\n\n');
    if (!body) {
      skipped.push({ item: label, reason: 'empty body' });
      continue;
    }
    // Intercom URLs end in "<id>-<title-words>".
    const tail = /\/articles\/([^/?#]+)/.exec(a.url)?.[1];
    const seconds = a.updated_at ?? a.created_at ?? 0;
    articles.push({
      id: importedId('intercom', tail ?? `${a.id}-${slugOf(a.title)}`),
      front: { title: a.title.trim(), url: a.url, tags: [], updated: isoDay(new Date(seconds * 1000)), audience: 'customer' },
      body,
    });
  }
  return { source: 'intercom', articles, skipped };
}
