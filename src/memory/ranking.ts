// Relevance ranking for the embedded store, with no network and no model: how a memory and a
// query become terms (Porter stems, support concepts, dates, the "Name:" subject field) and how a
// scope's posting lists turn into the top memories. Storage-agnostic: local.ts feeds it postings
// from SQLite, rankByRelevance() from an in-memory list. `npm run bench` measures it on LoCoMo
// (recall@10: plain BM25 0.568, this ranking 0.715); the comment on each weight gives what removing
// it costs there, measured through the store.
import { porterStem } from './stemmer.js';
import { boundedMemo } from '../bounded-memo.js';
import { speaksOfCsm } from '../core/remembered-csm.js';

/** Bumped whenever analysis changes, so stored posting lists are rebuilt instead of going stale. */
export const ANALYZER_VERSION = 3;

/** BM25 saturation and length normalisation; short chat-like memories favour a low b (1.2/0.75: −0.005). */
const K1 = 0.9;
const B = 0.4;
/** A query naming a memory's subject ("Ben: …", "Caroline: …") multiplies that memory's score (−0.014). */
const SUBJECT_BOOST = 0.5;
/** The subject's name as a plain word (e.g. addressed by name) counts for half. */
const SUBJECT_WORD_WEIGHT = 0.5;
/**
 * Memories written in one session are context for each other: an answer follows its question, and
 * often shares no word with what is later asked (without: −0.10; a flat 0.3 after questions: −0.035).
 */
const FROM_PREVIOUS = 0.3;
const FROM_PREVIOUS_QUESTION = 0.8;
const FROM_NEXT = 0.2;
/** Pseudo-relevance feedback: the best few memories lend their distinctive words to the query (−0.008). */
const FEEDBACK_DOCS = 5;
const FEEDBACK_TERMS = 10;
const FEEDBACK_WEIGHT = 0.3;
const FEEDBACK_MAX_SHARE = 0.05;
/** A "when …" question prefers memories that say when (−0.002 on LoCoMo; dates matter more in support). */
const WHEN_WEIGHT = 1;

/** Memories written this close together are one session (a ticket, a conversation). */
export const SESSION_GAP_MS = 30 * 60_000;

/** Whether a memory written at `at` starts a new session after one written at `previous`. */
export function startsSession(previous: string | null | undefined, at: string): boolean {
  return !previous || Math.abs(Date.parse(at) - Date.parse(previous)) > SESSION_GAP_MS;
}

/** Long messages are searched by their start and their most repeated words: cost stays bounded. */
const MAX_QUERY_CHARS = 4000;
const MAX_QUERY_TERMS = 64;

/** Posting flags (top byte of a posting's meta word). */
export const FLAG_ASKS = 1;

/** Special terms: concepts (#billing), the subject field (@ben), time (#when), session starts. */
export const WHEN_TERM = '#when';
export const SESSION_TERM = '#session';
export const SUBJECT_PREFIX = '@';
/** The CSM concept: English words give it ("CSM", "success manager"), and so does a CSM named in any language. */
export const CSM_TERM = '#csm';

