// The KnowledgeBase on PostgreSQL (when DATABASE_URL is set): passages in one table, articles with a
// tsvector under a GIN index, so every instance of memdesk searches the same help center. Sync
// compares content hashes and rewrites only changed articles, in one transaction.
// The tsvectors hold memdesk's own terms (analyzer.ts: the six languages' stop words dropped, the
// Porter stemmer), taken as they are (array_to_tsvector), not PostgreSQL's English stemming, so a
// question meets the same words here as in the embedded index: the same typo corrections (against the
// help center's words, read with ts_stat), the same answerability signals and model
// (question-terms.ts, answerability.ts), and so the same answer-or-handoff decision. The ranking is the
// embedded index's too: the tables hold each term's per-field counts and the fields' lengths, the code
// passes the question's weights and idfs and the collections' average lengths (statistics read once
// per sync generation), and one statement per batch of searches evaluates bm25f.ts's arithmetic in
// float8 in the same order as the code (so the doubles are the same), picks the candidate articles
// and passages as passage-index.ts does, and returns only the picked passages. ts_rank ranked
// differently (no idf, its own length normalisation): 129 of the 158 eval questions' first three
// articles differed, correct @1 0.843 against 0.858.
import type pg from 'pg';
import { createPgPool, ensureSchema, inTransaction } from '../sql/pg-pool.js';
import type { Article } from './article.js';
import type { ArticleLink } from '../core/knowledge.js';
import { KNOWLEDGE_TERMS_VERSION, termsOf } from './analyzer.js';
import { REORDERED_ARTICLES, reorderByAnswerability } from './answerability.js';
import { ARTICLE_FIELDS, ARTICLE_SHARE, averageLengths, bm25Idf, CANDIDATE_ARTICLES, K1, PASSAGE_FIELDS, PASSAGES_PER_ARTICLE, type FieldSpec } from './bm25f.js';
import { knowledgeSearchOptionsSchema, planSync, type KnowledgeBase, type KnowledgePassage, type KnowledgeSearchOptions, type SyncReport } from './knowledge-base.js';
import { choosePassages } from './passage-choice.js';
import { splitIntoPassages } from './passages.js';
import { articleNeighbours, namedPhrases, phraseBoundTerms, type Neighbours } from './phrase-bound.js';
import { bestAnswer, questionParts, titlePhrases, TypoCorrector, type QuestionTerms, type Vocabulary } from './question-terms.js';

export interface PostgresKnowledgeOptions {
  url: string;
  schema?: string;
}

/** Bumped when what the tables hold changes; an older layout is dropped and re-synced from the files. */
const LAYOUT_VERSION = 6;

