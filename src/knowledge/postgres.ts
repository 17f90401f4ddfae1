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
import { bestAnswer, questionParts, titlePhrases, TypoCorrector, type QuestionTerms, type Vocabulary } from './question-terms.js';

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

  // The help center's words (how many articles hold each) as of one sync generation, read once per
  // generation. Searches use the words they have and learn the current generation with their results
  // (searchBatches); a search that finds another sync changed them re-reads the words and runs again.
  let words: Promise<{ generation: string; vocabulary: Vocabulary }> | undefined;
  const readWords = (): Promise<{ generation: string; vocabulary: Vocabulary }> =>
    inTransaction(pool, async (c) => {
      // One snapshot: the generation and the words it counts are read together.
      await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows } = await c.query<{ generation: string }>('SELECT generation::text FROM kb_meta');
      const { rows: stats } = await c.query<{ word: string; ndoc: number }>(`SELECT word, ndoc FROM ts_stat('SELECT tsv FROM kb_articles')`);
      const { rows: count } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM kb_articles');
      const df = new Map(stats.map((s) => [s.word, s.ndoc]));
      const typos = new TypoCorrector(df.keys(), (t) => df.get(t) ?? 0);
      const vocabulary: Vocabulary = { size: count[0]?.n ?? 0, df: (t) => df.get(t) ?? 0, has: (t) => df.has(t), correct: (t) => typos.correct(t) };
      return { generation: rows[0]?.generation ?? '0', vocabulary };
    });
  const reread = () => {
    const reading = readWords();
    words = reading;
    // A failed read (the server down) is not kept: the next search reads again.
    reading.catch(() => {
      if (words === reading) words = undefined;
    });
    return reading;
  };
  /** The words, re-read when they are of the `stale` generation (once, however many searches found it stale). */
  const currentWords = async (stale?: string) => {
    const reading = words ?? reread();
    const w = await reading;
    if (stale === undefined || w.generation !== stale) return w;
    // Another search may have started the re-read already.
    return words && words !== reading ? words : reread();
  };
  const searches = searchBatches(pool);

  return {
    kind: 'postgres',
    async search(query: string, options?: KnowledgeSearchOptions): Promise<KnowledgePassage[]> {
      const { limit, audience } = knowledgeSearchOptionsSchema.parse(options ?? {});
      let known = await currentWords();
      for (;;) {
        const parts = questionParts(query, known.vocabulary);
        const question = parts[0]!;
        // Any term may match (OR); ts_rank then prefers passages matching more of them, title and headings first.
        // A question with no known term still asks, so it learns whether the words changed.
        const tsquery = question.terms.size ? [...question.terms.keys()].map((t) => `'${t}'`).join(' | ') : null;
        const found = await searches.find({ tsquery, audience, limit });
        if (found.generation !== known.generation) {
          // A sync changed the words since they were read: the question's terms may differ, so ask again.
          known = await currentWords(known.generation);
          continue;
        }
        if (found.hits.length === 0) return [];
        return answerable(found.hits, parts, known.vocabulary);
      }
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

/** Where an article holds its terms, as the answerability signals ask (question-terms.ts ArticleTerms). */
interface ArticleWords {
  inTitle: Set<string>;
  inArticle: Set<string>;
  phrases: Set<string>;
}

type Hit = KnowledgePassage & { rank: number; words: ArticleWords };

/** The passages found, scored by answerability (the embedded index's score, from the same signals) and
 * their first articles reordered by it. */
function answerable(hits: Hit[], parts: QuestionTerms[], vocab: Vocabulary): KnowledgePassage[] {
  const scores = new Map<string, number>();
  for (const { article_id, words } of hits) {
    if (scores.has(article_id)) continue;
    const terms = { inTitleOrTags: (t: string) => words.inTitle.has(t), inArticle: (t: string) => words.inArticle.has(t), hasTitlePhrase: (p: string) => words.phrases.has(p) };
    scores.set(article_id, bestAnswer(parts, terms, vocab).score);
  }
  const ranked = [...new Set(hits.map((r) => r.article_id))];
  const articleOrder = reorderByAnswerability(ranked, (id) => scores.get(id) ?? 0);
  return hits
    .map(({ rank: _rank, words: _w, ...r }) => ({ ...r, score: scores.get(r.article_id) ?? 0 }))
    .sort((x, y) => articleOrder.indexOf(x.article_id) - articleOrder.indexOf(y.article_id));
}

interface SearchAsk {
  /** Terms OR-ed, or null when the question has no known term (only the generation is wanted). */
  tsquery: string | null;
  audience: string;
  limit: number;
}

/** Articles whose terms are kept in memory (per sync generation); past it the terms are read each time. */
const MAX_KEPT_ARTICLES = 2000;

type Row = Omit<KnowledgePassage, 'score'> & { generation: string; nth: string | null; position: number | null; rank: number; title_terms: string[] | null; title_phrases: string[] | null; terms: string[] | null };

/**
 * The searches asked in one turn of the event loop (a turn's customer and internal searches, other
 * turns' beside them) go to the server as one statement: each one's best passages (two per article
 * at most, ranked by ts_rank), the terms of their articles for the answerability score (only of
 * articles not kept from an earlier search of the same sync generation), and the sync generation,
 * so a search learns in the same round trip whether its words are out of date.
 */
function searchBatches(pool: pg.Pool): { find(ask: SearchAsk): Promise<{ generation: string; hits: Hit[] }> } {
  let batch: { ask: SearchAsk; resolve(found: { generation: string; hits: Hit[] }): void; reject(error: unknown): void }[] = [];
  let kept: { generation: string; words: Map<string, ArticleWords> } = { generation: '', words: new Map() };
  const run = (asked: typeof batch, known: string[]) =>
    pool.query<Row>(
      `WITH q AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) WITH ORDINALITY AS q(tsquery, audience, lim, nth) WHERE tsquery IS NOT NULL
       ), hits AS (
         SELECT q.nth, h.* FROM q CROSS JOIN LATERAL (
           SELECT article_id, position, title, url, heading, text, audience, rank FROM (
             SELECT article_id, position, title, url, heading, text, audience, rank,
                    row_number() OVER (PARTITION BY article_id ORDER BY rank DESC, position) AS per_article
               FROM (SELECT p.*, ts_rank('${RANK_WEIGHTS}', p.tsv, tq, ${RANK_NORMALISATION})::float8 AS rank
                       FROM kb_passages p, to_tsquery('simple', q.tsquery) tq
                      WHERE p.tsv @@ tq AND (q.audience = 'all' OR p.audience = q.audience)) matched
           ) ranked WHERE per_article <= 2 ORDER BY rank DESC, article_id, position LIMIT q.lim
         ) h
       ), articles AS (
         SELECT id, title_terms, title_phrases, tsvector_to_array(tsv) AS terms FROM kb_articles
          WHERE id IN (SELECT article_id FROM hits) AND NOT id = ANY($4::text[])
       )
       SELECT m.generation::text AS generation, f.* FROM kb_meta m LEFT JOIN (
         SELECT h.nth, h.article_id, h.position, h.title, h.url, h.heading, h.text, h.audience, h.rank, a.title_terms, a.title_phrases, a.terms
           FROM hits h LEFT JOIN articles a ON a.id = h.article_id
       ) f ON true
       ORDER BY f.nth, f.rank DESC, f.article_id, f.position`,
      [asked.map((a) => a.ask.tsquery), asked.map((a) => a.ask.audience), asked.map((a) => a.ask.limit), known],
    );
  const flush = async () => {
    const asked = batch;
    batch = [];
    try {
      // The terms kept when the statement went out; a row comes back without terms only for these.
      const snapshot = kept;
      let { rows } = await run(asked, [...snapshot.words.keys()]);
      let generation = rows[0]?.generation ?? '0';
      if (generation !== snapshot.generation && rows.some((r) => r.nth !== null && r.terms === null)) {
        // Another sync since they were kept: read every article's terms again.
        ({ rows } = await run(asked, []));
        generation = rows[0]?.generation ?? '0';
      }
      if (kept.generation !== generation) kept = { generation, words: new Map() };
      const found = asked.map((): Hit[] => []);
      for (const { nth, generation: _g, position: _p, title_terms, title_phrases, terms, ...hit } of rows) {
        if (nth === null) continue;
        const keeping = kept.generation === generation;
        let words = (terms === null ? snapshot.words.get(hit.article_id) : undefined) ?? (keeping ? kept.words.get(hit.article_id) : undefined);
        if (!words) {
          words = { inTitle: new Set(title_terms ?? []), inArticle: new Set(terms ?? []), phrases: new Set(title_phrases ?? []) };
          if (terms !== null && keeping && kept.words.size < MAX_KEPT_ARTICLES) kept.words.set(hit.article_id, words);
        }
        found[Number(nth) - 1]!.push({ ...hit, score: 0, words });
      }
      for (const [i, a] of asked.entries()) a.resolve({ generation, hits: found[i]! });
    } catch (error) {
      for (const a of asked) a.reject(error);
    }
  };
  return {
    find: (ask) =>
      new Promise((resolve, reject) => {
        if (batch.push({ ask, resolve, reject }) === 1) setImmediate(() => void flush());
      }),
  };
}
