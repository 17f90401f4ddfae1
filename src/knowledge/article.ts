// A help-center article: Markdown with YAML front matter, as the support team writes it under
// KNOWLEDGE_DIR. The front matter schema is the type; a file that breaks it stops the sync with the
// file and the field named, because a person has to open that file and fix it.
import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import { z } from 'zod';
import { isoDay } from '../clock.js';
import { memdeskError } from '../errors.js';
import { audience, type Audience } from '../core/knowledge.js';

export { audience, type Audience };

export const frontMatterSchema = z.object({
  title: z.string().trim().min(1, 'must be a non-empty title'),
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL, e.g. https://help.example.com/billing/invoices' }),
  tags: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
  updated: z
    .union([z.string(), z.date()])
    .transform((v) => (v instanceof Date ? isoDay(v) : v.trim()))
    .refine((v) => /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v)), 'must be a date, e.g. 2026-10-14'),
  plans: z.array(z.string().min(1)).optional(),
  audience: audience.default('customer'),
});
export type FrontMatter = z.infer<typeof frontMatterSchema>;

export const articleSchema = frontMatterSchema.extend({
  /** The file's path under KNOWLEDGE_DIR without its extension: `billing/download-invoices`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9/_-]*$/, 'must be lower-case path segments'),
  /** The Markdown after the front matter, the leading "# Title" line removed. */
  body: z.string(),
  /** sha256 of the file's text: sync re-indexes an article only when this changes. */
  hash: z.string(),
});
export type Article = z.infer<typeof articleSchema>;


const frontMatterBlock = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export const contentHash = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Parses one article file's text; `source` is what an error names (the file's path). */
export function parseArticle(id: string, text: string, source: string): Article {
  const block = frontMatterBlock.exec(text);
  if (!block) throw memdeskError('file_invalid', `${source}: no front matter (start the file with a --- block holding title, url, tags, updated)`);
  let raw: unknown;
  try {
    raw = parse(block[1]!);
  } catch (err) {
    throw memdeskError('file_invalid', `${source}: front matter is not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  const parsed = frontMatterSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${source}: front matter field "${i.path.join('.') || '(top level)'}" ${i.message}`);
    throw memdeskError('file_invalid', lines.join('\n'));
  }
  const body = text.slice(block[0].length).replace(/^\s*#\s+[^\n]*\n/, '').trim();
  if (!body) throw memdeskError('file_invalid', `${source}: the article has no text after its front matter`);
  return { ...parsed.data, id, body, hash: contentHash(text) };
}

/** The file text for an article (used by importers and the gap loop's drafts). */
export function renderArticle(front: FrontMatter, body: string): string {
  const header: Record<string, unknown> = { title: front.title, url: front.url, tags: front.tags, updated: front.updated };
  if (front.plans) header.plans = front.plans;
  if (front.audience !== 'customer') header.audience = front.audience;
  const yaml = Object.entries(header)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.map(yamlScalar).join(', ')}]` : yamlScalar(v)}`)
    .join('\n');
  return `---\n${yaml}\n---\n# ${front.title}\n\n${body.trim()}\n`;
}

/** Quotes a scalar whenever YAML could read it as something else (colons, brackets, leading symbols). */
function yamlScalar(v: unknown): string {
  const s = String(v);
  return /^[\p{L}\p{N}][\p{L}\p{N} ._/'()-]*$/u.test(s) && !/^(true|false|null|yes|no|~)$/i.test(s) ? s : JSON.stringify(s);
}