const stopWords = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both but by
  can could did do does doing down during each few for from further had has have having he her here hers herself him
  himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other
  our ours ourselves out over own same she should so some such than that the their theirs them themselves then there
  these they this those through to too under until up very was we were what when where which while who whom why will
  with would you your yours yourself yourselves don dont im ive id ill youre thats hi hey hello please thanks thank yes
  yeah oh wow also really like got get gonna lot`.split(/\s+/),
);
// "down" is a support word (the service is down), not a stop word.
stopWords.delete('down');
/** Words that frame a question without saying what it is about. */
const questionFraming = new Set(['kind', 'type', 'sort']);

const timeWords = new Set(
  `yesterday today tomorrow tonight last next ago week weeks weekend month months year years day days morning afternoon
  evening night monday tuesday wednesday thursday friday saturday sunday january february march april may june july
  august september october november december jan feb mar apr jun jul aug sep sept oct nov dec recently soon since
  earlier later lately date dated`.split(/\s+/),
);
const monthNames = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const monthAbbreviations: Record<string, string> = {
  jan: 'january', feb: 'february', mar: 'march', apr: 'april', jun: 'june', jul: 'july', aug: 'august',
  sep: 'september', sept: 'september', oct: 'october', nov: 'november', dec: 'december',
};

/** English forms Porter cannot reach: "went" is "go", "bought" is "buy", "kids" are "kid". */
const lemmaOf: Record<string, string> = Object.fromEntries(
  `went:go gone:go goes:go bought:buy made:make took:take taken:take saw:see seen:see ran:run gave:give given:give
  felt:feel found:find thought:think told:tell said:say met:meet kept:keep left:leave lost:lose won:win began:begin
  begun:begin brought:bring built:build came:come drew:draw drawn:draw drove:drive driven:drive ate:eat eaten:eat
  fell:fall fallen:fall flew:fly flown:fly forgot:forget forgotten:forget grew:grow grown:grow heard:hear held:hold
  knew:know known:know learnt:learn led:lead meant:mean paid:pay rode:ride ridden:ride sang:sing sung:sing sent:send
  sold:sell spent:spend spoke:speak spoken:speak stood:stand swam:swim swum:swim taught:teach threw:throw thrown:throw
  understood:understand wore:wear worn:wear wrote:write written:write children:child kids:kid men:man women:woman
  people:person mice:mouse feet:foot teeth:tooth one:1 two:2 three:3 four:4 five:5 six:6 seven:7 eight:8 nine:9 ten:10
  eleven:11 twelve:12 first:1st second:2nd third:3rd ${Object.entries(monthAbbreviations).map(([a, m]) => `${a}:${m}`).join(' ')}`
    .split(/\s+/)
    .map((pair) => pair.split(':') as [string, string]),
);

// Words customers and staff use for the same support concept meet in one token.
const concepts: Record<string, string[]> = {
  billing: ['billing', 'bill', 'billed', 'charge', 'charged', 'charges', 'invoice', 'invoices', 'payment', 'paid', 'pay', 'refund', 'refunded', 'credit', 'subscription', 'price', 'pricing', 'amount', 'card', 'receipt'],
  outage: ['outage', 'down', 'broken', 'error', 'errors', 'bug', 'crash', 'crashed', 'failing', 'fails', 'failed', 'unavailable', 'incident', '500'],
  access: ['login', 'log', 'signin', 'sign', 'password', 'sso', 'locked', 'access', '2fa', 'mfa', 'reset'],
  cancel: ['cancel', 'cancellation', 'cancelled', 'canceled', 'terminate', 'downgrade', 'churn'],
  plan: ['plan', 'tier', 'free', 'pro', 'enterprise', 'sla', 'contract', 'renew', 'renews', 'renewal'],
  csm: ['csm', 'manager', 'success'],
  promise: ['promise', 'promised', 'committed', 'commitment'],
};
const conceptOfWord = new Map<string, string>();
for (const [concept, words] of Object.entries(concepts)) for (const w of words) conceptOfWord.set(w, `#${concept}`);

// Ids, amounts and codes (inv-2026-0042, 4h) stay as written.
const stemOf = boundedMemo((word) => (/\d/.test(word) ? word.replace(/^0+(?=\d)/, '') : porterStem(word)), 200_000);

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’]s\b/g, '')
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

interface BodyTerms {
  terms: string[];
  saysWhen: boolean;
}