const migration = `
CREATE TABLE IF NOT EXISTS kb_meta (
  layout int NOT NULL,
  -- Bumped by every sync that changes an article, so each instance knows when to re-read the words.
  generation bigint NOT NULL
);
-- The analyzer's KNOWLEDGE_TERMS_VERSION the stored terms were written with.
ALTER TABLE kb_meta ADD COLUMN IF NOT EXISTS terms int NOT NULL DEFAULT 0;
CREATE TABLE IF NOT EXISTS kb_articles (
  id text PRIMARY KEY,
  hash text NOT NULL,
  audience text NOT NULL CHECK (audience IN ('customer', 'internal')),
  -- The terms of the title and tags: a question's word there covers it fully, in the body by half.
  title_terms text[] NOT NULL,
  -- The two-word phrases of the title and of each tag (question-terms.ts titlePhrases).
  title_phrases text[] NOT NULL,
  -- Each term's count and its neighbours when always the same, and its two-word title or tags (phrase-bound.ts).
  neighbours jsonb NOT NULL,
  named_phrases text[] NOT NULL,
  -- Every term of the article: which of a question's words it holds (and the articles a question finds).
  tsv tsvector NOT NULL,
  -- BM25F (bm25f.ts ARTICLE_FIELDS): the lengths of the title, tags and body (the counts: kb_article_terms).
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
  -- BM25F (bm25f.ts PASSAGE_FIELDS): the lengths of the heading and text (the counts: kb_passage_terms).
  lengths jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS kb_passages_article ON kb_passages (article_id);
-- Each term's count in each field (in ARTICLE_FIELDS and PASSAGE_FIELDS order), a row per document and
-- term, found by term: a search reads the rows of its terms only. (A jsonb of all of a document's counts
-- was decompressed at every term looked up in it, which cost five times ts_rank's CPU.)
CREATE TABLE IF NOT EXISTS kb_article_terms (
  term text NOT NULL,
  article_id text NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  counts int[] NOT NULL,
  PRIMARY KEY (term, article_id)
);
CREATE INDEX IF NOT EXISTS kb_article_terms_article ON kb_article_terms (article_id);
CREATE TABLE IF NOT EXISTS kb_passage_terms (
  term text NOT NULL,
  article_id text NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  position int NOT NULL,
  counts int[] NOT NULL,
  PRIMARY KEY (term, article_id, position)
);
CREATE INDEX IF NOT EXISTS kb_passage_terms_article ON kb_passage_terms (article_id);
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

export async function createPostgresKnowledgeBase(opts: PostgresKnowledgeOptions): Promise<KnowledgeBase> {
  if (opts.schema) await ensureSchema(opts.url, opts.schema);
  // Without JIT: the search's cost estimate crosses jit_above_cost with a few dozen searches in a batch,
  // and compiling it (~250 ms) costs hundreds of times what running it does (~0.6 ms a search).
  const pool = createPgPool({ url: opts.url, ...(opts.schema ? { schema: opts.schema } : {}), max: 4, settings: { jit: 'off' } });
  // Two instances starting together must not race on CREATE TABLE IF NOT EXISTS.
  await inTransaction(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['memdesk_kb_migration']);
    const { rows: meta } = await c.query<{ exists: boolean }>(`SELECT to_regclass('kb_meta') IS NOT NULL AS exists`);
    const { rows } = meta[0]?.exists ? await c.query<{ layout: number }>('SELECT layout FROM kb_meta') : { rows: [] };
    if (rows[0]?.layout !== LAYOUT_VERSION) await c.query('DROP TABLE IF EXISTS kb_passage_terms, kb_article_terms, kb_passages, kb_articles, kb_meta');
    await c.query(migration);
    await c.query('INSERT INTO kb_meta (layout, generation) SELECT $1, 0 WHERE NOT EXISTS (SELECT 1 FROM kb_meta)', [LAYOUT_VERSION]);
    // Terms an older analyzer wrote: every article is re-indexed by the next sync (its stored hash no longer
    // matches). Terms a newer release wrote (mid rolling deploy) are left as they are.
    const { rows: analysed } = await c.query<{ terms: number }>('SELECT terms FROM kb_meta');
    if ((analysed[0]?.terms ?? 0) < KNOWLEDGE_TERMS_VERSION) {
      await c.query(`UPDATE kb_articles SET hash = ''`);
      await c.query('UPDATE kb_meta SET terms = $1', [KNOWLEDGE_TERMS_VERSION]);
    }
  });

  async function writeArticle(c: pg.PoolClient, a: Article): Promise<void> {
    await c.query('DELETE FROM kb_passages WHERE article_id = $1', [a.id]);
    await c.query('DELETE FROM kb_passage_terms WHERE article_id = $1', [a.id]);
    await c.query('DELETE FROM kb_article_terms WHERE article_id = $1', [a.id]);
    // The same fields as the embedded index (passage-index.ts put): title, tags, body; heading, text.
    const clean = { ...a, title: a.title.replaceAll('\u0000', ''), tags: a.tags.map((t) => t.replaceAll('\u0000', '')), body: a.body.replaceAll('\u0000', '') };
    const fields = { title: termList(a.title), tags: termList(a.tags.join(' \n ')), body: termList(a.body) };
    const article = fieldCounts(ARTICLE_FIELDS, fields);
    await c.query(
      `INSERT INTO kb_articles (id, hash, audience, title_terms, title_phrases, neighbours, named_phrases, tsv, lengths)
       VALUES ($1, $2, $3, $4, $5, $6, $7, array_to_tsvector($8::text[]), $9)
       ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, audience = excluded.audience, title_terms = excluded.title_terms,
         title_phrases = excluded.title_phrases, neighbours = excluded.neighbours, named_phrases = excluded.named_phrases, tsv = excluded.tsv, lengths = excluded.lengths, updated_at = now()`,
      [
        a.id,
        a.hash,
        a.audience,
        [...new Set([...fields.title, ...fields.tags])],
        titlePhrases(clean.title, clean.tags),
        JSON.stringify(articleNeighbours(clean)),
        namedPhrases(clean.title, clean.tags),
        Object.keys(article.counts),
        article.lengths,
      ],
    );
    await c.query(
      `INSERT INTO kb_article_terms (term, article_id, counts)
       SELECT e.key, $1, ARRAY(SELECT jsonb_array_elements_text(e.value)::int) FROM jsonb_each($2::jsonb) e`,
      [a.id, article.counts],
    );
    const passageTerms: { position: number; counts: Record<string, number[]> }[] = [];
    const passages = splitIntoPassages(a);
    for (const [position, p] of passages.entries()) {
      const passage = fieldCounts(PASSAGE_FIELDS, { heading: p.heading === a.title ? [] : termList(p.heading), body: termList(p.text) });
      await c.query(
        `INSERT INTO kb_passages (id, article_id, position, title, url, heading, text, audience, tsv, lengths)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, array_to_tsvector($9::text[]), $10)`,
        [p.id, a.id, position, p.title, p.url, p.heading, p.text.replaceAll('\u0000', ''), p.audience, Object.keys(passage.counts), passage.lengths],
      );
      passageTerms.push({ position, counts: passage.counts });
    }
    await c.query(
      `INSERT INTO kb_passage_terms (term, article_id, position, counts)
       SELECT e.key, $1, (p->>'position')::int, ARRAY(SELECT jsonb_array_elements_text(e.value)::int)
         FROM jsonb_array_elements($2::jsonb) p, jsonb_each(p->'counts') e`,
      [a.id, JSON.stringify(passageTerms)],
    );
  }

  // The help center's words and BM25F statistics (the article and the passage level: sizes, average
  // field lengths, document frequencies) as of one sync generation, read once per generation. Searches
  // use the statistics they have and learn the current generation with their results (searchBatches);
  // a search that finds another sync changed them re-reads them and runs again.
  let words: Promise<Statistics> | undefined;
  const readWords = (): Promise<Statistics> =>
    inTransaction(pool, async (c) => {
      // One snapshot: the generation and the statistics it counts are read together.
      await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows } = await c.query<{ generation: string }>('SELECT generation::text FROM kb_meta');
      const articles = await collection(c, 'kb_articles', ARTICLE_FIELDS);
      const passages = await collection(c, 'kb_passages', PASSAGE_FIELDS);
      // As the embedded index: any word of either level is known, and a typo goes to the word most documents of both levels hold.
      const known = new Set([...articles.df.keys(), ...passages.df.keys()]);
      const typos = new TypoCorrector(known, (t) => (articles.df.get(t) ?? 0) + (passages.df.get(t) ?? 0));
      const { rows: uses } = await c.query<{ neighbours: Record<string, Neighbours>; named_phrases: string[] }>('SELECT neighbours, named_phrases FROM kb_articles');
      const bound = phraseBoundTerms(
        uses.map((u) => u.neighbours),
        new Set(uses.flatMap((u) => u.named_phrases)),
      );
      const vocabulary: Vocabulary = { size: articles.size, df: (t) => articles.df.get(t) ?? 0, has: (t) => known.has(t), correct: (t) => typos.correct(t), phraseOf: (t) => bound.get(t) };
      return { generation: rows[0]?.generation ?? '0', vocabulary, articles, passages };
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
  /** article()'s answers, by id, for one sync generation (`{ link: undefined }`: no such article). */
  let links: { generation: string; byId: Map<string, { link: ArticleLink | undefined }> } = { generation: '', byId: new Map() };

  return {
    kind: 'postgres',
    async search(query: string, options?: KnowledgeSearchOptions): Promise<KnowledgePassage[]> {
      const { limit, audience } = knowledgeSearchOptionsSchema.parse(options ?? {});
      let known = await currentWords();
      for (;;) {
        const parts = questionParts(query, known.vocabulary);
        const { terms } = parts[0]!;
        // The question's terms with their weights and idfs (the statistics of the generation read), so
        // PostgreSQL scores with the same numbers as the embedded index. A question with no known term
        // still asks, so it learns whether the words changed.
        const idf = (level: CollectionStats, t: string) => bm25Idf(level.df.get(t) ?? 0, level.size);
        let ideal = 0;
        for (const [t, w] of terms) ideal += w * (ARTICLE_SHARE * idf(known.articles, t) + idf(known.passages, t));
        const found = await searches.find({
          terms: [...terms].map(([t, w]) => [t, w, idf(known.articles, t), idf(known.passages, t)]),
          ideal,
          audience,
          limit,
          averages: { articles: ARTICLE_FIELDS.map((f) => known.articles.avg[f.name]!), passages: PASSAGE_FIELDS.map((f) => known.passages.avg[f.name]!) },
        });
        if (found.generation !== known.generation) {
          // A sync changed the words since they were read: the question's terms may differ, so ask again.
          known = await currentWords(known.generation);
          continue;
        }
        if (found.hits.length === 0) return [];
        return answerable(query, found.hits, parts, known.vocabulary, limit);
      }
    },
    async article(id: string) {
      // Kept per sync generation, as the searches know it: a brief names its ticket type's runbooks
      // (rules.yml) after the turn's own search learned the generation, so the link is as current as
      // that search's passages. Read every time, it was 0.18 round trips a ticket in the Slack-path bench.
      const generation = searches.generation();
      if (links.generation !== generation) links = { generation, byId: new Map() };
      const kept = links.byId.get(id);
      if (kept) return kept.link;
      const { rows } = await pool.query<{ title: string; url: string; audience: 'customer' | 'internal' }>(
        'SELECT title, url, audience FROM kb_passages WHERE article_id = $1 ORDER BY position LIMIT 1',
        [id],
      );
      const row = rows[0];
      const link = row ? { article_id: id, title: row.title, url: row.url, audience: row.audience } : undefined;
      // Not kept before any search has told the generation, nor when a search learned a newer one meanwhile.
      if (generation && searches.generation() === generation && links.byId.size < MAX_KEPT_ARTICLES) links.byId.set(id, { link });
      return link;
    },
    async sync(articles: Article[]): Promise<SyncReport> {
      const report = await inTransaction(pool, async (c) => {
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
      if (report.added.length || report.updated.length || report.removed.length) {
        // This instance's searches learn the new generation with their next results; the links it kept go now.
        links = { generation: '', byId: new Map() };
        // The planner's statistics of what changed, now: autovacuum never analyses a help center of fewer than
        // 50 articles, and the search was planned on default sizes. With them its server CPU per turn (the
        // eval's questions, 1,500 turns, 4 at a time) was 1.29 ms against 1.48 on a busy machine, 0.97 against
        // 1.01 on a quieter one (means of 2 and 3 runs). Analysing also has every connection re-plan it.
        await pool.query('ANALYZE kb_articles, kb_passages, kb_article_terms, kb_passage_terms');
      }
      return report;
    },
    async close() {
      await pool.end();
    },
  };
}

/** One collection's statistics, as the embedded index's Collection holds them. */
interface CollectionStats {
  size: number;
  avg: Record<string, number>;
  df: Map<string, number>;
}

interface Statistics {
  generation: string;
  vocabulary: Vocabulary;
  articles: CollectionStats;
  passages: CollectionStats;
}

async function collection(c: pg.PoolClient, table: 'kb_articles' | 'kb_passages', fields: readonly FieldSpec[]): Promise<CollectionStats> {
  const sums = fields.map((f) => `coalesce(sum((lengths->>'${f.name}')::int), 0)::float8 AS "${f.name}"`).join(', ');
  const { rows: stats } = await c.query<{ word: string; ndoc: number }>(`SELECT word, ndoc FROM ts_stat('SELECT tsv FROM ${table}')`);
  const { rows: totals } = await c.query<Record<string, number>>(`SELECT count(*)::int AS n, ${sums} FROM ${table}`);
  const { n: size = 0, ...lengthSums } = totals[0] ?? {};
  return { size, avg: averageLengths(fields, [lengthSums], size), df: new Map(stats.map((s) => [s.word, s.ndoc])) };
}

/** Where an article holds its terms, as the answerability signals ask (question-terms.ts ArticleTerms). */
interface ArticleWords {
  inTitle: Set<string>;
  inArticle: Set<string>;
  phrases: Set<string>;
}

/** `article_score`: the article level of the ranking (title, tags and text), which breaks answerability ties. */
type Hit = KnowledgePassage & { rank: number; article_score: number; words: ArticleWords; picked: boolean; strength: number; matched: number[] };

/** The passages found, scored by answerability (the embedded index's score, from the same signals) and
 * their first articles reordered by it. */
function answerable(question: string, hits: Hit[], parts: QuestionTerms[], vocab: Vocabulary, limit: number): KnowledgePassage[] {
  const scores = new Map<string, number>();
  const articleLevel = new Map<string, number>();
  for (const { article_id, words, article_score } of hits) {
    if (scores.has(article_id)) continue;
    articleLevel.set(article_id, article_score);
    const terms = { inTitleOrTags: (t: string) => words.inTitle.has(t), inArticle: (t: string) => words.inArticle.has(t), hasTitlePhrase: (p: string) => words.phrases.has(p) };
    scores.set(article_id, bestAnswer(parts, terms, vocab).score);
  }
  const ranked = [...new Set(hits.filter((h) => h.picked).map((r) => r.article_id))];
  const articleOrder = reorderByAnswerability(ranked, (id) => scores.get(id) ?? 0, (id) => articleLevel.get(id) ?? 0);
  const found = hits.map((h) => ({ ...h, article: h.article_id, intro: h.heading === h.title }));
  return choosePassages(question, found, articleOrder, limit, PASSAGES_PER_ARTICLE).map(
    ({ rank: _rank, article_score: _a, words: _w, picked: _p, strength: _s, matched: _m, article: _article, intro: _i, ...r }) => ({ ...r, score: scores.get(r.article_id) ?? 0 }),
  );
}

interface SearchAsk {
  /** Each term with its weight in the question and its idf at the article and the passage level (none:
   * the question has no known term, and only the generation is wanted). */
  terms: [term: string, weight: number, articleIdf: number, passageIdf: number][];
  /** The best score a passage could have (passage-index.ts), which its rank is divided by. */
  ideal: number;
  audience: string;
  limit: number;
  /** The collections' average field lengths, in ARTICLE_FIELDS and PASSAGE_FIELDS order. */
  averages: { articles: number[]; passages: number[] };
}

/**
 * The statement's first two values: each distinct question of the batch once (its terms and the
 * averages it scores with), and each search as its question, audience, limit and ideal. A turn asks
 * the same question of the customer and the internal articles side by side: their terms' rows are
 * then read and their articles scored once, and each search takes the candidates of its audience from
 * them, the ranking each would have had alone (the scores depend on the question only).
 */
function questionsOf(asks: readonly SearchAsk[]): [questions: string, searches: string] {
  const questions: Pick<SearchAsk, 'terms' | 'averages'>[] = [];
  const byKey = new Map<string, number>();
  const searches = asks.map(({ terms, averages, audience, limit, ideal }) => {
    // A question with no known term finds nothing (it asks only for the generation).
    if (!terms.length) return { question: 0, audience, limit, ideal };
    const key = JSON.stringify([terms, averages]);
    let question = byKey.get(key);
    if (question === undefined) byKey.set(key, (question = questions.push({ terms, averages })));
    return { question, audience, limit, ideal };
  });
  return [JSON.stringify(questions), JSON.stringify(searches)];
}

/** A text[] literal of `values`, each quoted and escaped as pg's own array encoding does. */
const textArrayLiteral = (values: Iterable<string>): string =>
  `{${Array.from(values, (v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;

/** Articles whose terms are kept in memory (per sync generation); past it the terms are read each time. */
const MAX_KEPT_ARTICLES = 2000;

type Row = Omit<KnowledgePassage, 'score'> & {
  generation: string;
  nth: string | null;
  rank: number;
  article_score: number;
  strength: number;
  matched: number[];
  picked: boolean;
  title_terms: string[] | null;
  title_phrases: string[] | null;
  terms: string[] | null;
};

/** A float8 constant in SQL, exactly the double the code holds (String round-trips a number). */
const float8 = (x: number): string => `${String(x)}::float8`;

/**
 * A term's pseudo term frequency in one document (bm25f.ts fieldTf, the fields added in their order
 * from 0 as the embedded index adds them), from its per-field counts (`counts`, an int[]) and field
 * lengths (`lengths`, jsonb); `avg` is the float8[] of average lengths.
 */
const pseudoTfSql = (fields: readonly FieldSpec[], counts: string, lengths: string, avg: string): string =>
  fields.reduce((sum, f, i) => {
    const count = `coalesce(${counts}[${i + 1}], 0)`;
    const length = `coalesce((${lengths}->>'${f.name}')::int, 0)::float8`;
    const share = `(${float8(f.weight)} * ${count}::float8) / (${float8(1)} - ${float8(f.b)} + (${float8(f.b)} * ${length}) / (${avg})[${i + 1}])`;
    return `(${sum} + CASE WHEN ${count} <> 0 THEN ${share} ELSE ${float8(0)} END)`;
  }, float8(0));

/**
 * A document's BM25F score from the rows of its terms (bm25f.ts termScore, summed in the question's
 * term order `k` as the code sums it, so the doubles come out bit for bit the same; the terms it does
 * not hold add 0, which changes no sum): `idf` and `tf` are the row's columns. A running sum over the
 * rows in order (the window `w`, runningWindowSql), `score`, read at each document's last term, the
 * row where `last` (an ordered aggregate would sort every document's few rows on their own, which
 * costs more than the scoring; DISTINCT ON the last row sorted them all once more).
 */
const runningScoreSql = `sum(CASE WHEN tf > 0 THEN idf * w * tf / (${float8(K1)} + tf) ELSE ${float8(0)} END) OVER w AS score`;
const lastTermSql = 'lead(k) OVER w IS NULL AS last';
/** The question's terms (their positions `k`) a passage holds, read at its last term as the score is. */
const matchedTermsSql = 'array_agg(k::int) FILTER (WHERE tf > 0) OVER w AS matched';
/** The window of runningScoreSql: the rows of one document (`doc`, the columns naming it) in term order. */
const runningWindowSql = (doc: string): string => `w AS (PARTITION BY ${doc} ORDER BY k ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;

/**
 * The searches asked in one turn of the event loop (a turn's customer and internal searches, other
 * turns' beside them) go to the server as one statement, which ranks as the embedded index does
 * (passage-index.ts, with bm25f.ts's arithmetic on the statistics the code passes): the articles
 * holding any term (found from each term's rows in kb_article_terms, one primary-key range per term,
 * rather than probing every pair of a matched article and a term; materialized, so the planner joins
 * those rows to the articles once rather than once per term) scored at the article level, the best CANDIDATE_ARTICLES of them, all
 * their passages scored at the passage level plus their article's share, and the best `limit` of
 * those, PASSAGES_PER_ARTICLE per article at most, ties to the lower article id and position. It
 * returns those passages with the terms of their articles for the answerability score (only of
 * articles not kept from an earlier search of the same sync generation), and the sync generation,
 * so a search learns in the same round trip whether its statistics are out of date.
 */
function searchBatches(pool: pg.Pool): { find(ask: SearchAsk): Promise<{ generation: string; hits: Hit[] }>; generation(): string } {
  let batch: { ask: SearchAsk; resolve(found: { generation: string; hits: Hit[] }): void; reject(error: unknown): void }[] = [];
  let kept: { generation: string; words: Map<string, ArticleWords> } = { generation: '', words: new Map() };
  // The kept articles' ids as the text[] literal the statement takes, made again only when an article
  // is kept (a few dozen times a generation): pg's encoding of the array at every search cost the bot
  // ~0.3 ms of CPU a ticket in the Slack-path bench (its two top pg functions after the socket write).
  let idsOf: { words: Map<string, ArticleWords>; size: number; literal: string } | undefined;
  const keptIds = (words: Map<string, ArticleWords>): string => {
    if (idsOf?.words !== words || idsOf.size !== words.size) idsOf = { words, size: words.size, literal: textArrayLiteral(words.keys()) };
    return idsOf.literal;
  };
  const run = (asked: typeof batch, known: string) =>
    // Named, so each connection plans it once (planning the statement costs about as much as running it).
    pool.query<Row>({
      name: 'memdesk_kb_search',
      text: `WITH questions AS (
         SELECT x.qn,
                (SELECT array_agg(a::float8 ORDER BY k) FROM jsonb_array_elements_text(x.v->'averages'->'articles') WITH ORDINALITY AS e(a, k)) AS article_avg,
                (SELECT array_agg(a::float8 ORDER BY k) FROM jsonb_array_elements_text(x.v->'averages'->'passages') WITH ORDINALITY AS e(a, k)) AS passage_avg
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(v, qn)
       ), q AS (
         SELECT x.nth, (x.v->>'question')::bigint AS qn, x.v->>'audience' AS audience, (x.v->>'limit')::int AS lim, (x.v->>'ideal')::float8 AS ideal
           FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(v, nth)
       ), terms AS (
         SELECT qs.qn, t.k, t.v->>0 AS term, (t.v->>1)::float8 AS w, (t.v->>2)::float8 AS ia, (t.v->>3)::float8 AS ip
           FROM questions qs, jsonb_array_elements(($1::jsonb)->(qs.qn::int - 1)->'terms') WITH ORDINALITY AS t(v, k)
       ), term_articles AS MATERIALIZED (
         SELECT t.qn, t.k, t.w, t.ia, x.article_id, x.counts
           FROM terms t JOIN LATERAL (SELECT article_id, counts FROM kb_article_terms x WHERE x.term = t.term OFFSET 0) x ON true
       ), scored AS (
         SELECT qn, id, audience, score FROM (
           SELECT qn, id, audience, k, ${runningScoreSql}, ${lastTermSql} FROM (
             SELECT x.qn, m.id, m.audience, x.k, x.ia AS idf, x.w, ${pseudoTfSql(ARTICLE_FIELDS, 'x.counts', 'm.lengths', 'qs.article_avg')} AS tf
               FROM term_articles x JOIN questions qs ON qs.qn = x.qn
               JOIN kb_articles m ON m.id = x.article_id
                AND EXISTS (SELECT 1 FROM q WHERE q.qn = x.qn AND (q.audience = 'all' OR q.audience = m.audience))
           ) s WINDOW ${runningWindowSql('qn, id')}
         ) running WHERE last
       ), candidates AS (
         SELECT nth, qn, id, score FROM (
           SELECT q.nth, s.qn, s.id, s.score, row_number() OVER (PARTITION BY q.nth ORDER BY s.score DESC, s.id COLLATE "C") AS r
             FROM q JOIN scored s ON s.qn = q.qn AND (q.audience = 'all' OR s.audience = q.audience)
         ) ranked WHERE r <= ${CANDIDATE_ARTICLES}
       ), term_passages AS MATERIALIZED (
         SELECT t.qn, t.k, t.w, t.ip, x.article_id, x.position, x.counts
           FROM terms t JOIN LATERAL (SELECT article_id, position, counts FROM kb_passage_terms x WHERE x.term = t.term OFFSET 0) x ON true
       ), passage_scores AS (
         SELECT nth, article_id, position, score, matched FROM (
           SELECT nth, article_id, position, k, ${runningScoreSql}, ${matchedTermsSql}, ${lastTermSql} FROM (
             SELECT c.nth, p.article_id, p.position, x.k, x.ip AS idf, x.w, ${pseudoTfSql(PASSAGE_FIELDS, 'x.counts', 'p.lengths', 'qs.passage_avg')} AS tf
               FROM term_passages x JOIN candidates c ON c.qn = x.qn AND c.id = x.article_id JOIN questions qs ON qs.qn = c.qn
               JOIN kb_passages p ON p.article_id = x.article_id AND p.position = x.position
           ) s WINDOW ${runningWindowSql('nth, article_id, position')}
         ) running WHERE last
       ), passages AS (
         SELECT c.nth, q.lim, p.article_id, p.position, c.score AS article_score,
                (coalesce(ps.score, ${float8(0)}) + ${float8(ARTICLE_SHARE)} * c.score) / q.ideal AS rank,
                coalesce(ps.score, ${float8(0)}) AS strength, coalesce(ps.matched, '{}') AS matched
           FROM candidates c JOIN q ON q.nth = c.nth JOIN kb_passages p ON p.article_id = c.id
           LEFT JOIN passage_scores ps ON ps.nth = c.nth AND ps.article_id = p.article_id AND ps.position = p.position
       ), ordered AS (
         SELECT capped.*, CASE WHEN per_article <= ${PASSAGES_PER_ARTICLE}
                  THEN row_number() OVER (PARTITION BY nth, per_article <= ${PASSAGES_PER_ARTICLE} ORDER BY rank DESC, article_id COLLATE "C", position) END AS pick
           FROM (SELECT p.*, row_number() OVER (PARTITION BY nth, article_id ORDER BY rank DESC, position) AS per_article FROM passages p) capped
       ), head AS (
         -- The articles that can come first once ordered by answerability: all their passages are returned
         -- (passage-choice.ts chooses among them).
         SELECT nth, article_id FROM (
           SELECT nth, article_id, row_number() OVER (PARTITION BY nth ORDER BY min(pick)) AS r FROM ordered WHERE pick <= lim GROUP BY nth, article_id
         ) firsts WHERE r <= ${REORDERED_ARTICLES}
       ), picked AS (
         SELECT nth, article_id, position, rank, article_score, strength, matched, coalesce(pick <= lim, false) AS picked,
                row_number() OVER (PARTITION BY nth ORDER BY rank DESC, article_id COLLATE "C", position) AS o
           FROM ordered WHERE pick <= lim OR (nth, article_id) IN (SELECT nth, article_id FROM head)
       ), articles AS (
         SELECT id, title_terms, title_phrases, tsvector_to_array(tsv) AS terms FROM kb_articles
          WHERE id IN (SELECT article_id FROM picked) AND NOT id = ANY($3::text[])
       )
       SELECT m.generation::text AS generation, f.* FROM kb_meta m LEFT JOIN (
         SELECT h.nth, h.o, h.article_id, p.title, p.url, p.heading, p.text, p.audience, h.rank, h.article_score, h.strength, h.matched, h.picked, a.title_terms, a.title_phrases, a.terms
           FROM picked h JOIN kb_passages p USING (article_id, position) LEFT JOIN articles a ON a.id = h.article_id
       ) f ON true
       ORDER BY f.nth, f.o`,
      values: [...questionsOf(asked.map((a) => a.ask)), known],
    });
  const flush = async () => {
    const asked = batch;
    batch = [];
    try {
      // The terms kept when the statement went out; a row comes back without terms only for these.
      const snapshot = kept;
      let { rows } = await run(asked, keptIds(snapshot.words));
      let generation = rows[0]?.generation ?? '0';
      if (generation !== snapshot.generation && rows.some((r) => r.nth !== null && r.terms === null)) {
        // Another sync since they were kept: read every article's terms again.
        ({ rows } = await run(asked, '{}'));
        generation = rows[0]?.generation ?? '0';
      }
      if (kept.generation !== generation) kept = { generation, words: new Map() };
      const found = asked.map((): Hit[] => []);
      for (const { nth, generation: _g, o: _o, title_terms, title_phrases, terms, ...hit } of rows as (Row & { o: string | null })[]) {
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
    /** The sync generation the latest search's results came from ('' before any). */
    generation: () => kept.generation,
    find: (ask) =>
      new Promise((resolve, reject) => {
        if (batch.push({ ask, resolve, reject }) === 1) setImmediate(() => void flush());
      }),
  };
}
