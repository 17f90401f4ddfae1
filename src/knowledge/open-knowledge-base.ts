// Picks the KnowledgeBase for a deployment — PostgreSQL when DATABASE_URL is set, else the embedded
// index in MEMDESK_DATA_DIR — and syncs KNOWLEDGE_DIR into it.
import type { Config } from '../config.js';
import { createEmbeddedKnowledgeBase } from './embedded.js';
import { readKnowledgeDir } from './knowledge-dir.js';
import type { KnowledgeBase, SyncReport } from './knowledge-base.js';
import { createPostgresKnowledgeBase } from './postgres.js';

export async function openKnowledgeBase(config: Pick<Config, 'DATABASE_URL' | 'MEMDESK_DATA_DIR'>): Promise<KnowledgeBase> {
  return config.DATABASE_URL ? createPostgresKnowledgeBase({ url: config.DATABASE_URL }) : createEmbeddedKnowledgeBase({ dataDir: config.MEMDESK_DATA_DIR });
}

/** Reads KNOWLEDGE_DIR (a bad file stops here, named) and re-indexes what changed. */
export async function syncKnowledgeDir(kb: KnowledgeBase, dir: string): Promise<SyncReport> {
  return kb.sync(readKnowledgeDir(dir));
}