function bodyTerms(text: string, isQuery: boolean): BodyTerms {
  const terms: string[] = [];
  let saysWhen = false;
  // ISO dates also say their month, so "April" finds a memory dated 2026-04-12.
  for (const m of text.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g)) {
    const month = monthNames[Number(m[2]) - 1];
    if (month) terms.push(month);
    saysWhen = true;
  }
  for (const raw of wordsOf(text)) {
    const word = lemmaOf[raw] ?? raw;
    if (timeWords.has(raw) || /^(19|20)\d\d$/.test(raw)) saysWhen = true;
    if (stopWords.has(word) || (isQuery && questionFraming.has(word))) continue;
    if (word.length < 2 && !/\d/.test(word)) continue;
    terms.push(stemOf(word));
    const concept = conceptOfWord.get(word) ?? conceptOfWord.get(raw);
    if (concept) terms.push(concept);
  }
  return { terms, saysWhen };
}

// "Caroline: …", "Dana Lee: …": a short capitalised label before a colon names whose words these are
// (as plain words instead: −0.009).
const subjectField = /^\s*(\p{Lu}[\p{L}\p{M}'’.-]*(?:\s+\p{Lu}[\p{L}\p{M}'’.-]*){0,2})\s*:\s+/u;

export interface AnalyzedMemory {
  /** Term → frequency, including concept, subject and time terms. */
  terms: Map<string, number>;
  /** Body terms counted for length normalisation. */
  length: number;
  flags: number;
}

export function analyzeMemory(text: string): AnalyzedMemory {
  const subject = subjectField.exec(text);
  const body = bodyTerms(subject ? text.slice(subject[0].length) : text, false);
  const terms = new Map<string, number>();
  for (const t of body.terms) terms.set(t, (terms.get(t) ?? 0) + 1);
  if (subject) for (const w of wordsOf(subject[1]!)) terms.set(SUBJECT_PREFIX + stemOf(w), 1);
  if (body.saysWhen) terms.set(WHEN_TERM, 1);
  // "Ihre Kundenbetreuerin ist Dana Lee" shares no word with an English query or the policy-facts query's
  // "CSM customer success manager"; the concept term they share finds it.
  if (!terms.has(CSM_TERM) && speaksOfCsm(text)) terms.set(CSM_TERM, 1);
  return { terms, length: body.terms.length, flags: text.includes('?') ? FLAG_ASKS : 0 };
}

export interface QueryPlan {
  /** Term → weight before IDF. */
  terms: Map<string, number>;
  asksWhen: boolean;
}

export function analyzeQuery(text: string): QueryPlan {
  let terms = new Map<string, number>();
  for (const t of bodyTerms(text.slice(0, MAX_QUERY_CHARS), true).terms) terms.set(t, (terms.get(t) ?? 0) + 1);
  if (terms.size > MAX_QUERY_TERMS) {
    // A pasted log or long email: its most repeated words say what it is about (ties: first seen).
    terms = new Map([...terms].sort((a, b) => b[1] - a[1]).slice(0, MAX_QUERY_TERMS));
  }
  const asksWhen = /^\W*(when|how long|since when|(what|which) (year|month|date|day|time))\b/i.test(text);
  if (asksWhen) terms.set(WHEN_TERM, WHEN_WEIGHT);
  return { terms, asksWhen };
}

/**
 * The same analysis, kept for texts seen again: the policy-facts query runs in every turn, and a
 * scope's best memories are re-read for feedback at each of its searches. Analysis depends on the
 * text alone; what these return is shared, so callers only read it.
 */
export const rememberedQuery = boundedMemo(analyzeQuery, 1_000);
export const rememberedMemory = boundedMemo(analyzeMemory, 20_000);

// ---------- scoring ----------

/** A posting is two uint32s: the memory's number in its scope, then tf | length << 8 | flags << 24. */
export function packPosting(tf: number, length: number, flags: number): number {
  return (Math.min(tf, 255) | (Math.min(length, 0xffff) << 8) | ((flags & 0xff) << 24)) >>> 0;
}

