// The KnowledgeBase on PostgreSQL (when DATABASE_URL is set): passages in one table with a weighted
// tsvector under a GIN index, so every instance of memdesk searches the same help center. Sync
// compares content hashes and rewrites only changed articles, in one transaction.
// The tsvectors hold memdesk's own terms (analyzer.ts: the six languages' stop words dropped, the
// Porter stemmer, indexed with the 'simple' configuration), not PostgreSQL's English stemming, so a
// question meets the same words here as in the embedded index: the same typo corrections (against the
// help center's words, read with ts_stat), the same answerability signals and model
// (question-terms.ts, answerability.ts), and so the same answer-or-handoff decision. Only the order of
// the candidates is PostgreSQL's own (ts_rank), and its first three are reordered by answerability as
// in the embedded index.
import type pg from 'pg';
import { createPgPool, ensureSchema, inTransaction } from '../sql/pg-pool.js';
import type { Article } from './article.js';
import { termsOf } from './analyzer.js';
import { reorderByAnswerability } from './answerability.js';
import { knowledgeSearchOptionsSchema, planSync, type KnowledgeBase, type KnowledgePassage, type KnowledgeSearchOptions, type SyncReport } from './knowledge-base.js';
import { splitIntoPassages } from './passages.js';
import { bestAnswer, questionParts, titlePhrases, TypoCorrector, type Vocabulary } from './question-terms.js';

export interface PostgresKnowledgeOptions {
  url: string;
  schema?: string;
}

/** Bumped when what the tables hold changes; an older layout is dropped and re-synced from the files. */
const LAYOUT_VERSION = 3;

const migration = `
CREATE TABLE IF NOT EXISTS kb_meta (
  layout int NOT NULL,
  -- Bumped by every sync that changes an article, so each instance knows when to re-read the words.
  generation bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS kb_articles (
  id text PRIMARY KEY,
  hash text NOT NULL,
  audience text NOT NULL CHECK (audience IN ('customer', 'internal')),
  -- The terms of the title and tags: a question's word there covers it fully, in the body by half.
  title_terms text[] NOT NULL,
  -- The two-word phrases of the title and of each tag (question-terms.ts titlePhrases).
  title_phrases text[] NOT NULL,
  -- Every term of the article (title and tags weighted A, body D): which of a question's words it holds.
  tsv tsvector NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS kb_articles_tsv ON kb_articles USING gin (tsv);
CREATE TABLE IF NOT EXISTS kb_passages (
  id text PRIMARY KEY,
  article_id text NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  position int NOT NULL,
  title text NOT NULL,
  url text NOT NULL,
  heading text NOT NULL,
  text text NOT NULL,
  audience text NOT NULL CHECK (audience IN ('customer', 'internal')),
  tsv tsvector NOT NULL
);
CREATE INDEX IF NOT EXISTS kb_passages_tsv ON kb_passages USING gin (tsv);
CREATE INDEX IF NOT EXISTS kb_passages_article ON kb_passages (article_id);
`;

/** Weights for D, C, B, A (ts_rank's order): body text, unused, heading, title and tags. */
const RANK_WEIGHTS = '{0.2, 0.2, 0.5, 1.0}';
/** 2 divides the rank by the passage's length, 32 maps it to 0–1. */
const RANK_NORMALISATION = 34;

/** memdesk's terms of a text, as a space-separated list for to_tsvector('simple', …). */
const termText = (text: string): string => termsOf(text.replaceAll('\u0000', '')).join(' ');

