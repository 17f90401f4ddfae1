// The KnowledgeBase on PostgreSQL (when DATABASE_URL is set): passages in one table with a weighted
// tsvector under a GIN index, so every instance of memdesk searches the same help center. Sync
// compares content hashes and rewrites only changed articles, in one transaction.
// The tsvectors hold memdesk's own terms (analyzer.ts: the six languages' stop words dropped, the
// Porter stemmer), taken as they are (array_to_tsvector), not PostgreSQL's English stemming, so a
// question meets the same words here as in the embedded index: the same typo corrections (against the
// help center's words, read with ts_stat), the same answerability signals and model
// (question-terms.ts, answerability.ts), and so the same answer-or-handoff decision. The ranking is the
// embedded index's too: PostgreSQL finds the articles holding any of the question's terms (GIN index)
// and returns each one's and its passages' per-field term counts and lengths, and bm25f.ts scores them
// with the same collection statistics (sizes, average field lengths, document frequencies of the
// article and the passage level, re-read when a sync changed them). ts_rank ranked differently: it has
// no idf and normalises by length in its own way, so the two engines disagreed on 129 of the 158 eval
// questions' first three articles (correct @1 0.843 against 0.858).
import type pg from 'pg';
import { createPgPool, ensureSchema, inTransaction } from '../sql/pg-pool.js';
import type { Article } from './article.js';
import { termsOf } from './analyzer.js';
import { reorderByAnswerability } from './answerability.js';
import { ARTICLE_FIELDS, ARTICLE_SHARE, averageLengths, bm25Idf, byId, CANDIDATE_ARTICLES, fieldTf, PASSAGE_FIELDS, PASSAGES_PER_ARTICLE, termScore, type FieldSpec } from './bm25f.js';
import { knowledgeSearchOptionsSchema, planSync, type KnowledgeBase, type KnowledgePassage, type KnowledgeSearchOptions, type SyncReport } from './knowledge-base.js';
import { splitIntoPassages } from './passages.js';
import { bestAnswer, questionParts, titlePhrases, TypoCorrector, type Vocabulary } from './question-terms.js';

export interface PostgresKnowledgeOptions {
  url: string;
  schema?: string;
}

