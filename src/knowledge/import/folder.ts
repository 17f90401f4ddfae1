// A folder (or one file) of Markdown or HTML articles, as teams keep them in a docs repository or a
// saved site. Markdown may carry front matter; HTML gives its <title> or first <h1>. A file without
// a URL gets `<base url>/<id>` when a base URL is given, and is skipped with the reason otherwise.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative, sep } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { isoDay } from '../../clock.js';
import { htmlToText } from '../html-to-text.js';
import { importedId, type ImportBatch, type ImportedArticle, type SkippedItem } from './imported-article.js';

const articleFile = /\.(md|markdown|html?)$/i;
const looseFrontMatter = z
  .object({
    title: z.string().optional(),
    url: z.string().optional(),
    tags: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
    updated: z.union([z.string(), z.date()]).optional(),
    plans: z.array(z.string()).optional(),
    audience: z.enum(['customer', 'internal']).optional(),
  })
  .loose();

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  const out: string[] = [];
  for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = join(path, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (articleFile.test(entry.name)) out.push(full);
  }
  return out;
}

export interface FolderImportOptions {
  baseUrl?: string;
  /** YYYY-MM-DD for files that do not say when they were updated. */
  today: string;
}

export function importFolder(path: string, opts: FolderImportOptions): ImportBatch {
  const isDir = statSync(path).isDirectory();
  const source = basename(isDir ? path : join(path, '..'));
  const articles: ImportedArticle[] = [];
  const skipped: SkippedItem[] = [];
  for (const file of filesUnder(path)) {
    const rel = isDir ? relative(path, file) : basename(file);
    const slug = rel.slice(0, -extname(rel).length).split(sep).join('-');
    const id = importedId(source, slug);
    const text = readFileSync(file, 'utf8');
    let front: z.infer<typeof looseFrontMatter> = {};
    let body: string;
    let title: string | undefined;
    if (/\.html?$/i.test(file)) {
      const withoutHead = text.replace(/<head\b[\s\S]*?<\/head\s*>/i, (head) => {
        title = /<title\b[^>]*>([\s\S]*?)<\/title>/i.exec(head)?.[1];
        return '';
      });
      const h1 = /<h1\b[^>]*>([\s\S]*?)<\/h1\s*>/i.exec(withoutHead);
      title = htmlToText(title ?? h1?.[1] ?? '') || undefined;
      body = htmlToText(h1 ? withoutHead.replace(h1[0], '') : withoutHead);
    } else {
      const block = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
      if (block) {
        const parsed = looseFrontMatter.safeParse(safeYaml(block[1]!));
        if (!parsed.success) {
          skipped.push({ item: file, reason: `front matter: ${parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}` });
          continue;
        }
        front = parsed.data;
      }
      body = (block ? text.slice(block[0].length) : text).trim();
      const h1 = /^#\s+(.+)$/m.exec(body);
      if (h1 && body.indexOf(h1[0]) === 0) body = body.slice(h1[0].length).trim();
      title = front.title ?? h1?.[1]?.trim();
    }
    title ??= basename(file, extname(file)).replace(/[-_]+/g, ' ');
    const url = front.url ?? (opts.baseUrl ? `${opts.baseUrl.replace(/\/$/, '')}/${id}` : undefined);
    if (!url) {
      skipped.push({ item: file, reason: 'no url: add `url:` to its front matter or pass --base-url' });
      continue;
    }
    if (!body) {
      skipped.push({ item: file, reason: 'empty body' });
      continue;
    }
    const updated = front.updated instanceof Date ? isoDay(front.updated) : (front.updated ?? isoDay(statSync(file).mtime) ?? opts.today);
    articles.push({
      id,
      front: { title, url, tags: front.tags ?? [], updated, audience: front.audience ?? 'customer', ...(front.plans ? { plans: front.plans } : {}) },
      body,
    });
  }
  return { source, articles, skipped };
}

function safeYaml(text: string): unknown {
  try {
    return parse(text) ?? {};
  } catch {
    return { title: 1 } as unknown; // fails the schema, so the file is skipped with a reason
  }
}