export async function createPostgresKnowledgeBase(opts: PostgresKnowledgeOptions): Promise<KnowledgeBase> {
  if (opts.schema) await ensureSchema(opts.url, opts.schema);
  const pool = createPgPool({ url: opts.url, ...(opts.schema ? { schema: opts.schema } : {}), max: 4 });
  // Two instances starting together must not race on CREATE TABLE IF NOT EXISTS.
  await inTransaction(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['memdesk_kb_migration']);
    const { rows: meta } = await c.query<{ exists: boolean }>(`SELECT to_regclass('kb_meta') IS NOT NULL AS exists`);
    const { rows } = meta[0]?.exists ? await c.query<{ layout: number }>('SELECT layout FROM kb_meta') : { rows: [] };
    if (rows[0]?.layout !== LAYOUT_VERSION) await c.query('DROP TABLE IF EXISTS kb_passages, kb_articles, kb_meta');
    await c.query(migration);
    await c.query('INSERT INTO kb_meta (layout, generation) SELECT $1, 0 WHERE NOT EXISTS (SELECT 1 FROM kb_meta)', [LAYOUT_VERSION]);
  });

  async function writeArticle(c: pg.PoolClient, a: Article): Promise<void> {
    await c.query('DELETE FROM kb_passages WHERE article_id = $1', [a.id]);
    const titleTerms = termText(`${a.title}\n${a.tags.join(' \n ')}`);
    await c.query(
      `INSERT INTO kb_articles (id, hash, audience, title_terms, title_phrases, tsv)
       VALUES ($1, $2, $3, $4, $5, setweight(to_tsvector('simple', $6), 'A') || setweight(to_tsvector('simple', $7), 'D'))
       ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, audience = excluded.audience, title_terms = excluded.title_terms,
         title_phrases = excluded.title_phrases, tsv = excluded.tsv, updated_at = now()`,
      [a.id, a.hash, a.audience, [...new Set(titleTerms.split(' ').filter(Boolean))], titlePhrases(a.title.replaceAll('\u0000', ''), a.tags.map((t) => t.replaceAll('\u0000', ''))), titleTerms, termText(a.body)],
    );
    const passages = splitIntoPassages(a);
    for (const [position, p] of passages.entries()) {
      await c.query(
        `INSERT INTO kb_passages (id, article_id, position, title, url, heading, text, audience, tsv)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
           setweight(to_tsvector('simple', $9), 'A') || setweight(to_tsvector('simple', $10), 'B') || setweight(to_tsvector('simple', $11), 'D'))`,
        [p.id, a.id, position, p.title, p.url, p.heading, p.text.replaceAll('\u0000', ''), p.audience, titleTerms, p.heading === a.title ? '' : termText(p.heading), termText(p.text)],
      );
    }
  }

  // The help center's words (how many articles hold each), re-read when another sync changed them.
  let words: { generation: string; vocabulary: Vocabulary } | undefined;
  async function vocabulary(): Promise<Vocabulary> {
    const { rows } = await pool.query<{ generation: string }>('SELECT generation::text FROM kb_meta');
    const generation = rows[0]?.generation ?? '0';
    if (words?.generation === generation) return words.vocabulary;
    const [{ rows: stats }, { rows: count }] = await Promise.all([
      pool.query<{ word: string; ndoc: number }>(`SELECT word, ndoc FROM ts_stat('SELECT tsv FROM kb_articles')`),
      pool.query<{ n: number }>('SELECT count(*)::int AS n FROM kb_articles'),
    ]);
    const df = new Map(stats.map((s) => [s.word, s.ndoc]));
    const typos = new TypoCorrector(df.keys(), (t) => df.get(t) ?? 0);
    const v: Vocabulary = { size: count[0]?.n ?? 0, df: (t) => df.get(t) ?? 0, has: (t) => df.has(t), correct: (t) => typos.correct(t) };
    words = { generation, vocabulary: v };
    return v;
  }

  return {
    kind: 'postgres',
    async search(query: string, options?: KnowledgeSearchOptions): Promise<KnowledgePassage[]> {
      const { limit, audience } = knowledgeSearchOptionsSchema.parse(options ?? {});
      const vocab = await vocabulary();
      const parts = questionParts(query, vocab);
      const question = parts[0]!;
      if (question.terms.size === 0) return [];
      // Any term may match (OR); ts_rank then prefers passages matching more of them, title and headings first.
      const tsquery = [...question.terms.keys()].map((t) => `'${t}'`).join(' | ');
      const { rows } = await pool.query<KnowledgePassage & { score: number }>(
        `SELECT article_id, title, url, heading, text, audience, score FROM (
           SELECT article_id, position, title, url, heading, text, audience, score,
                  row_number() OVER (PARTITION BY article_id ORDER BY score DESC, position) AS nth
             FROM (SELECT p.*, ts_rank('${RANK_WEIGHTS}', tsv, q, ${RANK_NORMALISATION})::float8 AS score
                     FROM kb_passages p, to_tsquery('simple', $1) q
                    WHERE tsv @@ q AND ($2 = 'all' OR audience = $2)) matched
         ) ranked WHERE nth <= 2 ORDER BY score DESC, article_id, position LIMIT $3`,
        [tsquery, audience, limit],
      );
      if (rows.length === 0) return [];
      // The score that decides answer or handoff is the embedded index's, from the same signals.
      const { rows: articles } = await pool.query<{ id: string; title_terms: string[]; title_phrases: string[]; terms: string[] }>(
        `SELECT id, title_terms, title_phrases, tsvector_to_array(tsv) AS terms FROM kb_articles WHERE id = ANY($1)`,
        [[...new Set(rows.map((r) => r.article_id))]],
      );
      const scores = new Map<string, number>();
      for (const a of articles) {
        const inTitle = new Set(a.title_terms);
        const inArticle = new Set(a.terms);
        const phrases = new Set(a.title_phrases);
        const terms = { inTitleOrTags: (t: string) => inTitle.has(t), inArticle: (t: string) => inArticle.has(t), hasTitlePhrase: (p: string) => phrases.has(p) };
        scores.set(a.id, bestAnswer(parts, terms, vocab).score);
      }
      const ranked = [...new Set(rows.map((r) => r.article_id))];
      const articleOrder = reorderByAnswerability(ranked, (id) => scores.get(id) ?? 0);
      return rows
        .map(({ score: _rank, ...r }) => ({ ...r, score: scores.get(r.article_id) ?? 0 }))
        .sort((x, y) => articleOrder.indexOf(x.article_id) - articleOrder.indexOf(y.article_id));
    },
    async sync(articles: Article[]): Promise<SyncReport> {
      return inTransaction(pool, async (c) => {
        // One sync at a time across instances, so two never interleave their rewrites of an article.
        await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['memdesk_kb_sync']);
        const { rows } = await c.query<{ id: string; hash: string }>('SELECT id, hash FROM kb_articles');
        const plan = planSync(new Map(rows.map((r) => [r.id, r.hash])), articles);
        for (const a of plan.changed) await writeArticle(c, a);
        if (plan.removed.length) await c.query('DELETE FROM kb_articles WHERE id = ANY($1)', [plan.removed]);
        if (plan.changed.length || plan.removed.length) await c.query('UPDATE kb_meta SET generation = generation + 1');
        const { changed: _changed, ...report } = plan;
        return report;
      });
    },
    async close() {
      await pool.end();
    },
  };
}
