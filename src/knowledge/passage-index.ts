// The embedded search engine for help-center passages: BM25F in memory, no network and no model.
// A passage scores on two levels, added together: the article (title and tags weigh more than the
// body) says whether this is the right article, the passage (its heading weighs more than its text)
// says which section answers. That ranks. The score each passage carries is a separate question —
// does this article answer it at all? — answered by answerability.ts from signals of the passage's
// article that question-terms.ts computes the same way for PostgreSQL: the share of the question's
// words (weighted by how rare they are) it contains (in its title or tags fully, in its text by half,
// words no article knows counting against it unless the question is not in English), how many of the
// question's rare words its title or tags hold, how many of its two-word phrases its title or a tag holds,
// and how many of its words it knows at all. The first
// three articles of the ranking are then put in the order of that score.
// It is 0–1 for any question length, so one threshold in policy/rules.yml (knowledge.min_score) decides
// between answering and handing to a person. (The ranking's own normalised BM25 separated "none"
// questions worse: at equal "none" recognition it answered 0.18 fewer questions correctly.)
import type { Article, Audience } from './article.js';
import { countTerms, termsOf, type AnalyzerOptions } from './analyzer.js';
import { bestAnswer, questionParts, titlePhrases, TypoCorrector, type Vocabulary } from './question-terms.js';
import { splitIntoPassages, type Passage } from './passages.js';
import { answerabilityWeights, REORDERED_ARTICLES, reorderByAnswerability, type AnswerSignals } from './answerability.js';
import { choosePassages } from './passage-choice.js';
import { articleNeighbours, namedPhrases, phraseBoundTerms, type Neighbours } from './phrase-bound.js';
import { ARTICLE_FIELDS, ARTICLE_SHARE, averageLengths, bm25Idf, byId, CANDIDATE_ARTICLES, fieldTf, K1, PASSAGE_FIELDS, PASSAGES_PER_ARTICLE, termScore, type FieldSpec } from './bm25f.js';

export interface ScoredPassage extends Passage {
  score: number;
  /** What the score was computed from: the best part's signals (the fitting script reads these). */
  signals: AnswerSignals;
  /** The signals of every part of the question (question-terms.ts questionParts), the whole first. */
  partSignals: AnswerSignals[];
}

export interface PassageSearchOptions {
  limit?: number;
  /** `customer` (the default) never returns internal articles; `all` is for staff and handoff briefs. */
  audience?: Audience | 'all';
  /** At most this many passages of one article, so the top results offer different articles. */
  perArticle?: number;
}

export interface PassageIndexOptions extends AnalyzerOptions {
  /** Query words unknown to the index are matched to a known word one edit away ("invoce"). */
  typos?: boolean;
  /** The answerability model's weights (the fitted ones unless a fitting script passes its own). */
  weights?: typeof answerabilityWeights;
}

// Field weights, k1 and the article level's share: bm25f.ts, shared with the PostgreSQL engine.
/** A term is "common" (scored only on docs rarer terms found) above this share of a collection and this many postings. */
const COMMON_SHARE = 0.2;
const COMMON_MIN_POSTINGS = 5000;

interface FieldCounts {
  [field: string]: Map<string, number>;
}
interface Doc {
  fields: FieldCounts;
  lengths: Record<string, number>;
}
interface Postings {
  docs: number[];
  tfs: number[];
}

/** BM25F over one collection (articles or passages): postings of field-weighted, length-normalised tf. */
class Collection {
  readonly postings = new Map<string, Postings>();
  size = 0;
  /** Each doc's field-weighted, length-normalised term frequencies, as its postings hold them (computed once, at build). */
  private docTfs: Map<string, number>[] = [];
  constructor(private readonly fieldList: readonly FieldSpec[]) {}

  /** The field-weighted, length-normalised frequency of `term` in one doc. */
  private pseudoTf(d: number, term: string): number {
    return this.docTfs[d]!.get(term) ?? 0;
  }

