// `memdesk kb import <path>`: recognises what it was given (a folder or file of Markdown/HTML, a
// Zendesk Help Center articles export, an Intercom articles export), converts each article, and
// writes it to KNOWLEDGE_DIR/imported/<source>/<slug>.md. Writing the same export twice changes no
// file, so the next sync re-indexes nothing.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { memdeskError } from '../../errors.js';
import { parseArticle, renderArticle } from '../article.js';
import { importFolder } from './folder.js';
import { uniqueIds, type SkippedItem } from './imported-article.js';
import { importIntercom, looksLikeIntercom } from './intercom.js';
import { importZendesk, looksLikeZendesk } from './zendesk.js';

export interface ImportOptions {
  knowledgeDir: string;
  baseUrl?: string;
  today: string;
}

export interface ImportResult {
  source: string;
  written: string[];
  unchanged: string[];
  skipped: SkippedItem[];
}

export function importArticles(path: string, opts: ImportOptions): ImportResult {
  if (!existsSync(path)) throw memdeskError('file_invalid', `${path}: no such file or folder`);
  let batch;
  if (statSync(path).isDirectory() || !/\.json$/i.test(path)) {
    batch = importFolder(path, { today: opts.today, ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}) });
  } else {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw memdeskError('file_invalid', `${path}: not valid JSON (${(err as Error).message})`);
    }
    if (looksLikeZendesk(doc)) batch = importZendesk(doc);
    else if (looksLikeIntercom(doc)) batch = importIntercom(doc);
    else throw memdeskError('file_invalid', `${path}: neither a Zendesk Help Center export ({"articles": [...]}) nor an Intercom articles export ({"type": "list", "data": [...]})`);
  }
  // Every article must read back as a valid one before any is written: a bad item (named with its
  // source file) stops the import with the knowledge folder as it was, not half imported.
  const rendered = uniqueIds(batch.articles).map((a) => {
    const file = join(opts.knowledgeDir, `${a.id}.md`);
    const text = renderArticle(a.front, a.body);
    parseArticle(a.id, text, file);
    return { id: a.id, file, text };
  });
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const { id, file, text } of rendered) {
    if (existsSync(file) && readFileSync(file, 'utf8') === text) {
      unchanged.push(id);
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    written.push(id);
  }
  return { source: batch.source, written, unchanged, skipped: batch.skipped };
}