/** Bumped when what the tables hold changes; an older layout is dropped and re-synced from the files. */
const LAYOUT_VERSION = 4;

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
  -- Every term of the article: which of a question's words it holds (and the articles a question finds).
  tsv tsvector NOT NULL,
  -- BM25F (bm25f.ts ARTICLE_FIELDS): each term's count in the title, tags and body, and their lengths.
  counts jsonb NOT NULL,
  lengths jsonb NOT NULL,
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
  -- The terms of its heading and text (the passage level's document frequencies, read with ts_stat).
  tsv tsvector NOT NULL,
  -- BM25F (bm25f.ts PASSAGE_FIELDS): each term's count in the heading and text, and their lengths.
  counts jsonb NOT NULL,
  lengths jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS kb_passages_article ON kb_passages (article_id);
`;

/** memdesk's terms of a text. */
const termList = (text: string): string[] => termsOf(text.replaceAll('\u0000', ''));

/** Per-field term counts ({term: [count in field 1, field 2, …]}) and lengths of a document's fields. */
function fieldCounts(fields: readonly FieldSpec[], terms: Record<string, string[]>): { counts: Record<string, number[]>; lengths: Record<string, number> } {
  const counts: Record<string, number[]> = {};
  fields.forEach((f, i) => {
    for (const t of terms[f.name] ?? []) {
      const c = (counts[t] ??= fields.map(() => 0));
      c[i]! += 1;
    }
  });
  return { counts, lengths: Object.fromEntries(fields.map((f) => [f.name, terms[f.name]?.length ?? 0])) };
}

/** A tsquery matching any of the terms, each taken as it is. */
const anyOf = (terms: string[]): string => terms.map((t) => `'${t.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`).join(' | ');

/** One collection's statistics, as the embedded index's Collection holds them. */
interface CollectionStats {
  size: number;
  avg: Record<string, number>;
  df: Map<string, number>;
}

/** A term's pseudo term frequency in one document from its per-field counts (bm25f.ts, in field order). */
function pseudoTf(fields: readonly FieldSpec[], counts: number[] | undefined, lengths: Record<string, number>, stats: CollectionStats): number {
  let tf = 0;
  if (!counts) return tf;
  fields.forEach((f, i) => {
    const c = counts[i];
    if (c) tf += fieldTf(f, c, lengths[f.name] ?? 0, stats.avg[f.name]!);
  });
  return tf;
}

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
    // The same fields as the embedded index (passage-index.ts put): title, tags, body; heading, text.
    const fields = { title: termList(a.title), tags: termList(a.tags.join(' \n ')), body: termList(a.body) };
    const article = fieldCounts(ARTICLE_FIELDS, fields);
    await c.query(
      `INSERT INTO kb_articles (id, hash, audience, title_terms, title_phrases, tsv, counts, lengths)
       VALUES ($1, $2, $3, $4, $5, array_to_tsvector($6::text[]), $7, $8)
       ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, audience = excluded.audience, title_terms = excluded.title_terms,
         title_phrases = excluded.title_phrases, tsv = excluded.tsv, counts = excluded.counts, lengths = excluded.lengths, updated_at = now()`,
      [
        a.id,
        a.hash,
        a.audience,
        [...new Set([...fields.title, ...fields.tags])],
        titlePhrases(a.title.replaceAll('\u0000', ''), a.tags.map((t) => t.replaceAll('\u0000', ''))),
        Object.keys(article.counts),
        article.counts,
        article.lengths,
      ],
    );
    const passages = splitIntoPassages(a);
    for (const [position, p] of passages.entries()) {
      const passage = fieldCounts(PASSAGE_FIELDS, { heading: p.heading === a.title ? [] : termList(p.heading), body: termList(p.text) });
      await c.query(
        `INSERT INTO kb_passages (id, article_id, position, title, url, heading, text, audience, tsv, counts, lengths)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, array_to_tsvector($9::text[]), $10, $11)`,
        [p.id, a.id, position, p.title, p.url, p.heading, p.text.replaceAll('\u0000', ''), p.audience, Object.keys(passage.counts), passage.counts, passage.lengths],
      );
    }
  }

  // The help center's words and statistics (the article and passage levels), re-read when another sync changed them.
  let words: { generation: string; vocabulary: Vocabulary; articles: CollectionStats; passages: CollectionStats } | undefined;
  async function collection(table: 'kb_articles' | 'kb_passages', fields: readonly FieldSpec[]): Promise<CollectionStats> {
    const sums = fields.map((f) => `coalesce(sum((lengths->>'${f.name}')::int), 0)::float8 AS "${f.name}"`).join(', ');
    const [{ rows: stats }, { rows: totals }] = await Promise.all([
      pool.query<{ word: string; ndoc: number }>(`SELECT word, ndoc FROM ts_stat('SELECT tsv FROM ${table}')`),
      pool.query<Record<string, number>>(`SELECT count(*)::int AS n, ${sums} FROM ${table}`),
    ]);
    const { n: size = 0, ...lengthSums } = totals[0] ?? {};
    return { size, avg: averageLengths(fields, [lengthSums], size), df: new Map(stats.map((s) => [s.word, s.ndoc])) };
  }
  async function statistics(): Promise<NonNullable<typeof words>> {
    const { rows } = await pool.query<{ generation: string }>('SELECT generation::text FROM kb_meta');
    const generation = rows[0]?.generation ?? '0';
    if (words?.generation === generation) return words;
    const [articles, passages] = await Promise.all([collection('kb_articles', ARTICLE_FIELDS), collection('kb_passages', PASSAGE_FIELDS)]);
    // As the embedded index: any word of either level is known, and a typo goes to the word most documents of both levels hold.
    const known = new Set([...articles.df.keys(), ...passages.df.keys()]);
    const typos = new TypoCorrector(known, (t) => (articles.df.get(t) ?? 0) + (passages.df.get(t) ?? 0));
    const vocabulary: Vocabulary = { size: articles.size, df: (t) => articles.df.get(t) ?? 0, has: (t) => known.has(t), correct: (t) => typos.correct(t) };
    words = { generation, vocabulary, articles, passages };
    return words;
  }

  return {
    kind: 'postgres',
    async search(query: string, options?: KnowledgeSearchOptions): Promise<KnowledgePassage[]> {
      const { limit, audience } = knowledgeSearchOptionsSchema.parse(options ?? {});
      const stats = await statistics();
      const vocab = stats.vocabulary;
      const parts = questionParts(query, vocab);
      const { terms } = parts[0]!;
      if (terms.size === 0) return [];
      const queryTerms = [...terms.keys()];
      const idf = (level: CollectionStats, t: string) => bm25Idf(level.df.get(t) ?? 0, level.size);
      // The per-field counts of the question's terms only.
      const countsOf = `(SELECT jsonb_object_agg(t, counts->t) FROM unnest($2::text[]) t WHERE counts ? t) AS counts`;

      // 1. Articles holding any of the terms, scored as the embedded index's article level.
      const { rows: found } = await pool.query<{ id: string; lengths: Record<string, number>; counts: Record<string, number[]> | null }>(
        `SELECT id, lengths, ${countsOf} FROM kb_articles WHERE tsv @@ $1::tsquery AND ($3 = 'all' OR audience = $3)`,
        [anyOf(queryTerms), queryTerms, audience],
      );
      if (found.length === 0) return [];
      let ideal = 0;
      for (const [t, w] of terms) ideal += w * (ARTICLE_SHARE * idf(stats.articles, t) + idf(stats.passages, t));
      const articleScores = new Map<string, number>();
      for (const a of found) {
        let score = 0;
        for (const [t, w] of terms) score += termScore(idf(stats.articles, t), w, pseudoTf(ARTICLE_FIELDS, a.counts?.[t], a.lengths, stats.articles));
        articleScores.set(a.id, score);
      }
      const candidates = [...articleScores.keys()].sort((x, y) => articleScores.get(y)! - articleScores.get(x)! || byId(x, y)).slice(0, CANDIDATE_ARTICLES);

      // 2. Every passage of the candidate articles, scored as the passage level, plus its article's share.
      // (Only the counts: the text is read for the passages picked.)
      const { rows: passages } = await pool.query<{ article_id: string; position: number; lengths: Record<string, number>; counts: Record<string, number[]> | null }>(
        `SELECT article_id, position, lengths, ${countsOf} FROM kb_passages WHERE article_id = ANY($1)`,
        [candidates, queryTerms],
      );
      const ranked = passages.map(({ article_id, position, lengths, counts }) => {
        let score = 0;
        for (const [t, w] of terms) score += termScore(idf(stats.passages, t), w, pseudoTf(PASSAGE_FIELDS, counts?.[t], lengths, stats.passages));
        return { article_id, position, rank: (score + ARTICLE_SHARE * articleScores.get(article_id)!) / ideal };
      });
      ranked.sort((x, y) => y.rank - x.rank || byId(x.article_id, y.article_id) || x.position - y.position);
      const picked: { article_id: string; position: number }[] = [];
      const perArticle = new Map<string, number>();
      for (const p of ranked) {
        const seen = perArticle.get(p.article_id) ?? 0;
        if (seen >= PASSAGES_PER_ARTICLE) continue;
        perArticle.set(p.article_id, seen + 1);
        picked.push(p);
        if (picked.length >= limit) break;
      }

      // 3. The picked passages' text, and the score that decides answer or handoff: the embedded index's, from the same signals.
      const ids = [...new Set(picked.map((r) => r.article_id))];
      const [{ rows: texts }, { rows: articles }] = await Promise.all([
        pool.query<KnowledgePassage & { position: number }>(
          `SELECT p.article_id, p.position, title, url, heading, text, audience FROM kb_passages p
             JOIN unnest($1::text[], $2::int[]) AS picked (article_id, position) USING (article_id, position)`,
          [picked.map((p) => p.article_id), picked.map((p) => p.position)],
        ),
        pool.query<{ id: string; title_terms: string[]; title_phrases: string[]; terms: string[] }>(
          `SELECT id, title_terms, title_phrases, tsvector_to_array(tsv) AS terms FROM kb_articles WHERE id = ANY($1)`,
          [ids],
        ),
      ]);
      const textOf = new Map(texts.map(({ position, ...p }) => [`${p.article_id}\u0000${position}`, p]));
      const scores = new Map<string, number>();
      for (const a of articles) {
        const inTitle = new Set(a.title_terms);
        const inArticle = new Set(a.terms);
        const phrases = new Set(a.title_phrases);
        const articleTerms = { inTitleOrTags: (t: string) => inTitle.has(t), inArticle: (t: string) => inArticle.has(t), hasTitlePhrase: (p: string) => phrases.has(p) };
        scores.set(a.id, bestAnswer(parts, articleTerms, vocab).score);
      }
      const articleOrder = reorderByAnswerability(ids, (id) => scores.get(id) ?? 0);
      // (A passage a sync removed since step 2 is left out.)
      return picked
        .flatMap((r) => {
          const passage = textOf.get(`${r.article_id}\u0000${r.position}`);
          return passage ? [{ ...passage, score: scores.get(r.article_id) ?? 0 }] : [];
        })
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
