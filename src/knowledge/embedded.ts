// The embedded KnowledgeBase: articles kept in SQLite (knowledge.db in MEMDESK_DATA_DIR) with their
// content hashes, searched by the in-memory PassageIndex. Sync writes and re-analyses only the
// articles whose hash changed; the index is rebuilt from the stored articles when a process opens it.
import Database from 'better-sqlite3';
import { ensureDataDir } from '../files/data-dir.js';
import { join } from 'node:path';
import { articleSchema, type Article } from './article.js';
import { knowledgeSearchOptionsSchema, planSync, type KnowledgeBase, type KnowledgePassage, type KnowledgeSearchOptions, type SyncReport } from './knowledge-base.js';
import { PassageIndex, type PassageIndexOptions } from './passage-index.js';

export interface EmbeddedKnowledgeOptions extends PassageIndexOptions {
  /** Folder of knowledge.db; without it the index lives in memory only (tests, the bench). */
  dataDir?: string;
}

export interface EmbeddedKnowledgeBase extends KnowledgeBase {
  readonly index: PassageIndex;
}

/** Bumped when what is stored per article changes, so an old knowledge.db is re-synced from scratch. */
const STORE_VERSION = 1;

export function createEmbeddedKnowledgeBase(opts: EmbeddedKnowledgeOptions = {}): EmbeddedKnowledgeBase {
  const index = new PassageIndex(opts);
  let db: Database.Database | undefined;
  if (opts.dataDir) {
    ensureDataDir(opts.dataDir);
    db = new Database(join(opts.dataDir, 'knowledge.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    if (db.pragma('user_version', { simple: true }) !== STORE_VERSION) {
      db.exec(`DROP TABLE IF EXISTS kb_articles; CREATE TABLE kb_articles (id TEXT PRIMARY KEY, hash TEXT NOT NULL, article TEXT NOT NULL)`);
      db.pragma(`user_version = ${STORE_VERSION}`);
    }
    for (const row of db.prepare('SELECT article FROM kb_articles').all() as { article: string }[]) {
      index.put(articleSchema.parse(JSON.parse(row.article)));
    }
  }
  const upsert = db?.prepare('INSERT INTO kb_articles (id, hash, article) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, article = excluded.article');
  const remove = db?.prepare('DELETE FROM kb_articles WHERE id = ?');
  const store = db?.transaction((changed: Article[], removed: string[]) => {
    for (const a of changed) upsert!.run(a.id, a.hash, JSON.stringify(a));
    for (const id of removed) remove!.run(id);
  });

  return {
    kind: 'embedded',
    index,
    async search(query: string, options?: KnowledgeSearchOptions): Promise<KnowledgePassage[]> {
      const { limit, audience } = knowledgeSearchOptionsSchema.parse(options ?? {});
      return index.search(query, { limit, audience }).map(({ id: _passageId, signals: _signals, partSignals: _parts, ...p }) => p);
    },
    async article(id: string) {
      const a = index.article(id);
      return a ? { article_id: a.id, title: a.title, url: a.url, audience: a.audience } : undefined;
    },
    async sync(articles: Article[]): Promise<SyncReport> {
      const plan = planSync(new Map(index.ids().map((id) => [id, index.hashOf(id)!])), articles);
      store?.(plan.changed, plan.removed);
      for (const a of plan.changed) index.put(a);
      for (const id of plan.removed) index.remove(id);
      const { changed: _changed, ...report } = plan;
      return report;
    },
    async close() {
      db?.close();
    },
  };
}