/** What ranking needs from one scope's index; docnos number a scope's memories in insertion order. */
export interface ScopeIndex {
  /** Live memories in the scope. */
  readonly docs: number;
  /** Sum of their lengths. */
  readonly totalLength: number;
  /** Every docno is below this. */
  readonly docnoLimit: number;
  /** Ascending [docno, meta, docno, meta, …]; empty when the term is absent. */
  postings(term: string): Uint32Array;
  /** How many live memories hold the term (cheaper than postings() for big scopes). */
  documentFrequency(term: string): number;
  /** The analysed memories behind these docnos (for feedback); missing ones are skipped. */
  analyzed(docnos: number[]): AnalyzedMemory[];
}

export interface RankedDoc {
  docno: number;
  /** Raw score; higher is better. */
  score: number;
}

/** Maps a raw score into 0..1 for people and callers that compare scores. */
export function displayScore(raw: number): number {
  return Number((raw / (raw + 2)).toFixed(4));
}

/** Per-search working memory, sized to the scope: typed arrays so a 100k-memory scope stays fast. */
interface Workspace {
  /** BM25 so far, by docno. */
  scores: Float64Array;
  /** Posting flags of each touched memory. */
  flags: Uint8Array;
  /** When each memory was first touched (1, 2, 3…; 0 if not yet): the order its score is passed on in. */
  touchedAt: Int32Array;
  touchedCount: number;
  /** 1 where the memory's subject field is named in the query. */
  subject: Uint8Array;
  /** Whether any memory's is. */
  subjectNamed: boolean;
  /** 1 where a memory starts a new writing session. */
  sessionStart: Uint8Array;
}

function workspace(size: number): Workspace {
  return {
    scores: new Float64Array(size),
    flags: new Uint8Array(size),
    touchedAt: new Int32Array(size),
    touchedCount: 0,
    subject: new Uint8Array(size),
    subjectNamed: false,
    sessionStart: new Uint8Array(size),
  };
}

function idf(docs: number, df: number): number {
  return Math.log(1 + (docs - df + 0.5) / (df + 0.5));
}

function accumulate(ws: Workspace, postings: Uint32Array, weight: number, docs: number, avgLength: number): void {
  const df = postings.length >>> 1;
  if (df === 0 || weight <= 0) return;
  const w = weight * idf(docs, df) * (K1 + 1);
  const { scores, flags, touchedAt } = ws;
  const norm0 = K1 * (1 - B);
  const norm1 = (K1 * B) / avgLength;
  let count = ws.touchedCount;
  for (let j = 0; j < postings.length; j += 2) {
    const docno = postings[j]!;
    const meta = postings[j + 1]!;
    const tf = meta & 0xff;
    if (scores[docno] === 0) {
      touchedAt[docno] = ++count;
      flags[docno] = meta >>> 24;
    }
    scores[docno]! += (w * tf) / (tf + norm0 + norm1 * ((meta >>> 8) & 0xffff));
  }
  ws.touchedCount = count;
}

/**
 * The final score of each memory: its own BM25 (times the subject boost) plus a share of its
 * neighbours' within the same writing session. Returns the memories that score, best first
 * (newer first on ties), at most `limit`.
 *
 * One pass over the scope's arrays, newest first: a memory's total is its own score and
 * its neighbours' shares, added in the order those memories were first touched (as adding each
 * touched memory's score to itself and its neighbours would), so every total is the same number
 * to the last bit whichever way it is walked.
 */