  build(docs: Doc[]): void {
    this.postings.clear();
    this.size = docs.length;
    this.docTfs = [];
    const avg = averageLengths(this.fieldList, docs.map((d) => d.lengths), docs.length);
    docs.forEach((doc, n) => {
      const tf = new Map<string, number>();
      for (const field of this.fieldList) {
        for (const [t, c] of doc.fields[field.name] ?? []) tf.set(t, (tf.get(t) ?? 0) + fieldTf(field, c, doc.lengths[field.name] ?? 0, avg[field.name]!));
      }
      this.docTfs.push(tf);
      for (const [t, v] of tf) {
        let p = this.postings.get(t);
        if (!p) this.postings.set(t, (p = { docs: [], tfs: [] }));
        p.docs.push(n);
        p.tfs.push(v);
      }
    });
  }

  df(term: string): number {
    return this.postings.get(term)?.docs.length ?? 0;
  }

  idf(term: string): number {
    return bm25Idf(this.df(term), this.size);
  }

  /**
   * A term in most docs of a large collection ("click", "settings") adds almost nothing to any score
   * but costs a pass over most postings. Such terms only score docs that rarer terms found
   * (MaxScore-style pruning); small collections, like a real help center, are always scored exactly.
   */
  isCommon(term: string): boolean {
    const df = this.postings.get(term)?.docs.length ?? 0;
    return df > COMMON_MIN_POSTINGS && df > COMMON_SHARE * this.size;
  }

  /** One doc's score for one term. */
  scoreDoc(term: string, weight: number, d: number): number {
    return termScore(this.idf(term), weight, this.pseudoTf(d, term));
  }

  /** Adds a common term's share to the docs already found. */
  scoreFound(term: string, weight: number, found: number[], scores: Float64Array): void {
    const idf = this.idf(term) * weight;
    for (const d of found) {
      const tf = this.pseudoTf(d, term);
      if (tf > 0) scores[d]! += (idf * tf) / (K1 + tf);
    }
  }

  /** Adds weight × idf × saturated tf of `term` to each matching doc's score. */
  accumulate(term: string, weight: number, scores: Float64Array, touched: number[]): void {
    const p = this.postings.get(term);
    if (!p) return;
    const idf = this.idf(term) * weight;
    for (let i = 0; i < p.docs.length; i++) {
      const d = p.docs[i]!;
      if (scores[d] === 0) touched.push(d);
      const tf = p.tfs[i]!;
      scores[d]! += (idf * tf) / (K1 + tf);
    }
  }
}

interface IndexedArticle {
  article: Article;
  passages: Passage[];
  doc: Doc;
  passageDocs: Doc[];
  /** The two-word phrases of its title and tags. */
  phrases: Set<string>;
  /** Its terms' neighbours and its two-word title or tags (phrase-bound.ts). */
  neighbours: Record<string, Neighbours>;
  named: string[];
}

export class PassageIndex {
  private readonly articles = new Map<string, IndexedArticle>();
  private readonly articleLevel = new Collection(ARTICLE_FIELDS);
  private readonly passageLevel = new Collection(PASSAGE_FIELDS);
  private articleList: IndexedArticle[] = [];
  private passageList: Passage[] = [];
  /** Each article's first passage number. */
  private firstPassage = new Int32Array(0);
  private typos: TypoCorrector | undefined;
  /** The terms the articles hold only inside one phrase (phrase-bound.ts). */
  private phraseBound = new Map<string, string>();
  /** The help center's words as question-terms.ts asks for them. */
  private readonly vocabulary: Vocabulary = {
    size: 0,
    df: (t) => this.articleLevel.df(t),
    has: (t) => this.articleLevel.postings.has(t) || this.passageLevel.postings.has(t),
    correct: (t) => this.typos?.correct(t),
    phraseOf: (t) => this.phraseBound.get(t),
  };
  private dirty = false;
  private scratch = { articleScores: new Float64Array(0) };

  constructor(private readonly opts: PassageIndexOptions = {}) {}

  get articleCount(): number {
    return this.articles.size;
  }
  get passageCount(): number {
    if (this.dirty) this.build();
    return this.passageList.length;
  }
  hashOf(id: string): string | undefined {
    return this.articles.get(id)?.article.hash;
  }
  ids(): string[] {
    return [...this.articles.keys()];
  }
  article(id: string): Article | undefined {
    return this.articles.get(id)?.article;
  }

