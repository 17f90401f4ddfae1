// Reads every article under KNOWLEDGE_DIR: each `.md` file is one article whose id is its path
// without the extension. A file that does not parse stops the read with its path and field named,
// rather than silently leaving a hole in what memdesk can answer.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { memdeskError } from '../errors.js';
import { parseArticle, type Article } from './article.js';

export function articleIdOf(dir: string, file: string): string {
  return relative(dir, file).split(sep).join('/').replace(/\.md$/i, '').toLowerCase();
}

export function listArticleFiles(dir: string): string[] {
  let stat;
  try {
    stat = statSync(dir);
  } catch {
    throw memdeskError('file_invalid', `${dir}: the knowledge folder does not exist (set KNOWLEDGE_DIR to the folder of your help-center articles)`);
  }
  if (!stat.isDirectory()) throw memdeskError('file_invalid', `${dir}: KNOWLEDGE_DIR must be a folder`);
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.md$/i.test(entry.name) && !/^readme\.md$/i.test(entry.name)) files.push(path);
    }
  };
  walk(dir);
  return files;
}

export function readKnowledgeDir(dir: string): Article[] {
  return listArticleFiles(dir).map((file) => parseArticle(articleIdOf(dir, file), readFileSync(file, 'utf8'), file));
}