function finalRanking(ws: Workspace, limit: number): RankedDoc[] {
  const { scores, flags, touchedAt, subject, sessionStart } = ws;
  const n = scores.length;
  const best = new TopK(limit);
  const boost = ws.subjectNamed ? 1 + SUBJECT_BOOST : 1;
  const ownOf = (d: number): number => (subject[d] ? scores[d]! * (1 + SUBJECT_BOOST) : scores[d]!);
  // Newest first: on a tie the newer memory ranks first, so a later one that ties the k-th best is
  // turned away at once (scopes of look-alike memories tie by the thousand).
  for (let d = n - 1; d >= 0; d--) {
    // At most this much (untouched memories score 0), up to rounding: most memories are skipped
    // on it, and only those that may reach the k-th best get their exact total.
    const bound = boost * (scores[d]! + FROM_PREVIOUS_QUESTION * (d > 0 ? scores[d - 1]! : 0) + FROM_NEXT * (d + 1 < n ? scores[d + 1]! : 0));
    if (!(bound > 0) || bound < best.floor) continue;
    const self = touchedAt[d]!;
    const prev = d > 0 && sessionStart[d] === 0 ? touchedAt[d - 1]! : 0;
    const next = d + 1 < n && sessionStart[d + 1] === 0 ? touchedAt[d + 1]! : 0;
    const fromSelf = self === 0 ? 0 : ownOf(d);
    const fromPrev = prev === 0 ? 0 : ownOf(d - 1) * (flags[d - 1]! & FLAG_ASKS ? FROM_PREVIOUS_QUESTION : FROM_PREVIOUS);
    const fromNext = next === 0 ? 0 : ownOf(d + 1) * FROM_NEXT;
    best.offer(d, sumInOrder(self, fromSelf, prev, fromPrev, next, fromNext));
  }
  return best.ranked();
}

/** a + b + c, added in the order of their keys (0: absent), as a running total would have. */
function sumInOrder(ka: number, a: number, kb: number, b: number, kc: number, c: number): number {
  let total = 0;
  for (let round = 0; round < 3; round++) {
    let k = 0;
    let v = 0;
    let which = 0;
    if (ka !== 0) (k = ka), (v = a), (which = 1);
    if (kb !== 0 && (k === 0 || kb < k)) (k = kb), (v = b), (which = 2);
    if (kc !== 0 && (k === 0 || kc < k)) (k = kc), (v = c), (which = 3);
    if (which === 0) break;
    total += v;
    if (which === 1) ka = 0;
    else if (which === 2) kb = 0;
    else kc = 0;
  }
  return total;
}

/** The best `limit` memories offered, by score, then by docno (newer first). */
class TopK {
  private readonly scores: Float64Array;
  private readonly docs: Int32Array;
  private size = 0;
  /** Scores below this cannot enter (0 until full): kept under the k-th best by a relative 1e-9, far more than rounding can move a sum. */
  floor = 0;
  constructor(private readonly limit: number) {
    this.scores = new Float64Array(limit);
    this.docs = new Int32Array(limit);
  }

  offer(d: number, s: number): void {
    if (!(s > 0)) return;
    const { scores, docs, limit } = this;
    if (this.size === limit) {
      const worst = scores[limit - 1]!;
      if (s < worst || (s === worst && d < docs[limit - 1]!)) return;
    } else {
      this.size++;
    }
    let i = this.size - 1;
    while (i > 0 && (s > scores[i - 1]! || (s === scores[i - 1] && d > docs[i - 1]!))) {
      scores[i] = scores[i - 1]!;
      docs[i] = docs[i - 1]!;
      i--;
    }
    scores[i] = s;
    docs[i] = d;
    if (this.size === limit) this.floor = scores[limit - 1]! * (1 - 1e-9);
  }

  ranked(): RankedDoc[] {
    return Array.from({ length: this.size }, (_, i) => ({ docno: this.docs[i]!, score: this.scores[i]! }));
  }
}

