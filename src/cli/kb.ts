// `memdesk kb import | sync | search`: the help-center articles memdesk answers from. These commands
// need only the knowledge base, not the whole agent, so they open it directly.
import { isoDay, systemClock } from '../clock.js';
import { loadConfig, type Config } from '../config.js';
import { importArticles } from '../knowledge/import/import-articles.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import { openKnowledgeBase, syncKnowledgeDir } from '../knowledge/open-knowledge-base.js';
import { memdeskError } from '../errors.js';
import type { CliIo } from './terminal.js';
import { clip, renderTable } from './table.js';

async function withKnowledgeBase<T>(env: NodeJS.ProcessEnv, fn: (kb: KnowledgeBase, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig(env);
  const kb = await openKnowledgeBase(config);
  try {
    return await fn(kb, config);
  } finally {
    await kb.close();
  }
}

export async function kbImportCommand(path: string, opts: { baseUrl?: string; json?: boolean }, io: CliIo, env: NodeJS.ProcessEnv): Promise<void> {
  const config = loadConfig(env);
  const result = importArticles(path, {
    knowledgeDir: config.KNOWLEDGE_DIR,
    today: isoDay(systemClock(config.MEMDESK_NOW).now()),
    ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
  });
  // Imported files are indexed at once, so `kb search` finds them without another step.
  const sync = await withKnowledgeBase(env, (kb) => syncKnowledgeDir(kb, config.KNOWLEDGE_DIR));
  if (opts.json) return io.out(JSON.stringify({ ...result, sync }, null, 2));
  io.out(`Imported from ${result.source}: ${result.written.length} written, ${result.unchanged.length} unchanged, ${result.skipped.length} skipped (into ${config.KNOWLEDGE_DIR}/imported/).`);
  for (const id of result.written) io.out(`  + ${id}`);
  for (const s of result.skipped) io.out(`  skipped ${s.item}: ${s.reason}`);
  io.out(describeSync(sync));
}

export async function kbSyncCommand(opts: { json?: boolean }, io: CliIo, env: NodeJS.ProcessEnv): Promise<void> {
  await withKnowledgeBase(env, async (kb, config) => {
    const sync = await syncKnowledgeDir(kb, config.KNOWLEDGE_DIR);
    if (opts.json) return io.out(JSON.stringify({ knowledge_dir: config.KNOWLEDGE_DIR, index: kb.kind, ...sync }, null, 2));
    io.out(`${config.KNOWLEDGE_DIR} (${kb.kind} index): ${describeSync(sync)}`);
    for (const id of sync.added) io.out(`  + ${id}`);
    for (const id of sync.updated) io.out(`  ~ ${id}`);
    for (const id of sync.removed) io.out(`  - ${id}`);
  });
}

export async function kbSearchCommand(query: string, opts: { limit?: string; all?: boolean; json?: boolean }, io: CliIo, env: NodeJS.ProcessEnv): Promise<void> {
  const limit = Number(opts.limit ?? 5);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw memdeskError('usage', `--limit must be a whole number from 1 to 50 (got "${opts.limit}")`);
  if (!query.trim()) throw memdeskError('usage', 'kb search needs a question, e.g. memdesk kb search "how do I download an invoice"');
  await withKnowledgeBase(env, async (kb, config) => {
    await syncKnowledgeDir(kb, config.KNOWLEDGE_DIR);
    const found = await kb.search(query, { limit, audience: opts.all ? 'all' : 'customer' });
    if (opts.json) {
      return io.out(JSON.stringify({ results: found.map(({ article_id, title, url, heading, score, text }) => ({ article_id, title, url, heading, score, text })) }, null, 2));
    }
    if (!found.length) return io.out('No passage matches.');
    io.out(renderTable(['score', 'article', 'section', 'text'], found.map((p) => [p.score.toFixed(3), p.audience === 'internal' ? `${p.article_id} (internal)` : p.article_id, clip(p.heading, 40), clip(p.text, 70)])));
  });
}

const describeSync = (s: { added: string[]; updated: string[]; removed: string[]; unchanged: number }): string =>
  `indexed ${s.added.length} new, ${s.updated.length} changed, ${s.removed.length} removed, ${s.unchanged} unchanged`;