  /** Adds or replaces an article; analysis happens here, postings are rebuilt at the next search. */
  put(article: Article): void {
    const passages = splitIntoPassages(article);
    const field = (text: string) => termsOf(text, this.opts);
    const titleTerms = field(article.title);
    const tagTerms = field(article.tags.join(' \n '));
    const bodyTerms = field(article.body);
    const doc: Doc = {
      fields: { title: countTerms(titleTerms), tags: countTerms(tagTerms), body: countTerms(bodyTerms) },
      lengths: { title: titleTerms.length, tags: tagTerms.length, body: bodyTerms.length },
    };
    const passageDocs = passages.map((p): Doc => {
      const heading = p.heading === article.title ? [] : field(p.heading);
      const body = field(p.text);
      return { fields: { heading: countTerms(heading), body: countTerms(body) }, lengths: { heading: heading.length, body: body.length } };
    });
    const phrases = new Set(titlePhrases(article.title, article.tags, this.opts));
    this.articles.set(article.id, { article, passages, doc, passageDocs, phrases, neighbours: articleNeighbours(article, this.opts), named: namedPhrases(article.title, article.tags, this.opts) });
    this.dirty = true;
  }

  remove(id: string): boolean {
    const had = this.articles.delete(id);
    if (had) this.dirty = true;
    return had;
  }

  private build(): void {
    // In id order, whatever order they were synced in: ties in the ranking go to the lower id, as in PostgreSQL.
    this.articleList = [...this.articles.values()].sort((x, y) => byId(x.article.id, y.article.id));
    this.articleLevel.build(this.articleList.map((a) => a.doc));
    this.passageList = this.articleList.flatMap((a) => a.passages);
    this.passageLevel.build(this.articleList.flatMap((a) => a.passageDocs));
    this.firstPassage = new Int32Array(this.articleList.length);
    let n = 0;
    this.articleList.forEach((a, i) => {
      this.firstPassage[i] = n;
      n += a.passages.length;
    });
    this.scratch = { articleScores: new Float64Array(this.articleList.length) };
    const known = new Set([...this.articleLevel.postings.keys(), ...this.passageLevel.postings.keys()]);
    const commonness = (t: string) => this.articleLevel.df(t) + this.passageLevel.df(t);
    this.typos = this.opts.typos ?? true ? new TypoCorrector(known, commonness) : undefined;
    this.phraseBound = phraseBoundTerms(
      this.articleList.map((a) => a.neighbours),
      new Set(this.articleList.flatMap((a) => a.named)),
    );
    this.dirty = false;
  }

  /** The `keep` highest-scoring articles of the audience, best first, without sorting them all. */
  private best(candidates: number[], scores: Float64Array, keep: number, audience: Audience | 'all'): { a: number; score: number }[] {
    const top: { a: number; score: number }[] = [];
    for (const a of candidates) {
      const score = scores[a]!;
      if (top.length === keep && score <= top[keep - 1]!.score) continue;
      if (audience !== 'all' && this.articleList[a]!.article.audience !== audience) continue;
      let i = top.length === keep ? keep - 1 : top.length;
      while (i > 0 && (top[i - 1]!.score < score || (top[i - 1]!.score === score && top[i - 1]!.a > a))) {
        top[i] = top[i - 1]!;
        i--;
      }
      top[i] = { a, score };
    }
    return top;
  }