/** Ranks one scope's memories for a query. */
export function rankScope(query: string | QueryPlan, index: ScopeIndex, limit: number): RankedDoc[] {
  const plan = typeof query === 'string' ? rememberedQuery(query) : query;
  if (plan.terms.size === 0 || index.docs === 0 || limit <= 0) return [];
  const avgLength = index.totalLength / index.docs || 1;
  const ws = workspace(index.docnoLimit);
  for (const [term, weight] of plan.terms) {
    const subject = term.startsWith('#') ? undefined : index.postings(SUBJECT_PREFIX + term);
    const isSubject = subject !== undefined && subject.length > 0;
    if (isSubject) for (let j = 0; j < subject.length; j += 2) ws.subject[subject[j]!] = 1;
    if (isSubject) ws.subjectNamed = true;
    accumulate(ws, index.postings(term), isSubject ? weight * SUBJECT_WORD_WEIGHT : weight, index.docs, avgLength);
  }
  if (ws.touchedCount === 0) return [];
  const sessions = index.postings(SESSION_TERM);
  for (let j = 0; j < sessions.length; j += 2) ws.sessionStart[sessions[j]!] = 1;

  // Feedback: distinctive words shared by the best memories join the query at a low weight.
  // Only words rarer than FEEDBACK_MAX_SHARE of the scope: common ones add cost, not evidence.
  const first = finalRanking(ws, FEEDBACK_DOCS);
  const evidence = new Map<string, number>();
  const idfOf = new Map<string, number>();
  const maxDf = Math.max(2, index.docs * FEEDBACK_MAX_SHARE);
  for (const doc of index.analyzed(first.map((r) => r.docno))) {
    for (const term of doc.terms.keys()) {
      if (plan.terms.has(term) || term.startsWith('#') || term.startsWith(SUBJECT_PREFIX)) continue;
      let w = idfOf.get(term);
      if (w === undefined) {
        const df = index.documentFrequency(term);
        idfOf.set(term, (w = df > maxDf ? 0 : idf(index.docs, df)));
      }
      if (w > 0) evidence.set(term, (evidence.get(term) ?? 0) + w);
    }
  }
  const expansions = [...evidence].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, FEEDBACK_TERMS);
  const strongest = expansions[0]?.[1] ?? 1;
  for (const [term, w] of expansions) accumulate(ws, index.postings(term), (FEEDBACK_WEIGHT * w) / strongest, index.docs, avgLength);

  return finalRanking(ws, limit);
}

// ---------- in-memory ranking (small lists, tests, adapters without an index) ----------

export interface Rankable {
  text: string;
  created_at: string;
}

/**
 * Ranks a list of memories with the same scoring the SQLite index uses, taking them in the order
 * written (created_at). Returns those that score, best first; ties go to the newer.
 */
export function rankByRelevance<T extends Rankable>(query: string, candidates: T[], limit: number): (T & { score: number })[] {
  const order = candidates.map((c, i) => ({ c, i })).sort((a, b) => a.c.created_at.localeCompare(b.c.created_at) || a.i - b.i);
  // The same memories come back as candidates search after search (a scope's best ones): analysed once.
  const analyzed = order.map(({ c }) => rememberedMemory(c.text));
  const lists = new Map<string, number[]>();
  let totalLength = 0;
  const push = (term: string, docno: number, meta: number) => {
    let list = lists.get(term);
    if (!list) lists.set(term, (list = []));
    list.push(docno, meta);
  };
  analyzed.forEach((a, docno) => {
    totalLength += a.length;
    if (startsSession(order[docno - 1]?.c.created_at, order[docno]!.c.created_at)) push(SESSION_TERM, docno, packPosting(1, 0, 0));
    for (const [term, tf] of a.terms) push(term, docno, packPosting(tf, a.length, a.flags));
  });
  const index: ScopeIndex = {
    docs: analyzed.length,
    totalLength,
    docnoLimit: analyzed.length,
    postings: (term) => Uint32Array.from(lists.get(term) ?? []),
    documentFrequency: (term) => (lists.get(term)?.length ?? 0) / 2,
    analyzed: (docnos) => docnos.map((d) => analyzed[d]!).filter(Boolean),
  };
  return rankScope(query, index, limit).map((r) => ({ ...order[r.docno]!.c, score: displayScore(r.score) }));
}