  search(query: string, opts: PassageSearchOptions = {}): ScoredPassage[] {
    if (this.dirty) this.build();
    const limit = opts.limit ?? 5;
    const perArticle = opts.perArticle ?? PASSAGES_PER_ARTICLE;
    const audience = opts.audience ?? 'customer';
    const parts = questionParts(query, { ...this.vocabulary, size: this.articleLevel.size }, this.opts);
    const { terms } = parts[0]!;
    if (terms.size === 0 || this.passageList.length === 0) return [];

    // 1. Articles: which are about this? (Scratch scores live as long as the index; touched entries are reset.)
    const { articleScores } = this.scratch;
    const touched: number[] = [];
    const common: [string, number][] = [];
    const prune = [...terms.keys()].some((t) => !this.articleLevel.isCommon(t));
    let ideal = 0;
    for (const [term, weight] of terms) {
      if (prune && this.articleLevel.isCommon(term)) common.push([term, weight]);
      else this.articleLevel.accumulate(term, weight, articleScores, touched);
      ideal += weight * (ARTICLE_SHARE * this.articleLevel.idf(term) + this.passageLevel.idf(term));
    }
    // Common terms add little, so they only re-score the best articles the rarer terms found.
    let articles = this.best(touched, articleScores, common.length ? CANDIDATE_ARTICLES * 2 : CANDIDATE_ARTICLES, audience);
    if (common.length) {
      const found = articles.map((x) => x.a);
      for (const [term, weight] of common) this.articleLevel.scoreFound(term, weight, found, articleScores);
      articles = this.best(found, articleScores, CANDIDATE_ARTICLES, audience);
    }
    for (const a of touched) articleScores[a] = 0;

    // 2. Passages of the best articles: which section answers? Every passage of a candidate article
    // is scored, so an article that matched only by title or tags still offers its opening passage.
    const ranked: { n: number; a: number; rank: number; strength: number; matched: number[]; picked: boolean }[] = [];
    const termList = [...terms];
    for (const { a, score } of articles) {
      const first = this.firstPassage[a]!;
      this.articleList[a]!.passages.forEach((_, k) => {
        let passageScore = 0;
        const matched: number[] = [];
        termList.forEach(([term, weight], t) => {
          const s = this.passageLevel.scoreDoc(term, weight, first + k);
          passageScore += s;
          if (s > 0) matched.push(t);
        });
        ranked.push({ n: first + k, a, rank: (passageScore + ARTICLE_SHARE * score) / ideal, strength: passageScore, matched, picked: false });
      });
    }
    ranked.sort((x, y) => y.rank - x.rank || x.n - y.n);

    const picked: { n: number; a: number }[] = [];
    const perArticleCount = new Map<number, number>();
    for (const p of ranked) {
      const seen = perArticleCount.get(p.a) ?? 0;
      if (seen >= perArticle) continue;
      perArticleCount.set(p.a, seen + 1);
      picked.push(p);
      p.picked = true;
      if (picked.length >= limit) break;
    }

    // 3. Does the article answer the question at all? (answerability.ts: both engines compute the same
    // signals.) The first articles of the ranking are put in the order of that answer.
    const vocabulary = { ...this.vocabulary, size: this.articleLevel.size };
    const answers = new Map<number, { score: number; signals: AnswerSignals; parts: AnswerSignals[] }>();
    for (const { a } of picked) {
      if (answers.has(a)) continue;
      const { fields } = this.articleList[a]!.doc;
      const { phrases } = this.articleList[a]!;
      const inTitleOrTags = (t: string) => fields.title!.has(t) || fields.tags!.has(t);
      const article = { inTitleOrTags, inArticle: (t: string) => inTitleOrTags(t) || fields.body!.has(t), hasTitlePhrase: (p: string) => phrases.has(p) };
      answers.set(a, bestAnswer(parts, article, vocabulary, this.opts.weights ?? answerabilityWeights));
    }
    const score = (a: number) => answers.get(a)!.score;
    const articleLevel = new Map(articles.map((x) => [x.a, x.score]));
    const articleOrder = reorderByAnswerability([...answers.keys()], score, (a) => articleLevel.get(a) ?? 0);
    // The articles that can come first: their passages beyond the picked ones may be returned (passage-choice.ts).
    const head = new Set(articleOrder.slice(0, REORDERED_ARTICLES));
    const found = ranked.filter((p) => p.picked || head.has(p.a)).map((p) => ({ ...p, article: p.a, intro: this.passageList[p.n]!.heading === this.passageList[p.n]!.title, heading: this.passageList[p.n]!.heading }));
    return choosePassages(query, found, articleOrder, limit, perArticle).map(({ n, a }) => ({ ...this.passageList[n]!, score: score(a), signals: answers.get(a)!.signals, partSignals: answers.get(a)!.parts }));
  }
}
